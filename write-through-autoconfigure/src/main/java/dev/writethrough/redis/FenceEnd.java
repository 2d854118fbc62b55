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

package dev.writethrough.redis;

/**
 * How {@code end-write} ended a committed write of one cache entry.
 *
 * @author write-through
 */
public enum FenceEnd {

	/** The value was stored: no other writer overlapped this one. */
	STORED,

	/**
	 * The value was stored although writers overlapped: its version is the newest and
	 * every writer that began has ended.
	 */
	STORED_BY_VERSION,

	/** The entry was deleted, so the next read loads it from the database. */
	DELETED,

	/**
	 * Redis did not take the mark or the end: the caller must evict the key (or remember
	 * it) itself.
	 */
	FAILED

}
