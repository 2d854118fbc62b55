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

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.WriteBehindQueueFullException;
import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.RedisFailure;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;

/**
 * The queues of the write-behind caches, by cache name, and the one way writes enter
 * them: the cache and the queue change in one atomic step, or neither does.
 *
 * @author write-through
 */
final class WriteBehindQueueRegistry implements WriteBehindQueues {

	private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

	private final Map<String, Entry> queues = new LinkedHashMap<>();

	@Override
	public void register(WriteBehindQueue queue, WriteBehindSettings settings) {
		Assert.notNull(queue, "queue must not be null");
		Assert.notNull(settings, "settings must not be null");
		// Sealed: the one implementation, whose partitions the flushers drain.
		this.queues.put(queue.getCache().getName(), new Entry((RedisWriteBehindQueue) queue, settings));
	}

	@Override
	public @Nullable WriteBehindQueue get(String cacheName) {
		Entry entry = this.queues.get(cacheName);
		return (entry != null) ? entry.queue() : null;
	}

	@Override
	public @Nullable WriteBehindSettings settings(String cacheName) {
		Entry entry = this.queues.get(cacheName);
		return (entry != null) ? entry.settings() : null;
	}

	/**
	 * The write-behind caches' queues.
	 * @return the queues
	 */
	// The flushers' view: the queues with their partitions.
	Collection<RedisWriteBehindQueue> redisQueues() {
		return this.queues.values().stream().map(Entry::queue).toList();
	}

	@Override
	public Collection<WriteBehindQueue> all() {
		return Collections.unmodifiableCollection(this.queues.values().stream().map(Entry::queue).toList());
	}

	@Override
	public void enqueue(WriteThroughCache cache, Object key, @Nullable Object value, boolean delete) {
		Entry entry = this.queues.get(cache.getName());
		Assert.state(entry != null, () -> "Cache '" + cache.getName() + "' is not a write-behind cache");
		WriteBehindSettings settings = entry.settings();
		if (enqueue(entry, cache, key, value, delete)) {
			return;
		}
		Duration waited = Duration.ZERO;
		if (settings.blockWhenFull()) {
			long start = System.nanoTime();
			long deadline = start + settings.blockTimeout().toNanos();
			long pause = TimeUnit.MILLISECONDS.toNanos(1);
			while (System.nanoTime() < deadline) {
				try {
					TimeUnit.NANOSECONDS.sleep(Math.min(pause, Math.max(1, deadline - System.nanoTime())));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					break;
				}
				if (enqueue(entry, cache, key, value, delete)) {
					return;
				}
				pause = Math.min(pause * 2, MAX_PAUSE_NANOS);
			}
			waited = Duration.ofNanos(System.nanoTime() - start);
		}
		throw new WriteBehindQueueFullException("Write refused: the write-behind queue of cache '" + cache.getName()
				+ "' holds " + settings.maxPending() + " writes not yet in the database (write-behind.max-pending)"
				+ (settings.blockWhenFull() ? " and had no room after waiting " + waited.toMillis() + " ms" : "")
				+ ". Nothing was written for key '" + key + "'. Retry later, or let the flushers catch up: raise"
				+ " write-behind.batch-size, check the writer and the database, or raise write-behind.max-pending");
	}

	private static boolean enqueue(Entry entry, WriteThroughCache cache, Object key, @Nullable Object value,
			boolean delete) {
		try {
			return entry.queue().enqueue(key, value, delete, entry.settings().maxPending());
		}
		catch (DataAccessException ex) {
			throw new CacheUnavailableException(
					"Write refused: write-behind cache '" + cache.getName()
							+ "' keeps its queue in Redis, which did not take the write. Nothing was written for key '"
							+ key + "', neither to the cache nor to the database. " + RedisFailure.of(ex).describe(),
					ex);
		}
	}

	private record Entry(RedisWriteBehindQueue queue, WriteBehindSettings settings) {

	}

	@Override
	public SmartLifecycle flushers(Function<String, WriteBehindWriter<Object, Object>> writers,
			TransactionOperations transactions, WriteBehindListener listener) {
		return new WriteBehindFlushers(this, writers, transactions, listener);
	}

}
