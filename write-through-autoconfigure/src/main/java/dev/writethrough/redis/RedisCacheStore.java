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

package dev.writethrough.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;

import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * The Redis I/O of the caches: bytes in, bytes out, with a TTL. Knows nothing about cache
 * names, serialization or ordering. Every failure surfaces as Spring's
 * {@code DataAccessException}.
 *
 * @author write-through
 */
public final class RedisCacheStore {

	private static final int DELETE_BATCH = 500;

	private static final boolean LETTUCE_PRESENT = ClassUtils
		.isPresent("io.lettuce.core.api.async.RedisScriptingAsyncCommands", RedisCacheStore.class.getClassLoader());

	private static final RedisScript<List> BEGIN_WRITE = script("repair-entry-fence.lua", "begin-write.lua");

	private static final RedisScript<List> END_WRITE = script("repair-entry-fence.lua", "end-write.lua");

	private static final RedisScript<List> ABORT_WRITE = script("repair-entry-fence.lua", "abort-write.lua");

	private static final RedisScript<List> ACQUIRE_LEASE = script("repair-lease-fence.lua", "acquire-lease.lua");

	private static final RedisScript<List> FILL = script("repair-lease-fence.lua", "fill.lua");

	private static final RedisScript<List> DELETE_FLUSHED = script("delete-flushed.lua");

	private static final byte[] WRITERS = ":w".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SEQUENCE = ":s".getBytes(StandardCharsets.UTF_8);

	private static final byte[] LEASE = ":l".getBytes(StandardCharsets.UTF_8);

	private static final byte[] SHADOW = ":o".getBytes(StandardCharsets.UTF_8);

	private static final byte[] ENDED = ":e".getBytes(StandardCharsets.UTF_8);

	private static final byte[] VERSION = ":v".getBytes(StandardCharsets.UTF_8);

	private static final Log logger = LogFactory.getLog(RedisCacheStore.class);

	// The writer markers' time to live of callers that do not give theirs.
	private static final Duration DEFAULT_MARKER_TTL = Duration.ofMinutes(2);

	private final RedisConnectionFactory connectionFactory;

	private final RedisCircuitBreaker circuitBreaker;

	private final LongAdder fenceRepairs = new LongAdder();

	private final int fenceReplicas;

	private final Duration replicaTimeout;

	/**
	 * Create a new instance whose calls always wait for Redis.
	 * @param connectionFactory where connections come from
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisCircuitBreaker.disabled());
	}

	/**
	 * Create a new instance that stops waiting on a Redis that keeps timing out.
	 * @param connectionFactory where connections come from
	 * @param circuitBreaker when to stop waiting on Redis
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker) {
		this(connectionFactory, circuitBreaker, 0, Duration.ZERO);
	}

	/**
	 * Create a new instance whose fences and evictions count only once replicas hold
	 * them: after a writer's {@code begin-write} and after an eviction it sends
	 * {@code WAIT <fenceReplicas> <replicaTimeout>}, and fails with a
	 * {@code DataAccessException} when fewer replicas acknowledge, as if Redis had not
	 * taken the command (the write is then refused or evicted, as
	 * {@code write-through.on-cache-unavailable} says, and an eviction is retried). A
	 * failover to a replica then never loses a fence or an eviction a write relied on.
	 * Needs Lettuce with a shared native connection.
	 * @param connectionFactory where connections come from
	 * @param circuitBreaker when to stop waiting on Redis
	 * @param fenceReplicas how many replicas must acknowledge, {@code 0} for none
	 * @param replicaTimeout how long to wait for them
	 */
	public RedisCacheStore(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker,
			int fenceReplicas, Duration replicaTimeout) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(circuitBreaker, "circuitBreaker must not be null");
		Assert.isTrue(fenceReplicas >= 0, "fenceReplicas must not be negative");
		Assert.notNull(replicaTimeout, "replicaTimeout must not be null");
		this.connectionFactory = connectionFactory;
		this.circuitBreaker = circuitBreaker;
		this.fenceReplicas = fenceReplicas;
		this.replicaTimeout = replicaTimeout;
	}

	/**
	 * The circuit breaker of this store's calls.
	 * @return the circuit breaker
	 */
	public RedisCircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * Reads a value.
	 * @param key the key
	 * @return the value, or {@code null} if the key is absent
	 */
	public byte @Nullable [] get(byte[] key) {
		return execute((connection) -> connection.stringCommands().get(key));
	}

	/**
	 * Writes a value that expires after a time to live.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, zero or negative for none
	 */
	public void set(byte[] key, byte[] value, Duration ttl) {
		Expiration expiration = (ttl.isZero() || ttl.isNegative()) ? Expiration.persistent() : Expiration.from(ttl);
		execute((connection) -> connection.stringCommands().set(key, value, expiration, SetOption.upsert()));
	}

	/**
	 * Deletes a key.
	 * @param key the key
	 */
	public void delete(byte[] key) {
		execute((connection) -> connection.keyCommands().del(key));
		awaitReplicas(key);
	}

	/**
	 * Deletes every key that matches a glob pattern, scanning so Redis is never blocked.
	 * @param pattern the pattern
	 * @return the number of keys deleted
	 */
	public long deleteMatching(byte[] pattern) {
		return execute((connection) -> {
			long deleted = 0;
			List<byte[]> batch = new ArrayList<>(DELETE_BATCH);
			ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
			try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
				while (cursor.hasNext()) {
					batch.add(cursor.next());
					if (batch.size() == DELETE_BATCH) {
						deleted += delete(connection, batch);
					}
				}
			}
			return deleted + delete(connection, batch);
		});
	}

	/**
	 * Deletes every key of a write-behind cache that matches a glob pattern, except the
	 * entries whose write is still queued for the database (see
	 * {@code delete-flushed.lua}).
	 * @param pattern the pattern; every key it matches must be in one hash slot
	 * @return how many keys were deleted and how many entries were kept
	 */
	public long[] deleteMatchingFlushed(byte[] pattern) {
		List<byte[]> matched = execute((connection) -> {
			List<byte[]> keys = new ArrayList<>();
			ScanOptions options = ScanOptions.scanOptions().match(pattern).count(1000).build();
			try (Cursor<byte[]> cursor = connection.keyCommands().scan(options)) {
				cursor.forEachRemaining(keys::add);
			}
			return keys;
		});
		long deleted = 0;
		long kept = 0;
		for (int from = 0; from < matched.size(); from += DELETE_BATCH) {
			byte[][] batch = matched.subList(from, Math.min(matched.size(), from + DELETE_BATCH))
				.toArray(new byte[0][]);
			List<?> result = eval(DELETE_FLUSHED, batch);
			deleted += (Long) result.get(0);
			kept += (Long) result.get(1);
		}
		return new long[] { deleted, kept };
	}

	private static long delete(RedisConnection connection, List<byte[]> batch) {
		if (batch.isEmpty()) {
			return 0;
		}
		Long deleted = connection.keyCommands().del(batch.toArray(new byte[0][]));
		batch.clear();
		return (deleted != null) ? deleted : 0;
	}

	/**
	 * Marks an entry as being written (see {@code begin-write.lua}): moves its value
	 * aside, cancels its read lease and registers the writer.
	 * @param key the entry's key
	 * @param token the writer's token
	 * @param markerTtl how long the marker lives if the writer never ends
	 * @return the writer's fence
	 */
	public EntryFence beginWrite(byte[] key, byte[] token, Duration markerTtl) {
		List<?> result = eval(BEGIN_WRITE, keys(key, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED), token,
				number(markerTtl.toMillis()));
		EntryFence fence = beganWrite(key, token, result);
		awaitReplicas(key);
		return fence;
	}

	/**
	 * Marks an entry as being written like {@link #beginWrite}, without blocking: on a
	 * shared Lettuce connection the script is written to the socket by the calling thread
	 * and its answer completes the future; otherwise the blocking call runs on the given
	 * executor.
	 * @param key the entry's key
	 * @param token the writer's token
	 * @param markerTtl how long the marker lives if the writer never ends
	 * @param fallback runs the blocking call when the connection cannot send it without
	 * blocking
	 * @return the writer's fence, completed exceptionally with a
	 * {@code DataAccessException} if Redis does not take it
	 */
	public CompletableFuture<EntryFence> beginWriteAsync(byte[] key, byte[] token, Duration markerTtl,
			Executor fallback) {
		CompletableFuture<EntryFence> fence = evalAsync(BEGIN_WRITE, keys(key, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED),
				new byte[][] { token, number(markerTtl.toMillis()) }, "Redis did not take the write marker",
				(result) -> beganWrite(key, token, (List<?>) result), () -> beginWrite(key, token, markerTtl),
				fallback);
		return (this.fenceReplicas == 0) ? fence
				: fence.thenCompose((began) -> replicated(key).thenApply((replicas) -> began));
	}

	// WAIT on the connection the command went through, so it counts the replicas that
	// hold it. It holds that connection's later commands while it waits.
	private void awaitReplicas(byte[] key) {
		if (this.fenceReplicas == 0) {
			return;
		}
		try {
			replicated(key).join();
		}
		catch (CompletionException ex) {
			throw dataAccessException("Redis did not replicate", ex);
		}
	}

	private CompletableFuture<Long> replicated(byte[] key) {
		CompletableFuture<Long> acknowledged = (LETTUCE_PRESENT)
				? LettuceScripts.waitForReplicas(this.connectionFactory, key, this.fenceReplicas, this.replicaTimeout)
				: null;
		if (acknowledged == null) {
			return CompletableFuture.failedFuture(new IllegalStateException(
					"write-through.fence.replicas needs Lettuce with a shared native connection (Spring Boot's"
							+ " default): WAIT must go through the connection the fence went through"));
		}
		return acknowledged.handle((replicas, ex) -> {
			if (ex != null) {
				throw dataAccessException("Redis did not answer WAIT", ex);
			}
			if (replicas < this.fenceReplicas) {
				throw new RedisSystemException("Only " + replicas + " of the " + this.fenceReplicas
						+ " replicas write-through.fence.replicas asks for acknowledged the fence or eviction of '"
						+ new String(key, StandardCharsets.UTF_8) + "' within " + this.replicaTimeout.toMillis()
						+ "ms (write-through.fence.replica-timeout): a failover could lose it, so it does not count."
						+ " Check the master's replicas (INFO replication)", null);
			}
			return replicas;
		});
	}

	/**
	 * Ends a committed write (see {@code end-write.lua}): stores the value only if no
	 * other writer overlapped, or if its version is the newest and every writer that
	 * began has ended; otherwise deletes the entry.
	 * @param key the entry's key
	 * @param fence the writer's fence
	 * @param value the new value, or {@code null} to evict
	 * @param ttl the value's time to live
	 * @param markerTtl how long writer markers live
	 * @param version the written row's version, or {@code null} when it has none
	 * @return how the write ended
	 */
	public FenceEnd endWrite(byte[] key, EntryFence fence, byte @Nullable [] value, Duration ttl, Duration markerTtl,
			@Nullable Long version) {
		List<?> result = eval(END_WRITE, endWriteKeys(key), endWriteArguments(fence, value, ttl, markerTtl, version));
		return fenceEnd(key, result);
	}

	/**
	 * Ends a committed write like {@link #endWrite}, without blocking: on a shared
	 * Lettuce connection the script is written to the socket by the calling thread, so
	 * the ends of many writes travel together; otherwise the blocking call runs on the
	 * given executor.
	 * @param key the entry's key
	 * @param fence the writer's fence
	 * @param value the new value, or {@code null} to evict
	 * @param ttl the value's time to live
	 * @param markerTtl how long writer markers live
	 * @param version the written row's version, or {@code null} when it has none
	 * @param fallback runs the blocking call when the connection cannot send it without
	 * blocking
	 * @return how the write ended, completed exceptionally with a
	 * {@code DataAccessException} if Redis does not take it
	 */
	public CompletableFuture<FenceEnd> endWriteAsync(byte[] key, EntryFence fence, byte @Nullable [] value,
			Duration ttl, Duration markerTtl, @Nullable Long version, Executor fallback) {
		return evalAsync(END_WRITE, endWriteKeys(key), endWriteArguments(fence, value, ttl, markerTtl, version),
				"Redis did not take the end of a write", (result) -> fenceEnd(key, (List<?>) result),
				() -> endWrite(key, fence, value, ttl, markerTtl, version), fallback);
	}

	// On a shared Lettuce connection the calling thread writes the script to the socket
	// and the answer completes the future; otherwise the blocking call runs on the
	// fallback executor.
	private <T> CompletableFuture<T> evalAsync(RedisScript<?> script, byte[][] keys, byte[][] arguments, String failure,
			Function<@Nullable Object, T> answer, Supplier<T> blocking, Executor fallback) {
		if (this.circuitBreaker.isOpen()) {
			// Through the blocking path, which the circuit breaker refuses at once.
			return CompletableFuture.supplyAsync(blocking, Runnable::run);
		}
		CompletableFuture<Object> sent = (LETTUCE_PRESENT)
				? LettuceScripts.eval(this.connectionFactory, script, keys, arguments) : null;
		if (sent == null) {
			return CompletableFuture.supplyAsync(blocking, fallback);
		}
		return sent.handle((result, ex) -> {
			if (ex != null) {
				DataAccessException failed = dataAccessException(failure, ex);
				this.circuitBreaker.failed(failed, false);
				throw failed;
			}
			this.circuitBreaker.succeeded();
			return answer.apply(result);
		});
	}

	private static byte[][] endWriteKeys(byte[] key) {
		return keys(key, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED, VERSION);
	}

	private static byte[][] endWriteArguments(EntryFence fence, byte @Nullable [] value, Duration ttl,
			Duration markerTtl, @Nullable Long version) {
		List<byte[]> arguments = new ArrayList<>(
				List.of(fence.token(), number(fence.sequence()), number(fence.othersActive()), number(ttl.toMillis()),
						number(markerTtl.toMillis()), (version != null) ? number(version) : new byte[0]));
		if (value != null) {
			arguments.add(value);
		}
		return arguments.toArray(byte[][]::new);
	}

	private EntryFence beganWrite(byte[] key, byte[] token, List<?> result) {
		repaired(key, result, 2);
		return new EntryFence(token, (Long) result.get(0), (Long) result.get(1));
	}

	private FenceEnd fenceEnd(byte[] key, @Nullable List<?> answer) {
		Long result = (answer != null) ? (Long) answer.get(0) : null;
		repaired(key, answer, 1);
		return (result == null || result == 0) ? FenceEnd.DELETED
				: (result == 1) ? FenceEnd.STORED : FenceEnd.STORED_BY_VERSION;
	}

	// The scripts repair fence keys they never wrote (see their headers): counted and
	// logged, since something else writes the starter's keys.
	private void repaired(byte[] key, @Nullable List<?> answer, int index) {
		if (answer == null || answer.size() <= index || !(answer.get(index) instanceof Long repaired)
				|| repaired == 0) {
			return;
		}
		this.fenceRepairs.add(repaired);
		logger.warn("Repaired " + repaired + " unreadable fence key(s) of '" + new String(key, StandardCharsets.UTF_8)
				+ "' (an unexpected type or value, or no TTL: something other than the starter wrote them). The"
				+ " entry was evicted and is read from the database until write-through.fence.marker-ttl has passed;"
				+ " check what else writes keys under write-through.key-prefix");
	}

	/**
	 * How many fence keys the scripts found unreadable (an unexpected type or value, or
	 * no TTL) and repaired since start: each repair evicted its entry.
	 * @return the number of repaired fence keys
	 */
	public long getFenceRepairs() {
		return this.fenceRepairs.sum();
	}

	private static DataAccessException dataAccessException(String what, Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		return (cause instanceof DataAccessException dataAccess) ? dataAccess
				: new RedisSystemException(what + ": " + cause.getMessage(), cause);
	}

	/**
	 * Releases the marker of a write whose transaction rolled back, restoring the value
	 * the entry had before it when no other writer interfered (see
	 * {@code abort-write.lua}).
	 * @param key the entry's key
	 * @param fence the writer's fence
	 * @param markerTtl how long writer markers live
	 * @return {@code true} if the old value was restored
	 */
	public boolean abortWrite(byte[] key, EntryFence fence, Duration markerTtl) {
		List<?> result = eval(ABORT_WRITE, keys(key, WRITERS, SEQUENCE, SHADOW, ENDED), fence.token(),
				number(fence.sequence()), number(markerTtl.toMillis()));
		repaired(key, result, 1);
		return result != null && Long.valueOf(1).equals(result.get(0));
	}

	/**
	 * Asks, after a miss, for the lease to fill an entry (see {@code acquire-lease.lua}).
	 * @param key the entry's key
	 * @param token the reader's token
	 * @param leaseTtl how long the lease lives
	 * @return the answer
	 */
	public LeaseResult acquireLease(byte[] key, byte[] token, Duration leaseTtl) {
		return acquireLease(key, token, leaseTtl, DEFAULT_MARKER_TTL);
	}

	/**
	 * Asks, after a miss, for the lease to fill an entry (see {@code acquire-lease.lua}),
	 * repairing an unreadable writer set with a marker of the given time to live.
	 * @param key the entry's key
	 * @param token the reader's token
	 * @param leaseTtl how long the lease lives
	 * @param markerTtl how long writer markers live
	 * @return the answer
	 */
	public LeaseResult acquireLease(byte[] key, byte[] token, Duration leaseTtl, Duration markerTtl) {
		List<?> result = eval(ACQUIRE_LEASE, keys(key, WRITERS, LEASE), token, number(leaseTtl.toMillis()),
				number(markerTtl.toMillis()));
		long status = (Long) result.get(0);
		repaired(key, result, 1);
		if (status == 0) {
			return new LeaseResult(LeaseResult.Status.VALUE, (byte[]) result.get(2));
		}
		return new LeaseResult((status == 1) ? LeaseResult.Status.GRANTED
				: (status == 2) ? LeaseResult.Status.WRITER_ACTIVE : LeaseResult.Status.BUSY, null);
	}

	/**
	 * Fills an entry under a lease (see {@code fill.lua}).
	 * @param key the entry's key
	 * @param token the reader's lease token
	 * @param value the value read from the database
	 * @param ttl the value's time to live
	 * @return {@code true} if the value was stored, {@code false} if the fill was refused
	 */
	public boolean fill(byte[] key, byte[] token, byte[] value, Duration ttl) {
		return fill(key, token, value, ttl, DEFAULT_MARKER_TTL);
	}

	/**
	 * Fills an entry under a lease (see {@code fill.lua}), repairing an unreadable writer
	 * set with a marker of the given time to live.
	 * @param key the entry's key
	 * @param token the reader's lease token
	 * @param value the value read from the database
	 * @param ttl the value's time to live
	 * @param markerTtl how long writer markers live
	 * @return {@code true} if the value was stored, {@code false} if the fill was refused
	 */
	public boolean fill(byte[] key, byte[] token, byte[] value, Duration ttl, Duration markerTtl) {
		List<?> result = eval(FILL, keys(key, WRITERS, LEASE), token, number(ttl.toMillis()), value,
				number(markerTtl.toMillis()));
		repaired(key, result, 1);
		return result != null && Long.valueOf(1).equals(result.get(0));
	}

	/**
	 * Checks that Redis answers.
	 */
	public void ping() {
		execute(RedisConnection::ping);
	}

	/**
	 * Runs a script, sending its text when Redis does not know its digest (after a
	 * restart).
	 * @param <T> the type of its answer
	 * @param script the script
	 * @param keys its keys
	 * @param arguments its arguments
	 * @return its answer
	 */
	@SuppressWarnings("unchecked")
	public <T> T eval(RedisScript<?> script, byte[][] keys, byte[]... arguments) {
		byte[][] keysAndArguments = new byte[keys.length + arguments.length][];
		System.arraycopy(keys, 0, keysAndArguments, 0, keys.length);
		System.arraycopy(arguments, 0, keysAndArguments, keys.length, arguments.length);
		ReturnType type = ReturnType.fromJavaType(script.getResultType());
		return execute((connection) -> {
			try {
				return (T) connection.scriptingCommands()
					.evalSha(script.getSha1(), type, keys.length, keysAndArguments);
			}
			catch (RuntimeException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				return (T) connection.scriptingCommands()
					.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys.length,
							keysAndArguments);
			}
		});
	}

	// Redis forgets loaded scripts when it restarts: send the script itself then.
	static boolean isNoScript(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause.getMessage() != null && cause.getMessage().contains("NOSCRIPT")) {
				return true;
			}
		}
		return false;
	}

	private static byte[][] keys(byte[] key, byte[]... suffixes) {
		byte[][] keys = new byte[suffixes.length + 1][];
		keys[0] = key;
		for (int i = 0; i < suffixes.length; i++) {
			keys[i + 1] = suffixed(key, suffixes[i]);
		}
		return keys;
	}

	private static byte[] suffixed(byte[] key, byte[] suffix) {
		byte[] suffixed = Arrays.copyOf(key, key.length + suffix.length);
		System.arraycopy(suffix, 0, suffixed, key.length, suffix.length);
		return suffixed;
	}

	private static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static RedisScript<List> script(String name) {
		return script(name, List.class);
	}

	// A script that calls a function shared with others, kept once in its own file.
	private static RedisScript<List> script(String shared, String name) {
		return RedisScript.of(text(RedisCacheStore.class, shared) + "\n" + text(RedisCacheStore.class, name),
				List.class);
	}

	private static String text(Class<?> base, String name) {
		try {
			return new ClassPathResource(name, base).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the script " + name, ex);
		}
	}

	// Read once: a script made from a resource checks on every call whether the file
	// changed, a file system call in front of every round trip.
	private static <T> RedisScript<T> script(String name, Class<T> resultType) {
		return script(RedisCacheStore.class, name, resultType);
	}

	/**
	 * Reads a Lua script kept as a resource beside a class, once: a script made from a
	 * resource would look at the resource again on every call.
	 * @param <T> the type of its answer
	 * @param base the class whose package holds the resource
	 * @param name the resource's name
	 * @param resultType the type of its answer
	 * @return the script
	 * @throws UncheckedIOException if the resource cannot be read
	 */
	public static <T> RedisScript<T> script(Class<?> base, String name, Class<T> resultType) {
		return RedisScript.of(text(base, name), resultType);
	}

	/**
	 * Runs an action on a connection, closing it afterwards; refused at once while the
	 * circuit breaker is open.
	 * @param <T> the type of the action's result
	 * @param action the action
	 * @return its result
	 */
	public <T> T execute(Function<RedisConnection, T> action) {
		boolean probe = this.circuitBreaker.acquire();
		T result;
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			result = action.apply(connection);
		}
		catch (RuntimeException ex) {
			this.circuitBreaker.failed(ex, probe);
			throw ex;
		}
		this.circuitBreaker.succeeded();
		return result;
	}

}
