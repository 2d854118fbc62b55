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
import java.util.List;
import java.util.Map;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.CacheKeys;
import dev.writethrough.redis.RedisCircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis I/O of one write-behind cache: its queue, partitioned over
 * {@link CacheKeys#partitions()} streams of distinct hash tags (see {@link CacheKeys}),
 * each read through its own consumer group, with the latest queued write of each key, the
 * keys flushers hold and a dead-letter stream per partition. A key always maps to one
 * partition, and a partition shares the hash slot of its entries, so each script is
 * atomic on Redis Cluster too and the writes of one key keep their order.
 * <p>
 * The numbers of partitions the cache has been started with are recorded in Redis
 * ({@code <prefix>{<cache name>}#partitions}); the streams of another number (an earlier
 * start's, or the one stream from before partitions existed) are drained at start by
 * {@link WriteBehindFlushers} before this instance flushes its own.
 *
 * @author write-through
 */
public sealed interface WriteBehindQueue permits RedisWriteBehindQueue {

	/**
	 * The cache whose writes this queue holds.
	 * @return the cache
	 */
	WriteThroughCache getCache();

	/**
	 * How many partitions (streams) the queue has.
	 * @return the number of partitions
	 */
	int partitions();

	/**
	 * Applies a write to the cache and queues it in its key's partition, atomically. With
	 * several partitions, the limit is the queue's total: the other partitions are
	 * counted as this instance last saw them (its flushers look at each one every flush
	 * interval), and read afresh before a write is refused.
	 * @param key the cache key
	 * @param value the value to cache and write, or {@code null} with {@code delete}
	 * @param delete whether the write deletes the key's row
	 * @param maxPending the most writes the queue may hold
	 * @return {@code true} if queued, {@code false} if the queue is full (nothing
	 * changed)
	 * @throws RuntimeException if the value cannot be serialized or Redis does not answer
	 */
	boolean enqueue(Object key, @Nullable Object value, boolean delete, long maxPending);

	/**
	 * Moves parked writes back to the queue, except those whose key has a later write
	 * queued.
	 * @param maxPending the most writes the queue may hold
	 * @return how many were queued again and how many skipped
	 */
	ReplayResult replay(long maxPending);

	/**
	 * How many writes the queue holds (not yet in the database), over all its partitions
	 * and the streams of an earlier layout still being drained.
	 * @return the queue's length
	 */
	long depth();

	/**
	 * How many writes are parked in the dead-letter streams.
	 * @return the dead-letter streams' length
	 */
	long deadLetters();

	/**
	 * The parked writes, oldest first.
	 * @param limit the most to return
	 * @return per parked write: its key, operation, error and attempts
	 */
	List<Map<String, Object>> deadLetterDetails(int limit);

	/**
	 * How old the oldest write not yet in the database is, over all partitions.
	 * @return its age, zero when the queue is empty
	 */
	Duration lag();

	/**
	 * Reads Redis's {@code appendonly} setting.
	 * @return the setting, or {@code null} if Redis does not tell (CONFIG disabled)
	 */
	@Nullable String appendOnly();

	/**
	 * Create the queue of a write-behind cache.
	 * @param cache the write-behind cache
	 * @param connectionFactory where connections to the cache's Redis come from
	 * @param circuitBreaker when to stop waiting on Redis, shared with the cache
	 * @return the queue
	 */
	static WriteBehindQueue create(WriteThroughCache cache, RedisConnectionFactory connectionFactory,
			RedisCircuitBreaker circuitBreaker) {
		return new RedisWriteBehindQueue(cache, connectionFactory, circuitBreaker);
	}

	/**
	 * What a replay of the dead-letter stream did.
	 *
	 * @param replayed writes queued again
	 * @param skipped writes dropped because a later write of their key is queued
	 * @param full writes left parked because the queue was full
	 */
	record ReplayResult(int replayed, int skipped, int full) {

	}

}
