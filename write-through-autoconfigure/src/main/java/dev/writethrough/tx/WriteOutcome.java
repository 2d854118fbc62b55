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

import java.util.Locale;

/**
 * What a write did to the cache, as reported by the {@code writethrough.write} timer's
 * {@code outcome} tag.
 *
 * @author write-through
 */
public enum WriteOutcome {

	/** The database committed and the cache holds the new value. */
	CACHED,

	/** The database committed and the key was evicted (or the write was an eviction). */
	EVICTED,

	/**
	 * The database committed but the cache could not be reached: the key waits in the
	 * pending-invalidation log.
	 */
	PENDING,

	/** The transaction rolled back: the cache was not touched. */
	ROLLED_BACK;

	/**
	 * The tag value of this outcome.
	 * @return the outcome in lower case, for example {@code rolled_back}
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * The worse of two outcomes, so a write of several keys reports its weakest result.
	 * @param other the other outcome
	 * @return the outcome further from {@link #CACHED}
	 */
	public WriteOutcome worst(WriteOutcome other) {
		return (other.ordinal() > ordinal()) ? other : this;
	}

}
