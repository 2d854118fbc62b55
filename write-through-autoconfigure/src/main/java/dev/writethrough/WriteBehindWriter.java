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

import java.util.Map;
import java.util.Set;

/**
 * Writes the queued writes of a write-behind cache to the database. Name the bean under
 * {@code write-through.caches.<name>.write-behind.writer}.
 * <p>
 * A flusher calls {@link #write} and then {@link #delete} once per batch, inside one
 * transaction of the application's transaction manager: if either throws, the whole batch
 * is rolled back and tried again later (with backoff, then parked in the dead-letter
 * stream). A batch may therefore be written more than once: both methods must be
 * idempotent (an upsert, a delete of what may already be gone). Several writes of one key
 * arrive coalesced into the last one.
 *
 * @param <K> the type of the cache's keys
 * @param <V> the type of the cache's values
 * @author write-through
 */
@FunctionalInterface
public interface WriteBehindWriter<K, V> {

	/**
	 * Inserts or updates the rows of a batch.
	 * @param values the last value written to each key, in the order the keys were last
	 * written
	 */
	void write(Map<K, V> values);

	/**
	 * Deletes the rows of the keys whose last write in a batch was an eviction
	 * ({@code @WriteThroughEvict}). The default refuses, so a write-behind cache whose
	 * writer cannot delete parks such writes in the dead-letter stream.
	 * @param keys the keys to delete
	 */
	default void delete(Set<K> keys) {
		throw new UnsupportedOperationException(getClass().getName()
				+ " cannot delete rows: implement WriteBehindWriter.delete(Set) to evict from a write-behind cache");
	}

}
