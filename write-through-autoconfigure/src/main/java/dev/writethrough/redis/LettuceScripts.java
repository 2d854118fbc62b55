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
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Sends a script without blocking the caller, on the native connection Lettuce shares
 * between all threads: the command is written to the socket at once and its answer
 * completes a future. Loaded only when Lettuce is on the class path.
 *
 * @author write-through
 */
final class LettuceScripts {

	private LettuceScripts() {
	}

	/**
	 * Sends a script, falling back to its text when Redis does not know its digest.
	 * @param connectionFactory where the connection comes from
	 * @param script the script
	 * @param keys its keys
	 * @param arguments its arguments
	 * @return the answer, completed exceptionally on failure or after the connection's
	 * command timeout; {@code null} if the factory does not share a Lettuce connection
	 */
	static @Nullable CompletableFuture<Object> eval(RedisConnectionFactory connectionFactory, RedisScript<?> script,
			byte[][] keys, byte[][] arguments) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce) || !lettuce.getShareNativeConnection()) {
			return null;
		}
		// Closing this connection leaves the shared native one open.
		try (RedisConnection connection = connectionFactory.getConnection()) {
			if (connection.isPipelined() || connection.isQueueing()
					|| !(connection.getNativeConnection() instanceof RedisScriptingAsyncCommands<?, ?> asyncCommands)) {
				return null;
			}
			@SuppressWarnings("unchecked")
			RedisScriptingAsyncCommands<byte[], byte[]> commands = (RedisScriptingAsyncCommands<byte[], byte[]>) asyncCommands;
			ScriptOutputType type = List.class.isAssignableFrom(script.getResultType()) ? ScriptOutputType.MULTI
					: ScriptOutputType.INTEGER;
			CompletableFuture<Object> sent = commands.<Object>evalsha(script.getSha1(), type, keys, arguments)
				.toCompletableFuture();
			CompletableFuture<Object> answered = sent
				.exceptionallyCompose((ex) -> DefaultRedisCacheStore.isNoScript(ex) ? commands
					.<Object>eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, arguments)
					.toCompletableFuture() : CompletableFuture.failedFuture(ex));
			// A timer per command wakes a thread; Lettuce expires commands itself when
			// its
			// timeout options are on, as Spring Boot configures them.
			return timesOutCommands(lettuce) ? answered
					: answered.orTimeout(lettuce.getTimeout(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Sends {@code WAIT} through the connection the last command for a key went through:
	 * the shared connection, or on a Redis Cluster the connection to the master of the
	 * key's slot.
	 * @param connectionFactory where the connection comes from
	 * @param key the key whose master must be waited on
	 * @param replicas how many replicas must acknowledge
	 * @param timeout how long Redis waits for them
	 * @return how many replicas acknowledged; {@code null} if the factory does not share
	 * a Lettuce connection
	 */
	static @Nullable CompletableFuture<Long> waitForReplicas(RedisConnectionFactory connectionFactory, byte[] key,
			int replicas, Duration timeout) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce) || !lettuce.getShareNativeConnection()) {
			return null;
		}
		try (RedisConnection connection = connectionFactory.getConnection()) {
			Object nativeConnection = connection.getNativeConnection();
			if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
				StatefulRedisClusterConnection<?, ?> stateful = cluster.getStatefulConnection();
				RedisClusterNode master = stateful.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
				if (master == null) {
					return CompletableFuture.failedFuture(new RedisSystemException(
							"No master serves the slot of '" + new String(key, StandardCharsets.UTF_8) + "'", null));
				}
				// By host and port, as Lettuce keys the connections it routes a slot's
				// writes through; by node id it would open another one.
				return stateful.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort())
					.thenCompose((node) -> node.async()
						.waitForReplication(replicas, timeout.toMillis())
						.toCompletableFuture());
			}
			if (nativeConnection instanceof BaseRedisAsyncCommands<?, ?> commands) {
				return commands.waitForReplication(replicas, timeout.toMillis()).toCompletableFuture();
			}
			return null;
		}
	}

	private static boolean timesOutCommands(LettuceConnectionFactory lettuce) {
		return lettuce.getClientConfiguration()
			.getClientOptions()
			.map((options) -> options.getTimeoutOptions().isTimeoutCommands())
			.orElse(false);
	}

}
