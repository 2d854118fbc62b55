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

package dev.writethrough;

/**
 * How writes reach a cache.
 *
 * @author write-through
 */
public enum WriteStrategy {

	/**
	 * The database commits first, then the cache is updated through the per-key fence
	 * (the default).
	 */
	WRITE_THROUGH,

	/**
	 * The cache is updated at once and the change is queued, in the same atomic step, in
	 * a Redis stream; flushers write the queue to the database later, in batches, through
	 * a {@link WriteBehindWriter}. The caller does not wait for the database. Durability
	 * is Redis's: without an append-only file a Redis crash loses queued writes.
	 */
	WRITE_BEHIND,

	/**
	 * The database commits and the key is evicted after the commit (through the same
	 * fence as write-through, so a fill cannot bring back an older value); the next read
	 * fills it.
	 */
	WRITE_AROUND

}
