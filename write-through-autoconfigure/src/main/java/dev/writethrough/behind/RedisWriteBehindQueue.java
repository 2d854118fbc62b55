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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.CacheKeys;
import dev.writethrough.redis.RedisCircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.util.Assert;

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
final class RedisWriteBehindQueue implements WriteBehindQueue {

	static final String GROUP = WriteBehindPartition.GROUP;

	private final WriteThroughCache cache;

	private final WriteBehindRedis redis;

	private final List<WriteBehindPartition> partitions;

	private final byte[] registryKey;

	// Retired partitions still being drained: counted in the queue's figures.
	private final List<WriteBehindPartition> draining = new CopyOnWriteArrayList<>();

	/**
	 * Create a new instance.
	 * @param cache the write-behind cache
	 * @param connectionFactory where connections to the cache's Redis come from
	 * @param circuitBreaker when to stop waiting on Redis, shared with the cache
	 */
	RedisWriteBehindQueue(WriteThroughCache cache, RedisConnectionFactory connectionFactory,
			RedisCircuitBreaker circuitBreaker) {
		Assert.notNull(cache, "cache must not be null");
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(circuitBreaker, "circuitBreaker must not be null");
		this.cache = cache;
		this.redis = new WriteBehindRedis(connectionFactory, circuitBreaker);
		CacheKeys keys = cache.getKeys();
		List<WriteBehindPartition> partitions = new ArrayList<>();
		for (int i = 0; i < keys.partitions(); i++) {
			partitions.add(new WriteBehindPartition(cache, this.redis, keys, i, false));
		}
		this.partitions = List.copyOf(partitions);
		this.registryKey = keys.structure("partitions");
	}

	@Override
	public WriteThroughCache getCache() {
		return this.cache;
	}

	@Override
	public int partitions() {
		return this.partitions.size();
	}

	List<WriteBehindPartition> partitionList() {
		return this.partitions;
	}

	@Override
	public boolean enqueue(Object key, @Nullable Object value, boolean delete, long maxPending) {
		WriteBehindPartition partition = partitionOf(key);
		if (partition.enqueue(key, value, delete, maxPending - othersLength(partition))) {
			return true;
		}
		if (this.partitions.size() == 1) {
			return false;
		}
		this.partitions.forEach(WriteBehindPartition::depth);
		long room = maxPending - othersLength(partition);
		return room > partition.lastSeenLength() && partition.enqueue(key, value, delete, room);
	}

	private WriteBehindPartition partitionOf(Object key) {
		CacheKeys keys = this.cache.getKeys();
		return this.partitions.get(keys.partition(keys.keyString(key)));
	}

	private long othersLength(WriteBehindPartition partition) {
		long others = 0;
		for (WriteBehindPartition other : this.partitions) {
			if (other != partition) {
				others += other.lastSeenLength();
			}
		}
		return others;
	}

	@Override
	public ReplayResult replay(long maxPending) {
		int replayed = 0;
		int skipped = 0;
		int full = 0;
		for (WriteBehindPartition partition : this.partitions) {
			for (ByteRecord record : partition.parked(-1)) {
				long result = partition.replay(record, maxPending - othersLength(partition));
				if (result < 0) {
					full++;
				}
				else if (result == 1) {
					replayed++;
				}
				else {
					skipped++;
				}
			}
		}
		return new ReplayResult(replayed, skipped, full);
	}

	@Override
	public long depth() {
		long depth = 0;
		for (WriteBehindPartition partition : this.partitions) {
			depth += partition.depth();
		}
		for (WriteBehindPartition partition : this.draining) {
			depth += partition.depth();
		}
		return depth;
	}

	@Override
	public long deadLetters() {
		long parked = 0;
		for (WriteBehindPartition partition : this.partitions) {
			parked += partition.deadLetters();
		}
		return parked;
	}

	@Override
	public List<Map<String, Object>> deadLetterDetails(int limit) {
		List<ByteRecord> parked = new ArrayList<>();
		for (WriteBehindPartition partition : this.partitions) {
			parked.addAll(partition.parked(limit));
		}
		parked.sort(Comparator.comparing((ByteRecord record) -> record.getId().getTimestamp())
			.thenComparing((record) -> record.getId().getSequence()));
		List<Map<String, Object>> details = new ArrayList<>();
		for (ByteRecord record : parked.subList(0, Math.min(limit, parked.size()))) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("id", record.getId().getValue());
			record.getValue().forEach((field, value) -> {
				String name = WriteBehindPartition.string(field);
				if (name.equals("k") || name.equals("op") || name.equals("error") || name.equals("attempts")) {
					detail.put(name.equals("k") ? "key" : name, WriteBehindPartition.string(value));
				}
			});
			details.add(detail);
		}
		return details;
	}

	@Override
	public Duration lag() {
		Long oldest = null;
		for (WriteBehindPartition partition : this.partitions) {
			Long first = partition.oldest();
			if (first != null && (oldest == null || first < oldest)) {
				oldest = first;
			}
		}
		if (oldest == null) {
			return Duration.ZERO;
		}
		long now = execute((connection) -> connection.serverCommands().time());
		return Duration.ofMillis(Math.max(0, now - oldest));
	}

	@Override
	public @Nullable String appendOnly() {
		try {
			return execute(
					(connection) -> connection.serverCommands().getConfig("appendonly").getProperty("appendonly"));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Records this layout's number of partitions in Redis and returns the partitions of
	 * every other number recorded (with none recorded, the one stream from before
	 * partitions existed), to be drained before this instance flushes its own.
	 * @return the retired partitions by their number of partitions
	 */
	Map<Integer, List<WriteBehindPartition>> retiredLayouts() {
		Set<byte[]> members = execute((connection) -> connection.setCommands().sMembers(this.registryKey));
		Set<Integer> counts = new TreeSet<>();
		if (members != null) {
			members.forEach((member) -> counts.add(Integer.valueOf(WriteBehindPartition.string(member))));
		}
		if (counts.isEmpty()) {
			counts.add(1);
		}
		counts.remove(partitions());
		execute((connection) -> connection.setCommands()
			.sAdd(this.registryKey, WriteBehindPartition.number(partitions())));
		Map<Integer, List<WriteBehindPartition>> retired = new TreeMap<>();
		for (int count : counts) {
			CacheKeys layout = this.cache.getKeys().withPartitions(count);
			List<WriteBehindPartition> partitions = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				partitions.add(new WriteBehindPartition(this.cache, this.redis, layout, i, true));
			}
			retired.put(count, partitions);
		}
		return retired;
	}

	/**
	 * Counts a retired partition's writes in the queue's figures while it is drained.
	 * @param partition the retired partition
	 */
	void draining(WriteBehindPartition partition) {
		this.draining.add(partition);
	}

	/**
	 * Ends a drained layout: moves its parked writes to the partitions of their keys,
	 * evicts what is left of its entries, deletes its structures and drops it from the
	 * record.
	 * @param count its number of partitions
	 * @param retired its partitions, each drained
	 */
	void retire(int count, List<WriteBehindPartition> retired) {
		for (WriteBehindPartition partition : retired) {
			for (ByteRecord record : partition.parked(-1)) {
				byte[] key = record.getValue()
					.entrySet()
					.stream()
					.filter((field) -> WriteBehindPartition.string(field.getKey()).equals("k"))
					.map(Map.Entry::getValue)
					.findFirst()
					.orElse(null);
				if (key != null) {
					partitionOf(WriteBehindPartition.string(key)).park(record.getValue());
				}
				partition.unpark(record.getId());
			}
		}
		for (byte[] pattern : retired.get(0).layout().entryPatterns()) {
			this.cache.getNativeCache().deleteMatchingFlushed(pattern);
		}
		retired.forEach(WriteBehindPartition::delete);
		this.draining.removeAll(retired);
		if (count != partitions()) {
			execute((connection) -> connection.setCommands()
				.sRem(this.registryKey, WriteBehindPartition.number(count)));
		}
	}

	private <T> T execute(Function<RedisConnection, T> action) {
		return this.redis.execute(action);
	}

}
