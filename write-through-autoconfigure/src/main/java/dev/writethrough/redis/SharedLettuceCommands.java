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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.ExceptionTranslationStrategy;
import org.springframework.data.redis.FallbackExceptionTranslationStrategy;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The native connection Lettuce shares between all threads, taken from the factory once
 * and kept while it is open, so that a read or a script needs no {@link RedisConnection}
 * object of its own: a command is written to the socket at once and its answer completes
 * a future. Closed (the factory stopped or reset it) or disconnected, it is asked for
 * again on each call, as a {@code RedisConnection} would be. Loaded only when Lettuce is
 * on the class path.
 *
 * @author write-through
 */
final class SharedLettuceCommands {

	private static final ExceptionTranslationStrategy EXCEPTIONS = new FallbackExceptionTranslationStrategy(
			new LettuceExceptionConverter());

	private final LettuceConnectionFactory factory;

	// Whether Lettuce expires commands itself (its timeout options, as Spring Boot
	// configures them); the client configuration does not change after construction.
	private final boolean timesOutCommands;

	private volatile @Nullable Shared shared;

	private SharedLettuceCommands(LettuceConnectionFactory factory) {
		this.factory = factory;
		this.timesOutCommands = factory.getClientConfiguration()
			.getClientOptions()
			.map((options) -> options.getTimeoutOptions().isTimeoutCommands())
			.orElse(false);
	}

	/**
	 * The shared commands of a factory.
	 * @param connectionFactory the application's factory
	 * @return its shared commands; {@code null} if it is not a Lettuce factory
	 */
	static @Nullable SharedLettuceCommands of(RedisConnectionFactory connectionFactory) {
		return (connectionFactory instanceof LettuceConnectionFactory lettuce) ? new SharedLettuceCommands(lettuce)
				: null;
	}

	/**
	 * Reads a key through the shared connection, waiting as long as a
	 * {@code RedisConnection} would (the factory's timeout).
	 * @param key the key
	 * @param otherwise how to read it when the factory shares no connection
	 * @return its value, or {@code null} when it has none
	 * @throws DataAccessException as a {@code RedisConnection} would throw it
	 */
	byte @Nullable [] get(byte[] key, Supplier<byte @Nullable []> otherwise) {
		RedisClusterAsyncCommands<byte[], byte[]> commands;
		try {
			commands = commands();
			if (commands == null) {
				return otherwise.get();
			}
			return LettuceFutures.awaitOrCancel(commands.get(key), this.factory.getTimeout(), TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
	}

	/**
	 * Sends a script, falling back to its text when Redis does not know its digest.
	 * @param script the script
	 * @param keys its keys
	 * @param arguments its arguments
	 * @return the answer, completed exceptionally on failure or after the connection's
	 * command timeout; {@code null} if the factory does not share a Lettuce connection
	 */
	@Nullable CompletableFuture<Object> eval(RedisScript<?> script, byte[][] keys, byte[][] arguments) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = commands();
		if (commands == null) {
			return null;
		}
		ScriptOutputType type = List.class.isAssignableFrom(script.getResultType()) ? ScriptOutputType.MULTI
				: ScriptOutputType.INTEGER;
		CompletableFuture<Object> sent = commands.<Object>evalsha(script.getSha1(), type, keys, arguments)
			.toCompletableFuture();
		CompletableFuture<Object> answered = sent
			.exceptionallyCompose((ex) -> DefaultRedisCacheStore.isNoScript(ex) ? commands
				.<Object>eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, arguments)
				.toCompletableFuture() : CompletableFuture.failedFuture(ex));
		// A timer per command wakes a thread; Lettuce expires commands itself when its
		// timeout options are on, as Spring Boot configures them.
		return this.timesOutCommands ? answered : answered.orTimeout(this.factory.getTimeout(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Runs a script through the shared connection and waits for its answer, as a
	 * {@code RedisConnection} would.
	 * @param script the script
	 * @param keys its keys
	 * @param arguments its arguments
	 * @param otherwise how to run it when the factory shares no connection
	 * @return its answer
	 * @throws DataAccessException as a {@code RedisConnection} would throw it, also for
	 * an error Redis put in the answer's list
	 */
	@Nullable Object evalAndWait(RedisScript<?> script, byte[][] keys, byte[][] arguments, Supplier<@Nullable Object> otherwise) {
		Object answer;
		try {
			CompletableFuture<Object> answered = eval(script, keys, arguments);
			if (answered == null) {
				return otherwise.get();
			}
			// Interruptible, as a RedisConnection's wait is; the future times out itself.
			answer = answered.get();
		}
		catch (ExecutionException ex) {
			throw translated((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis to answer a script", ex);
		}
		catch (RuntimeException ex) {
			throw translated(ex);
		}
		if (answer instanceof List<?> elements) {
			for (Object element : elements) {
				if (element instanceof Exception error) {
					throw translated(error);
				}
			}
		}
		return answer;
	}

	private RuntimeException translated(Throwable ex) {
		if (ex instanceof DataAccessException dataAccess) {
			return dataAccess;
		}
		if (ex instanceof TimeoutException) {
			return new QueryTimeoutException("Redis did not answer within " + this.factory.getTimeout() + "ms", ex);
		}
		return (ex instanceof RuntimeException runtime) ? EXCEPTIONS.translate(runtime)
				: new RedisSystemException(ex.getMessage(), ex);
	}

	/**
	 * Sends {@code WAIT} through the connection the last command for a key went through:
	 * the shared connection, or on a Redis Cluster the connection to the master of the
	 * key's slot.
	 * @param key the key whose master must be waited on
	 * @param replicas how many replicas must acknowledge
	 * @param timeout how long Redis waits for them
	 * @return how many replicas acknowledged; {@code null} if the factory does not share
	 * a Lettuce connection
	 */
	@Nullable CompletableFuture<Long> waitForReplicas(byte[] key, int replicas, Duration timeout) {
		RedisClusterAsyncCommands<byte[], byte[]> commands = commands();
		if (commands instanceof RedisAdvancedClusterAsyncCommands<byte[], byte[]> cluster) {
			StatefulRedisClusterConnection<byte[], byte[]> stateful = cluster.getStatefulConnection();
			RedisClusterNode master = stateful.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
			if (master == null) {
				return CompletableFuture.failedFuture(new RedisSystemException(
						"No master serves the slot of '" + new String(key, StandardCharsets.UTF_8) + "'", null));
			}
			// By host and port, as Lettuce keys the connections it routes a slot's writes
			// through; by node id it would open another one.
			return stateful.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort())
				.thenCompose(
						(node) -> node.async().waitForReplication(replicas, timeout.toMillis()).toCompletableFuture());
		}
		return (commands != null) ? commands.waitForReplication(replicas, timeout.toMillis()).toCompletableFuture()
				: null;
	}

	/**
	 * The shared connection's asynchronous commands.
	 * @return them; {@code null} if the factory does not share a connection
	 */
	@Nullable RedisClusterAsyncCommands<byte[], byte[]> commands() {
		if (!this.factory.getShareNativeConnection()) {
			return null;
		}
		Shared known = this.shared;
		if (known != null && known.connection().isOpen()) {
			return known.commands();
		}
		// Closing this connection leaves the shared native one open.
		try (RedisConnection connection = this.factory.getConnection()) {
			if (connection.isPipelined() || connection.isQueueing()) {
				return null;
			}
			Object nativeConnection = connection.getNativeConnection();
			StatefulConnection<?, ?> stateful = (nativeConnection instanceof RedisAsyncCommands<?, ?> standalone)
					? standalone.getStatefulConnection()
					: (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster)
							? cluster.getStatefulConnection() : null;
			if (stateful == null) {
				return null;
			}
			@SuppressWarnings("unchecked")
			RedisClusterAsyncCommands<byte[], byte[]> commands = (RedisClusterAsyncCommands<byte[], byte[]>) nativeConnection;
			this.shared = new Shared(stateful, commands);
			return commands;
		}
	}

	private record Shared(StatefulConnection<?, ?> connection, RedisClusterAsyncCommands<byte[], byte[]> commands) {
	}

}
