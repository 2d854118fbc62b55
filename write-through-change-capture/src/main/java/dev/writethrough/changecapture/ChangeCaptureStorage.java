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

package dev.writethrough.changecapture;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.util.Assert;

/**
 * Where change capture keeps its state, in Redis next to the cache: the leader's lease,
 * the stream's position (Kafka Connect offsets) and, for MariaDB and MySQL, the schema
 * history. Every key is {@code <prefix>{changecapture:<name>}:<what>}, one hash slot, so
 * the position is moved only by the lease holder in one script.
 * <p>
 * Debezium creates its offset store and schema history by class name, so
 * {@link RedisOffsetBackingStore} and {@link RedisSchemaHistory} find their storage here
 * by an id passed in the engine's properties; it is registered while the engine runs.
 *
 * @author write-through
 */
final class ChangeCaptureStorage {

	/** The engine property that names the storage of an engine's offsets and history. */
	static final String STORAGE_ID = "write-through.change-capture.storage-id";

	/**
	 * The engine property that makes a binary-log stream resume at the start of the
	 * transaction it stopped in.
	 */
	static final String REPLAY_WHOLE_TRANSACTIONS = "write-through.change-capture.replay-whole-transactions";

	private static final ConcurrentMap<String, ChangeCaptureStorage> registered = new ConcurrentHashMap<>();

	private static final RedisScript<Long> RENEW = script("renew-leader.lua");

	private static final RedisScript<Long> RELEASE = script("release-leader.lua");

	private static final RedisScript<Long> SAVE = script("save-offsets.lua");

	private final StringRedisTemplate redis;

	private final String leaderKey;

	private final String offsetsKey;

	private final String historyKey;

	private final String token;

	private final String id = UUID.randomUUID().toString();

	ChangeCaptureStorage(StringRedisTemplate redis, String keyPrefix, String name, String instance) {
		Assert.notNull(redis, "redis must not be null");
		this.redis = redis;
		String tag = keyPrefix + "{changecapture:" + name + "}:";
		this.leaderKey = tag + "leader";
		this.offsetsKey = tag + "offsets";
		this.historyKey = tag + "history";
		this.token = instance + "/" + UUID.randomUUID();
	}

	static ChangeCaptureStorage registered(@Nullable Object id) {
		ChangeCaptureStorage storage = (id != null) ? registered.get(id.toString()) : null;
		Assert.state(storage != null, () -> "No change-capture storage is registered under '" + id
				+ "': the Debezium engine must be started by write-through's ChangeCapture");
		return storage;
	}

	String register() {
		registered.put(this.id, this);
		return this.id;
	}

	void unregister() {
		registered.remove(this.id, this);
	}

	String token() {
		return this.token;
	}

	boolean tryAcquire(Duration lease) {
		return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(this.leaderKey, this.token, lease));
	}

	boolean renew(Duration lease) {
		return Long.valueOf(1)
			.equals(this.redis.execute(RENEW, List.of(this.leaderKey), this.token, Long.toString(lease.toMillis())));
	}

	void release() {
		this.redis.execute(RELEASE, List.of(this.leaderKey), this.token);
	}

	@Nullable String leader() {
		return this.redis.opsForValue().get(this.leaderKey);
	}

	Map<ByteBuffer, ByteBuffer> loadOffsets() {
		Map<ByteBuffer, ByteBuffer> offsets = new HashMap<>();
		this.redis.<String, String>opsForHash()
			.entries(this.offsetsKey)
			.forEach((key, value) -> offsets.put(decode(key), (value.isEmpty()) ? null : decode(value)));
		return offsets;
	}

	Map<String, String> readableOffsets() {
		Map<String, String> offsets = new HashMap<>();
		this.redis.<String, String>opsForHash()
			.entries(this.offsetsKey)
			.forEach((key, value) -> offsets.put(text(key), text(value)));
		return offsets;
	}

	void saveOffsets(Map<ByteBuffer, ByteBuffer> offsets) {
		List<String> arguments = new ArrayList<>(2 + offsets.size() * 2);
		arguments.add(this.token);
		arguments.add("hash");
		offsets.forEach((key, value) -> {
			arguments.add(encode(key));
			arguments.add((value != null) ? encode(value) : "");
		});
		fenced(this.offsetsKey, arguments, "the change stream's position");
	}

	boolean historyExists() {
		Long size = this.redis.opsForList().size(this.historyKey);
		return size != null && size > 0;
	}

	List<String> history() {
		List<String> records = this.redis.opsForList().range(this.historyKey, 0, -1);
		return (records != null) ? records : List.of();
	}

	void appendHistory(String record) {
		fenced(this.historyKey, List.of(this.token, "list", record), "the schema history");
	}

	private void fenced(String key, List<String> arguments, String what) {
		Long stored = this.redis.execute(SAVE, List.of(this.leaderKey, key), arguments.toArray());
		if (!Long.valueOf(1).equals(stored)) {
			throw new IllegalStateException("This instance no longer holds the change-capture lease ('" + this.leaderKey
					+ "'), so it did not store " + what + "; the current leader reads on");
		}
	}

	private static String encode(ByteBuffer buffer) {
		ByteBuffer copy = buffer.duplicate();
		byte[] bytes = new byte[copy.remaining()];
		copy.get(bytes);
		return Base64.getEncoder().encodeToString(bytes);
	}

	private static ByteBuffer decode(String value) {
		return ByteBuffer.wrap(Base64.getDecoder().decode(value));
	}

	private static String text(String value) {
		return value.isEmpty() ? "" : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
	}

	private static RedisScript<Long> script(String name) {
		try {
			return RedisScript.of(
					new ClassPathResource(name, ChangeCaptureStorage.class).getContentAsString(StandardCharsets.UTF_8),
					Long.class);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException("Cannot read the script " + name, ex);
		}
	}

}
