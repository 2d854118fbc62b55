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
package dev.writethrough.behind;

/**
 * Told what the flushers of write-behind caches do, for example to record metrics.
 * Implementations must be fast and must not throw.
 *
 * @author write-through
 */
public interface WriteBehindListener {

	/**
	 * A batch was written to the database, or its transaction failed.
	 * @param cacheName the cache
	 * @param size how many writes the batch's transaction carried
	 * @param nanos how long the transaction took
	 * @param succeeded whether it committed
	 */
	default void batchFlushed(String cacheName, int size, long nanos, boolean succeeded) {
	}

	/**
	 * Writes whose batch failed will be tried again.
	 * @param cacheName the cache
	 * @param writes how many
	 */
	default void retried(String cacheName, int writes) {
	}

	/**
	 * Writes the database kept refusing were parked in the dead-letter stream.
	 * @param cacheName the cache
	 * @param writes how many
	 */
	default void deadLettered(String cacheName, int writes) {
	}

}
