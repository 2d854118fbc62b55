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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.CacheKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis I/O of one partition of a write-behind cache's queue: its stream (read
 * through a consumer group), the latest queued write of each of its keys, the keys
 * flushers hold, and its dead-letter stream. All of it shares the hash slot of the
 * partition's entries, so each script is atomic on Redis Cluster too.
 * <p>
 * A retired partition belongs to a layout of another number of partitions (one this
 * instance no longer writes to): it is only drained, and each value it flushes is
 * evicted, since its entry key is not the one reads look at any more.
 *
 * @author write-through
 */
final class WriteBehindPartition {

	static final String GROUP = "write-through-flushers";

	private static final RedisScript<Long> ENQUEUE = script("enqueue.lua", Long.class);

	private static final RedisScript<List> TAKE = script("take.lua", List.class);

	private static final RedisScript<List> CLAIM_KEYS = script("claim-keys.lua", List.class);

	private static final RedisScript<Long> COMPLETE = script("complete.lua", Long.class);

	private static final RedisScript<Long> RELEASE_KEYS = script("release-keys.lua", Long.class);

	private static final RedisScript<Long> REPLAY = script("replay.lua", Long.class);

	static final byte[] PUT = bytes("put");

	static final byte[] DELETE = bytes("delete");

	private final WriteThroughCache cache;

	private final WriteBehindRedis redis;

	private final CacheKeys layout;

	private final int index;

	private final boolean retired;

	private final byte[] queueKey;

	private final byte[] latestKey;

	private final byte[] heldKey;

	private final byte[] deadKey;

	// The stream's length as this instance last saw it, to keep the queue's total under
	// its limit without reading every partition on each write.
	private volatile long length;

	WriteBehindPartition(WriteThroughCache cache, WriteBehindRedis redis, CacheKeys layout, int index,
			boolean retired) {
		this.cache = cache;
		this.redis = redis;
		this.layout = layout;
		this.index = index;
		this.retired = retired;
		this.queueKey = layout.structure(index, "queue");
		this.latestKey = layout.structure(index, "latest");
		this.heldKey = layout.structure(index, "held");
		this.deadKey = layout.structure(index, "dead");
	}

	WriteThroughCache getCache() {
		return this.cache;
	}

	int index() {
		return this.index;
	}

	boolean isRetired() {
		return this.retired;
	}

	CacheKeys layout() {
		return this.layout;
	}

	String describe() {
		return "partition " + this.index + " of " + this.layout.partitions() + " (" + string(this.queueKey) + ")";
	}

	long lastSeenLength() {
		return this.length;
	}

	/**
	 * Applies a write to the cache and queues it, atomically.
	 * @param key the cache key
	 * @param value the value, or {@code null} with {@code delete}
	 * @param delete whether the write deletes the key's row
	 * @param room the most writes this partition may hold now
	 * @return {@code true} if queued, {@code false} if the partition is full (nothing
	 * changed)
	 */
	boolean enqueue(Object key, @Nullable Object value, boolean delete, long room) {
		byte[] serializedValue = this.cache.serialize(delete ? null : value);
		Long result = eval(ENQUEUE, entryKeys(key), bytes(this.layout.keyString(key)), this.cache.serialize(key),
				delete ? DELETE : PUT, serializedValue, number(room));
		long answer = (result != null) ? result : -1;
		this.length = (answer > 0) ? answer : -1 - answer;
		return answer > 0;
	}

	/**
	 * Takes a flusher's next batch: its own unacknowledged entries first (unless
	 * {@code skipOwn}), then entries another flusher left unacknowledged for longer than
	 * the claim timeout, then new ones.
	 * @param consumer the flusher's consumer name
	 * @param count the batch size
	 * @param claimTimeout how long another flusher's entries must stay unacknowledged
	 * before they are taken over
	 * @param skipOwn whether to leave the flusher's own unacknowledged entries (writes it
	 * retries with their own backoff) and take new ones
	 * @return the batch, possibly empty
	 */
	Batch take(String consumer, int count, Duration claimTimeout, boolean skipOwn) {
		List<?> result = eval(TAKE, new byte[][] { this.queueKey }, bytes(GROUP), bytes(consumer), number(count),
				number(claimTimeout.toMillis()), bytes(skipOwn ? "1" : "0"));
		long source = (Long) result.get(0);
		if (result.size() > 2) {
			this.length = (Long) result.get(2);
		}
		List<QueuedWrite> writes = new ArrayList<>();
		List<String> emptyIds = new ArrayList<>();
		for (Object element : (List<?>) result.get(1)) {
			List<?> entry = (List<?>) element;
			String id = string((byte[]) entry.get(0));
			Object fields = entry.get(1);
			if (!(fields instanceof List<?> list) || list.isEmpty()) {
				emptyIds.add(id);
				continue;
			}
			Map<String, byte[]> map = new LinkedHashMap<>();
			for (int i = 0; i + 1 < list.size(); i += 2) {
				map.put(string((byte[]) list.get(i)), (byte[]) list.get(i + 1));
			}
			writes.add(new QueuedWrite(this, id, string(map.get("k")), map.get("kb"),
					Arrays.equals(map.get("op"), DELETE), map.get("v")));
		}
		return new Batch((source == 2), writes, emptyIds);
	}

	/**
	 * Holds the keys of a batch for one flusher (see {@code claim-keys.lua}).
	 * @param consumer the flusher's consumer name
	 * @param writes the batch
	 * @param holdFor how long the flusher may hold the keys
	 * @return per write: 1 write it, 0 superseded, 2 held by another flusher
	 */
	List<Long> claimKeys(String consumer, List<QueuedWrite> writes, Duration holdFor) {
		List<byte[]> arguments = new ArrayList<>(2 + writes.size() * 2);
		arguments.add(bytes(consumer));
		arguments.add(number(holdFor.toMillis()));
		for (QueuedWrite write : writes) {
			arguments.add(bytes(write.key()));
			arguments.add(bytes(write.id()));
		}
		List<?> result = eval(CLAIM_KEYS, new byte[][] { this.latestKey, this.heldKey },
				arguments.toArray(byte[][]::new));
		return result.stream().map((status) -> (Long) status).toList();
	}

	/**
	 * Ends a batch (see {@code complete.lua}).
	 * @param consumer the flusher's consumer name
	 * @param finished the writes the database took (or that are parked)
	 * @param keep whether their values stay cached
	 * @param acknowledged the ids of every entry to acknowledge and delete
	 */
	void complete(String consumer, List<QueuedWrite> finished, boolean keep, List<String> acknowledged) {
		List<byte[]> keys = new ArrayList<>(3 + finished.size() * 2);
		keys.add(this.latestKey);
		keys.add(this.heldKey);
		keys.add(this.queueKey);
		List<byte[]> arguments = new ArrayList<>();
		arguments.add(bytes(consumer));
		arguments.add(bytes(GROUP));
		arguments.add(number(this.cache.getTtl().toMillis()));
		arguments.add(bytes(keep ? "1" : "0"));
		arguments.add(number(finished.size()));
		for (QueuedWrite write : finished) {
			keys.add(this.layout.entry(write.key()));
			keys.add(this.layout.writers(write.key()));
			arguments.add(bytes(write.key()));
			arguments.add(bytes(write.id()));
			arguments.add(write.value());
		}
		acknowledged.forEach((id) -> arguments.add(bytes(id)));
		eval(COMPLETE, keys.toArray(byte[][]::new), arguments.toArray(byte[][]::new));
	}

	/**
	 * Releases the keys of a batch the database did not take.
	 * @param consumer the flusher's consumer name
	 * @param writes the writes whose keys the flusher held
	 */
	void release(String consumer, List<QueuedWrite> writes) {
		List<byte[]> arguments = new ArrayList<>();
		arguments.add(bytes(consumer));
		writes.forEach((write) -> arguments.add(bytes(write.key())));
		eval(RELEASE_KEYS, new byte[][] { this.heldKey }, arguments.toArray(byte[][]::new));
	}

	/**
	 * Parks writes the database keeps refusing in the dead-letter stream, evicting their
	 * keys (the database does not hold those values), and acknowledges them.
	 * @param consumer the flusher's consumer name
	 * @param writes the writes to park
	 * @param error why the database refused them
	 * @param attempts how many times they were tried
	 */
	void deadLetter(String consumer, List<QueuedWrite> writes, String error, int attempts) {
		execute((connection) -> {
			for (QueuedWrite write : writes) {
				Map<byte[], byte[]> fields = new LinkedHashMap<>();
				fields.put(bytes("k"), bytes(write.key()));
				fields.put(bytes("kb"), write.serializedKey());
				fields.put(bytes("op"), write.delete() ? DELETE : PUT);
				fields.put(bytes("v"), write.value());
				fields.put(bytes("id"), bytes(write.id()));
				fields.put(bytes("error"), bytes(error));
				fields.put(bytes("attempts"), number(attempts));
				connection.streamCommands().xAdd(StreamRecords.newRecord().in(this.deadKey).ofMap(fields));
			}
			return null;
		});
		complete(consumer, writes, false, writes.stream().map(QueuedWrite::id).toList());
	}

	/**
	 * Parks a write as it was parked in another partition (whose layout is retired).
	 * @param fields the parked entry's fields
	 */
	void park(Map<byte[], byte[]> fields) {
		execute((connection) -> connection.streamCommands()
			.xAdd(StreamRecords.newRecord().in(this.deadKey).ofMap(fields)));
	}

	/**
	 * The parked writes, oldest first.
	 * @param limit the most to return, or -1 for all
	 * @return the parked entries
	 */
	List<ByteRecord> parked(int limit) {
		List<ByteRecord> parked = execute((connection) -> connection.streamCommands()
			.xRange(this.deadKey, Range.unbounded(), (limit < 0) ? Limit.unlimited() : Limit.limit().count(limit)));
		return (parked != null) ? parked : List.of();
	}

	/**
	 * Moves one parked write back to this partition's queue (see {@code replay.lua}).
	 * @param record the parked entry
	 * @param room the most writes this partition may hold now
	 * @return 1 queued again, 0 skipped (a later write is queued), -1 the partition is
	 * full
	 */
	long replay(ByteRecord record, long room) {
		Map<String, byte[]> fields = new LinkedHashMap<>();
		record.getValue().forEach((field, value) -> fields.put(string(field), value));
		String keyString = string(fields.get("k"));
		byte[][] keys = { this.layout.entry(keyString), this.layout.writers(keyString), this.layout.lease(keyString),
				this.queueKey, this.latestKey, this.deadKey };
		Long result = eval(REPLAY, keys, fields.get("k"), fields.get("kb"), fields.get("op"), fields.get("v"),
				number(room), bytes(record.getId().getValue()));
		return (result != null) ? result : -1;
	}

	/**
	 * Deletes a parked write.
	 * @param id its id in the dead-letter stream
	 */
	void unpark(RecordId id) {
		execute((connection) -> connection.streamCommands().xDel(this.deadKey, id));
	}

	/**
	 * How many writes the partition holds (not yet in the database).
	 * @return the stream's length
	 */
	long depth() {
		Long length = execute((connection) -> connection.streamCommands().xLen(this.queueKey));
		this.length = (length != null) ? length : 0;
		return this.length;
	}

	/**
	 * How many writes are parked in the partition's dead-letter stream.
	 * @return the dead-letter stream's length
	 */
	long deadLetters() {
		Long length = execute((connection) -> connection.streamCommands().xLen(this.deadKey));
		return (length != null) ? length : 0;
	}

	/**
	 * When the oldest write not yet in the database was queued.
	 * @return its time in ms since the epoch, by the Redis clock, or {@code null} when
	 * the partition is empty
	 */
	@Nullable Long oldest() {
		List<ByteRecord> oldest = execute((connection) -> connection.streamCommands()
			.xRange(this.queueKey, Range.unbounded(), Limit.limit().count(1)));
		if (oldest == null || oldest.isEmpty()) {
			return null;
		}
		return oldest.get(0).getId().getTimestamp();
	}

	/**
	 * Deletes the partition's structures, once it is drained and its parked writes are
	 * moved.
	 */
	void delete() {
		execute((connection) -> connection.keyCommands()
			.del(this.queueKey, this.latestKey, this.heldKey, this.deadKey));
	}

	<T> T execute(Function<RedisConnection, T> action) {
		return this.redis.execute(action);
	}

	private byte[][] entryKeys(Object key) {
		return new byte[][] { this.layout.entry(key), this.layout.writers(key), this.layout.lease(key), this.queueKey,
				this.latestKey };
	}

	private <T> T eval(RedisScript<T> script, byte[][] keys, byte[]... arguments) {
		return this.redis.eval(script, keys, arguments);
	}

	static byte[] bytes(String string) {
		return string.getBytes(StandardCharsets.UTF_8);
	}

	static String string(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return WriteBehindRedis.script(name, resultType);
	}

	/**
	 * A batch taken from a partition.
	 *
	 * @param takenOver whether it was taken over from a flusher that stopped answering
	 * @param writes its writes, oldest first
	 * @param emptyIds ids of entries deleted meanwhile, to acknowledge
	 */
	record Batch(boolean takenOver, List<QueuedWrite> writes, List<String> emptyIds) {

		boolean isEmpty() {
			return this.writes.isEmpty() && this.emptyIds.isEmpty();
		}

	}

}
