/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.writethrough.tx;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The cache writes of one call of an annotated method, as the interceptor reads them from
 * its annotations: what is known before the call runs, and what the call made.
 *
 * @author write-through
 */
public interface CacheWritePlan {

	/**
	 * The writes whose keys do not depend on the result: their fence is sent before the
	 * call runs and travels while it works.
	 * @return the writes known before the call (their kind does not matter)
	 */
	List<CacheKeyWrite> keysKnownBeforeTheCall();

	/**
	 * The writes the call made.
	 * @param result what it returned
	 * @return the writes
	 */
	List<CacheKeyWrite> writesAfter(@Nullable Object result);

	/**
	 * The evictions due when the call threw, for the keys known without a result: if its
	 * transaction commits after all, nothing stale stays cached.
	 * @return the evictions
	 */
	List<CacheKeyWrite> evictionsAfterFailure();

}
