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

import java.util.Collection;
import java.util.function.Function;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.WriteBehindQueueFullException;
import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteThroughCache;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The queues of the write-behind caches, by cache name, and the one way writes enter
 * them: the cache and the queue change in one atomic step, or neither does.
 *
 * @author write-through
 */
public sealed interface WriteBehindQueues permits WriteBehindQueueRegistry {

	/**
	 * Registers the queue of a write-behind cache.
	 * @param queue the queue
	 * @param settings the cache's write-behind settings
	 */
	void register(WriteBehindQueue queue, WriteBehindSettings settings);

	/**
	 * The queue of a write-behind cache.
	 * @param cacheName the cache name
	 * @return its queue, or {@code null} if it is not a write-behind cache
	 */
	@Nullable WriteBehindQueue get(String cacheName);

	/**
	 * The settings of a write-behind cache.
	 * @param cacheName the cache name
	 * @return its settings, or {@code null} if it is not a write-behind cache
	 */
	@Nullable WriteBehindSettings settings(String cacheName);

	/**
	 * The write-behind caches' queues.
	 * @return the queues
	 */
	Collection<WriteBehindQueue> all();

	/**
	 * Writes a value to a write-behind cache and queues it for the database; when the
	 * queue is full, waits for room or fails, as the cache's settings say.
	 * @param cache the cache
	 * @param key the key
	 * @param value the value, ignored for a delete
	 * @param delete whether the write deletes the key's row
	 * @throws WriteBehindQueueFullException if the queue stays full
	 * @throws IllegalStateException if the cache is not a write-behind cache
	 * @throws CacheUnavailableException if Redis does not answer (nothing was queued)
	 */
	void enqueue(WriteThroughCache cache, Object key, @Nullable Object value, boolean delete);

	/**
	 * The flushers that drain these queues into the database, one per cache, started and
	 * stopped with the application context.
	 * @param writers the writer of each cache, by cache name
	 * @param transactions runs each batch in a transaction
	 * @param listener told what the flushers do
	 * @return the flushers' lifecycle
	 */
	SmartLifecycle flushers(Function<String, WriteBehindWriter<Object, Object>> writers,
			TransactionOperations transactions, WriteBehindListener listener);

	/**
	 * Finds the writer a cache's configuration names: a {@link WriteBehindWriter} bean,
	 * or {@code bean.method}, a method of one parameter called once per value.
	 * @param cacheName the cache
	 * @param writer the configured name
	 * @param beans the beans by name (a bean factory's {@code getBean})
	 * @param containsBean whether a bean of that name exists
	 * @return the writer
	 * @throws IllegalStateException if the name is missing or names nothing usable
	 */
	static WriteBehindWriter<Object, Object> writer(String cacheName, @Nullable String writer,
			Function<String, Object> beans, Function<String, Boolean> containsBean) {
		return WriteBehindFlushers.resolveWriter(cacheName, writer, beans, containsBean);
	}

	/**
	 * Create an empty set of queues, to {@link #register} each write-behind cache's in.
	 * @return the queues
	 */
	static WriteBehindQueues create() {
		return new WriteBehindQueueRegistry();
	}

}
