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
 * How a fenced write of one key ended, the {@code result} tag of the
 * {@code writethrough.fence} meter.
 *
 * @author write-through
 */
public enum FenceResult {

	/** Alone from its begin to its end: the value is cached. */
	STORED,

	/** Overlapped, but its version is the newest: the value is cached. */
	STORED_BY_VERSION,

	/** Another writer overlapped: the key was evicted. */
	OVERLAP,

	/** An eviction, or a value the cache could not take: the key was evicted. */
	EVICTED,

	/** Redis did not answer: the key was evicted, or remembered. */
	FAILED,

	/** The transaction rolled back: the fence was released. */
	ROLLED_BACK;

	/**
	 * The tag value of this result.
	 * @return the result in lower case, for example {@code stored_by_version}
	 */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

}
