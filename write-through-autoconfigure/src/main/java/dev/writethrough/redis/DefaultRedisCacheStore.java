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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.core.types.Expiration;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The {@link RedisCacheStore} over a {@link RedisConnectionFactory}, the only type that
 * opens connections to Redis for the caches and their fences.
 *
 * @author write-through
 */
final class DefaultRedisCacheStore implements RedisCacheStore, DisposableBean {

	private static final int DELETE_BATCH = 500;

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent(
			"io.lettuce.core.api.async.RedisScriptingAsyncCommands", DefaultRedisCacheStore.class.getClassLoader());

	private static final RedisScript<List> DELETE_FLUSHED = script("delete-flushed.lua");

	private final RedisConnectionFactory connectionFactory;

	private final TimeoutCircuitBreaker circuitBreaker;

	private final LongAdder fenceRepairs = new LongAdder();

	private final int fenceReplicas;

	private final Duration replicaTimeout;

	// Only for connections that cannot send a script without blocking: created on first
	// use, so a Lettuce application never starts it.
	private volatile @Nullable ThreadPoolExecutor fallback;

	private volatile @Nullable Boolean anySlot;

	// The shared Lettuce connection's commands, when there are Lettuce and a shared
	// connection: reads and scripts go through it without a RedisConnection per call.
	private final @Nullable SharedLettuceCommands lettuce;

	DefaultRedisCacheStore(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker,
			int fenceReplicas, Duration replicaTimeout) {
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(circuitBreaker, "circuitBreaker must not be null");
		Assert.isTrue(fenceReplicas >= 0, "fenceReplicas must not be negative");
		Assert.notNull(replicaTimeout, "replicaTimeout must not be null");
		this.connectionFactory = connectionFactory;
		// Sealed: the one implementation, told the outcome of each script sent without
		// waiting.
		this.circuitBreaker = (TimeoutCircuitBreaker) circuitBreaker;
		this.fenceReplicas = fenceReplicas;
		this.replicaTimeout = replicaTimeout;
		this.lettuce = (LETTUCE_PRESENT) ? SharedLettuceCommands.of(connectionFactory) : null;
	}

	@Override
	public RedisCircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	@Override
	public byte @Nullable [] get(byte[] key) {
		Function<RedisConnection, byte @Nullable []> get = (connection) -> connection.stringCommands().get(key);
		SharedLettuceCommands shared = this.lettuce;
		return (shared != null) ? this.circuitBreaker.call(() -> shared.get(key, () -> withConnection(get)))
				: execute(get);
	}

	@Override
	public void set(byte[] key, byte[] value, Duration ttl) {
		Expiration expiration = (ttl.isZero() || ttl.isNegative()) ? Expiration.persistent() : Expiration.from(ttl);
		execute((connection) -> connection.stringCommands().set(key, value, expiration, SetOption.upsert()));
	}

	@Override
	public void delete(byte[] key) {
		execute((connection) -> connection.keyCommands().del(key));
		if (this.fenceReplicas > 0) {
			try {
				replicated(key).join();
			}
			catch (CompletionException ex) {
				throw dataAccessException("Redis did not replicate", ex);
			}
		}
	}

	@Override
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

	@Override
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

	// On a shared Lettuce connection the calling thread writes the script to the socket
	// and the answer completes the future; otherwise the blocking call runs on a thread
	// of the fallback pool, or on the caller's when every one is busy, so a burst never
	// queues behind Redis.
	<T> CompletableFuture<T> evalAsync(RedisScript<?> script, byte[][] keys, byte[][] arguments, String failure,
			Function<@Nullable Object, T> answer) {
		return evalAsync(script, keys, arguments, failure, answer, false);
	}

	// For a caller that waits for the answer at once: on a shared Lettuce connection the
	// same as evalAsync, without one the blocking call runs on the caller's thread.
	<T> CompletableFuture<T> evalAwaited(RedisScript<?> script, byte[][] keys, byte[][] arguments, String failure,
			Function<@Nullable Object, T> answer) {
		return evalAsync(script, keys, arguments, failure, answer, true);
	}

	private <T> CompletableFuture<T> evalAsync(RedisScript<?> script, byte[][] keys, byte[][] arguments, String failure,
			Function<@Nullable Object, T> answer, boolean awaited) {
		Supplier<T> blocking = () -> answer.apply(eval(script, keys, arguments));
		if (this.circuitBreaker.isOpen()) {
			// Through the blocking path, which the circuit breaker refuses at once.
			return CompletableFuture.supplyAsync(blocking, Runnable::run);
		}
		CompletableFuture<Object> sent = (this.lettuce != null) ? this.lettuce.eval(script, keys, arguments) : null;
		if (sent == null) {
			return CompletableFuture.supplyAsync(blocking, awaited ? Runnable::run : fallback());
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

	private ThreadPoolExecutor fallback() {
		ThreadPoolExecutor pool = this.fallback;
		if (pool == null) {
			synchronized (this) {
				pool = this.fallback;
				if (pool == null) {
					pool = fallbackPool();
					this.fallback = pool;
				}
			}
		}
		return pool;
	}

	private static ThreadPoolExecutor fallbackPool() {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("write-through-fence-");
		threads.setDaemon(true);
		return new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), threads,
				new ThreadPoolExecutor.CallerRunsPolicy());
	}

	@Override
	public void destroy() {
		ThreadPoolExecutor pool = this.fallback;
		if (pool != null) {
			pool.shutdown();
		}
	}

	// After a command that the guarantee relies on: WAIT on the connection the command
	// went through, so it counts the replicas that hold it. It holds that connection's
	// later commands while it waits.
	<T> CompletableFuture<T> replicatedAfter(CompletableFuture<T> sent, byte[] key) {
		return (this.fenceReplicas == 0) ? sent
				: sent.thenCompose((answer) -> replicated(key).thenApply((replicas) -> answer));
	}

	private CompletableFuture<Long> replicated(byte[] key) {
		CompletableFuture<Long> acknowledged = (this.lettuce != null)
				? this.lettuce.waitForReplicas(key, this.fenceReplicas, this.replicaTimeout) : null;
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

	void fenceRepaired(long repaired) {
		this.fenceRepairs.add(repaired);
	}

	@Override
	public long getFenceRepairs() {
		return this.fenceRepairs.sum();
	}

	private static DataAccessException dataAccessException(String what, Throwable ex) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		return (cause instanceof DataAccessException dataAccess) ? dataAccess
				: new RedisSystemException(what + ": " + cause.getMessage(), cause);
	}

	@Override
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
	<T> T eval(RedisScript<?> script, byte[][] keys, byte[]... arguments) {
		SharedLettuceCommands shared = this.lettuce;
		if (shared != null) {
			return (T) this.circuitBreaker.call(() -> shared.evalAndWait(script, keys, arguments,
					() -> withConnection(evalAction(script, keys, arguments))));
		}
		return (T) execute(evalAction(script, keys, arguments));
	}

	private static Function<RedisConnection, @Nullable Object> evalAction(RedisScript<?> script, byte[][] keys,
			byte[][] arguments) {
		byte[][] keysAndArguments = new byte[keys.length + arguments.length][];
		System.arraycopy(keys, 0, keysAndArguments, 0, keys.length);
		System.arraycopy(arguments, 0, keysAndArguments, keys.length, arguments.length);
		ReturnType type = ReturnType.fromJavaType(script.getResultType());
		return (connection) -> {
			try {
				return connection.scriptingCommands().evalSha(script.getSha1(), type, keys.length, keysAndArguments);
			}
			catch (RuntimeException ex) {
				if (!isNoScript(ex)) {
					throw ex;
				}
				return connection.scriptingCommands()
					.eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys.length,
							keysAndArguments);
			}
		};
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

	// Read once: a script made from a resource checks on every call whether the file
	// changed, a file system call in front of every round trip. The files named are put
	// one after the other, so a function shared by several scripts is kept once.
	static RedisScript<List> script(String... names) {
		StringBuilder text = new StringBuilder();
		for (String name : names) {
			text.append(text(name)).append('\n');
		}
		return RedisScript.of(text.toString(), List.class);
	}

	// The script of one entry run for each entry of a batch (see each-entry.lua): the
	// shared functions, the script as the body of one(KEYS, ARGV), then the loop.
	static RedisScript<List> scriptPerEntry(String shared, String single) {
		String text = text(shared) + "\nlocal function one(KEYS, ARGV)\n" + text(single) + "\nend\n"
				+ text("each-entry.lua");
		return RedisScript.of(text, List.class);
	}

	private static String text(String name) {
		try {
			return new ClassPathResource(name, DefaultRedisCacheStore.class).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the script " + name, ex);
		}
	}

	/**
	 * Whether one script may take the keys of several entries: on a standalone Redis or
	 * Sentinel, yes; on a Redis Cluster, whose scripts take the keys of one hash slot,
	 * no. Lettuce's factory knows from its configuration; any other factory is asked
	 * once, on the first batch, and while Redis does not answer the question the answer
	 * is no.
	 * @return whether one script may take the keys of entries in different hash slots
	 */
	boolean takesKeysOfAnySlot() {
		Boolean known = this.anySlot;
		if (known == null) {
			if (LETTUCE_PRESENT && this.connectionFactory instanceof LettuceConnectionFactory lettuce) {
				known = !lettuce.isClusterAware();
			}
			else {
				try {
					known = execute((connection) -> !(connection instanceof RedisClusterConnection));
				}
				catch (RuntimeException ex) {
					return false;
				}
			}
			this.anySlot = known;
		}
		return known;
	}

	/**
	 * Runs an action on a connection, closing it afterwards; refused at once while the
	 * circuit breaker is open.
	 * @param <T> the type of the action's result
	 * @param action the action
	 * @return its result
	 */
	<T> T execute(Function<RedisConnection, T> action) {
		return this.circuitBreaker.call(() -> withConnection(action));
	}

	private <T> T withConnection(Function<RedisConnection, T> action) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return action.apply(connection);
		}
	}

}
