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
import dev.writethrough.redis.RedisCircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.ByteRecord;
import org.springframework.data.redis.connection.stream.RecordId;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * The Redis I/O of one write-behind cache: its queue (a stream read through a consumer
 * group), the latest queued write of each key, the keys flushers hold, and the
 * dead-letter stream. All of it shares the hash slot of the cache's entries, so each
 * script is atomic on Redis Cluster too.
 *
 * @author write-through
 */
public final class WriteBehindQueue {

	static final String GROUP = "write-through-flushers";

	private static final RedisScript<byte[]> ENQUEUE = script("enqueue.lua", byte[].class);

	private static final RedisScript<List> TAKE = script("take.lua", List.class);

	private static final RedisScript<List> CLAIM_KEYS = script("claim-keys.lua", List.class);

	private static final RedisScript<Long> COMPLETE = script("complete.lua", Long.class);

	private static final RedisScript<Long> RELEASE_KEYS = script("release-keys.lua", Long.class);

	private static final RedisScript<Long> REPLAY = script("replay.lua", Long.class);

	private static final byte[] PUT = bytes("put");

	private static final byte[] DELETE = bytes("delete");

	private final WriteThroughCache cache;

	private final WriteBehindRedis redis;

	private final byte[] queueKey;

	private final byte[] latestKey;

	private final byte[] heldKey;

	private final byte[] deadKey;

	/**
	 * Create a new instance.
	 * @param cache the write-behind cache
	 * @param connectionFactory where connections to the cache's Redis come from
	 * @param circuitBreaker when to stop waiting on Redis, shared with the cache
	 */
	public WriteBehindQueue(WriteThroughCache cache, RedisConnectionFactory connectionFactory,
			RedisCircuitBreaker circuitBreaker) {
		Assert.notNull(cache, "cache must not be null");
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(circuitBreaker, "circuitBreaker must not be null");
		this.cache = cache;
		this.redis = new WriteBehindRedis(connectionFactory, circuitBreaker);
		this.queueKey = cache.getKeys().structure("queue");
		this.latestKey = cache.getKeys().structure("latest");
		this.heldKey = cache.getKeys().structure("held");
		this.deadKey = cache.getKeys().structure("dead");
	}

	/**
	 * The cache whose writes this queue holds.
	 * @return the cache
	 */
	public WriteThroughCache getCache() {
		return this.cache;
	}

	/**
	 * Applies a write to the cache and queues it, atomically.
	 * @param key the cache key
	 * @param value the value to cache and write, or {@code null} with {@code delete}
	 * @param delete whether the write deletes the key's row
	 * @param maxPending the most writes the queue may hold
	 * @return {@code true} if queued, {@code false} if the queue is full (nothing
	 * changed)
	 * @throws RuntimeException if the value cannot be serialized or Redis does not answer
	 */
	public boolean enqueue(Object key, @Nullable Object value, boolean delete, long maxPending) {
		byte[] serializedValue = this.cache.serialize(delete ? null : value);
		byte[] id = eval(ENQUEUE, entryKeys(key), bytes(this.cache.getKeys().keyString(key)), this.cache.serialize(key),
				delete ? DELETE : PUT, serializedValue, number(maxPending));
		return id != null;
	}

	/**
	 * Takes a flusher's next batch: its own unacknowledged entries first, then entries
	 * another flusher left unacknowledged for longer than the claim timeout, then new
	 * ones.
	 * @param consumer the flusher's consumer name
	 * @param count the batch size
	 * @param claimTimeout how long another flusher's entries must stay unacknowledged
	 * before they are taken over
	 * @return the batch, possibly empty
	 */
	Batch take(String consumer, int count, Duration claimTimeout) {
		return take(consumer, count, claimTimeout, false);
	}

	/**
	 * Takes a flusher's next batch like {@link #take(String, int, Duration)}, optionally
	 * leaving its own unacknowledged entries for later.
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
			writes.add(new QueuedWrite(id, string(map.get("k")), map.get("kb"), Arrays.equals(map.get("op"), DELETE),
					map.get("v")));
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
			keys.add(this.cache.getKeys().entry(write.key()));
			keys.add(this.cache.getKeys().writers(write.key()));
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
	 * Moves parked writes back to the queue, except those whose key has a later write
	 * queued.
	 * @param maxPending the most writes the queue may hold
	 * @return how many were queued again and how many skipped
	 */
	public ReplayResult replay(long maxPending) {
		List<ByteRecord> parked = execute(
				(connection) -> connection.streamCommands().xRange(this.deadKey, Range.unbounded(), Limit.unlimited()));
		int replayed = 0;
		int skipped = 0;
		int full = 0;
		for (ByteRecord record : (parked != null) ? parked : List.<ByteRecord>of()) {
			Map<String, byte[]> fields = new LinkedHashMap<>();
			record.getValue().forEach((field, value) -> fields.put(string(field), value));
			String keyString = string(fields.get("k"));
			byte[][] keys = { this.cache.getKeys().entry(keyString), this.cache.getKeys().writers(keyString),
					this.cache.getKeys().lease(keyString), this.queueKey, this.latestKey, this.deadKey };
			Long result = eval(REPLAY, keys, fields.get("k"), fields.get("kb"), fields.get("op"), fields.get("v"),
					number(maxPending), bytes(record.getId().getValue()));
			if (result == null || result < 0) {
				full++;
			}
			else if (result == 1) {
				replayed++;
			}
			else {
				skipped++;
			}
		}
		return new ReplayResult(replayed, skipped, full);
	}

	/**
	 * How many writes the queue holds (not yet in the database).
	 * @return the queue's length
	 */
	public long depth() {
		Long length = execute((connection) -> connection.streamCommands().xLen(this.queueKey));
		return (length != null) ? length : 0;
	}

	/**
	 * How many writes are parked in the dead-letter stream.
	 * @return the dead-letter stream's length
	 */
	public long deadLetters() {
		Long length = execute((connection) -> connection.streamCommands().xLen(this.deadKey));
		return (length != null) ? length : 0;
	}

	/**
	 * The parked writes, oldest first.
	 * @param limit the most to return
	 * @return per parked write: its key, operation, error and attempts
	 */
	public List<Map<String, Object>> deadLetterDetails(int limit) {
		List<ByteRecord> parked = execute((connection) -> connection.streamCommands()
			.xRange(this.deadKey, Range.unbounded(), Limit.limit().count(limit)));
		List<Map<String, Object>> details = new ArrayList<>();
		for (ByteRecord record : (parked != null) ? parked : List.<ByteRecord>of()) {
			Map<String, Object> detail = new LinkedHashMap<>();
			detail.put("id", record.getId().getValue());
			record.getValue().forEach((field, value) -> {
				String name = string(field);
				if (name.equals("k") || name.equals("op") || name.equals("error") || name.equals("attempts")) {
					detail.put(name.equals("k") ? "key" : name, string(value));
				}
			});
			details.add(detail);
		}
		return details;
	}

	/**
	 * How old the oldest write not yet in the database is.
	 * @return its age, zero when the queue is empty
	 */
	public Duration lag() {
		List<ByteRecord> oldest = execute((connection) -> connection.streamCommands()
			.xRange(this.queueKey, Range.unbounded(), Limit.limit().count(1)));
		if (oldest == null || oldest.isEmpty()) {
			return Duration.ZERO;
		}
		RecordId id = oldest.get(0).getId();
		long now = execute((connection) -> connection.serverCommands().time());
		return Duration.ofMillis(Math.max(0, now - id.getTimestamp()));
	}

	/**
	 * Reads Redis's {@code appendonly} setting.
	 * @return the setting, or {@code null} if Redis does not tell (CONFIG disabled)
	 */
	public @Nullable String appendOnly() {
		try {
			return execute(
					(connection) -> connection.serverCommands().getConfig("appendonly").getProperty("appendonly"));
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private byte[][] entryKeys(Object key) {
		byte[] valueKey = this.cache.getKeys().entry(key);
		return new byte[][] { valueKey, this.cache.getKeys().writers(key), this.cache.getKeys().lease(key),
				this.queueKey, this.latestKey };
	}

	private <T> T eval(RedisScript<T> script, byte[][] keys, byte[]... arguments) {
		return this.redis.eval(script, keys, arguments);
	}

	private <T> T execute(Function<RedisConnection, T> action) {
		return this.redis.execute(action);
	}

	private static byte[] bytes(String string) {
		return string.getBytes(StandardCharsets.UTF_8);
	}

	private static String string(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return WriteBehindRedis.script(name, resultType);
	}

	/**
	 * A batch taken from the queue.
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

	/**
	 * What a replay of the dead-letter stream did.
	 *
	 * @param replayed writes queued again
	 * @param skipped writes dropped because a later write of their key is queued
	 * @param full writes left parked because the queue was full
	 */
	public record ReplayResult(int replayed, int skipped, int full) {

	}

}
