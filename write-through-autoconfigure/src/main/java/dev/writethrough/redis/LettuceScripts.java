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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisScriptingAsyncCommands;
import org.jspecify.annotations.Nullable;

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
				.exceptionallyCompose((ex) -> RedisCacheStore.isNoScript(ex) ? commands
					.<Object>eval(script.getScriptAsString().getBytes(StandardCharsets.UTF_8), type, keys, arguments)
					.toCompletableFuture() : CompletableFuture.failedFuture(ex));
			// A timer per command wakes a thread; Lettuce expires commands itself when
			// its
			// timeout options are on, as Spring Boot configures them.
			return timesOutCommands(lettuce) ? answered
					: answered.orTimeout(lettuce.getTimeout(), TimeUnit.MILLISECONDS);
		}
	}

	private static boolean timesOutCommands(LettuceConnectionFactory lettuce) {
		return lettuce.getClientConfiguration()
			.getClientOptions()
			.map((options) -> options.getTimeoutOptions().isTimeoutCommands())
			.orElse(false);
	}

}
