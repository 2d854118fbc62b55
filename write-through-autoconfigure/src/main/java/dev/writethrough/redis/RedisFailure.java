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

import java.net.ConnectException;
import java.util.Locale;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * What a failed Redis call says about Redis, so that log lines, exceptions and health
 * name the real cause and what to do: Redis could not be reached, did not answer in time,
 * or answered with a refusal ({@code OOM}, {@code WRONGTYPE}, {@code NOSCRIPT},
 * {@code READONLY}, or another error); or the failure was not Redis's at all (a value the
 * starter could not write, for example).
 *
 * @param kind what kind of failure it is
 * @param message the message of the innermost cause that says it
 * @author write-through
 */
public record RedisFailure(Kind kind, String message) {

	private static final Set<String> CONNECTION_FAILURES = Set.of(
			"org.springframework.data.redis.RedisConnectionFailureException",
			"io.lettuce.core.RedisConnectionException", "io.netty.channel.ConnectTimeoutException",
			"java.nio.channels.ClosedChannelException");

	private static final Set<String> TIMEOUTS = Set.of("io.lettuce.core.RedisCommandTimeoutException",
			"org.springframework.dao.QueryTimeoutException", "java.util.concurrent.TimeoutException");

	private static final Set<String> REDIS_EXCEPTION_PACKAGES = Set.of("org.springframework.data.redis",
			"org.springframework.dao", "io.lettuce", "redis.clients");

	/**
	 * Classifies a failure by its causes.
	 * @param failure what a Redis call threw
	 * @return what it says about Redis
	 */
	public static RedisFailure of(Throwable failure) {
		boolean fromRedisClient = false;
		String deepest = failure.getMessage();
		for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			String message = (cause.getMessage() != null) ? cause.getMessage() : "";
			if (!message.isEmpty()) {
				deepest = message;
			}
			Kind refusal = refusal(message);
			if (refusal != null) {
				return new RedisFailure(refusal, message);
			}
			String type = cause.getClass().getName();
			if (cause instanceof RedisCircuitBreaker.OpenCircuitException) {
				return new RedisFailure(Kind.TIMED_OUT, message);
			}
			if (TIMEOUTS.contains(type) || message.toLowerCase(Locale.ROOT).contains("timed out")) {
				return new RedisFailure(Kind.TIMED_OUT, message);
			}
			if (CONNECTION_FAILURES.contains(type) || cause instanceof ConnectException
					|| message.startsWith("Currently not connected") || message.contains("Connection closed")
					|| message.contains("Connection refused") || message.contains("Unable to connect")) {
				return new RedisFailure(Kind.UNREACHABLE, message);
			}
			fromRedisClient |= REDIS_EXCEPTION_PACKAGES.stream().anyMatch(type::startsWith);
		}
		String message = (deepest != null) ? deepest : failure.getClass().getName();
		boolean serialization = failure instanceof org.springframework.data.redis.serializer.SerializationException;
		return new RedisFailure((fromRedisClient && !serialization) ? Kind.ERROR : Kind.NOT_REDIS, message);
	}

	private static @Nullable Kind refusal(String message) {
		// Redis error replies start with their code, possibly after the client's wording.
		if (message.startsWith("OOM ") || message.contains(" OOM ") || message.contains("OOM command not allowed")) {
			return Kind.OUT_OF_MEMORY;
		}
		if (message.contains("WRONGTYPE")) {
			return Kind.WRONG_TYPE;
		}
		if (message.contains("NOSCRIPT")) {
			return Kind.NO_SCRIPT;
		}
		if (message.contains("READONLY")) {
			return Kind.READ_ONLY;
		}
		return null;
	}

	/**
	 * Whether Redis answered, with a refusal: it runs and is reachable, but cannot do
	 * what the starter asks.
	 * @return {@code true} for {@code OOM}, {@code WRONGTYPE}, {@code NOSCRIPT},
	 * {@code READONLY} and other error replies
	 */
	public boolean isRefusal() {
		return this.kind == Kind.OUT_OF_MEMORY || this.kind == Kind.WRONG_TYPE || this.kind == Kind.NO_SCRIPT
				|| this.kind == Kind.READ_ONLY || this.kind == Kind.ERROR;
	}

	/**
	 * Whether the failure came from Redis or the way to it, rather than from the starter
	 * or the application.
	 * @return {@code false} only for {@link Kind#NOT_REDIS}
	 */
	public boolean isRedis() {
		return this.kind != Kind.NOT_REDIS;
	}

	/**
	 * One sentence that names the cause, then what to do about it.
	 * @return the description
	 */
	public String describe() {
		return switch (this.kind) {
			case UNREACHABLE -> "Redis is unreachable (" + this.message + "). Check that Redis runs at the address"
					+ " 'spring.data.redis.*' names and that the network lets this application reach it";
			case TIMED_OUT -> "Redis did not answer in time (" + this.message + "): it is frozen, overloaded or"
					+ " busy with a slow command or a large value. Check its latency (redis-cli --latency, SLOWLOG"
					+ " GET) or raise 'spring.data.redis.timeout'";
			case OUT_OF_MEMORY -> "Redis refused the command for lack of memory (" + this.message + "). Raise its"
					+ " 'maxmemory', or set 'maxmemory-policy' to evict (for example allkeys-lru or volatile-lru: the"
					+ " starter's keys carry a TTL)";
			case WRONG_TYPE -> "A key the starter uses holds another Redis type (" + this.message + "): something"
					+ " else writes under the starter's key prefix. Give the starter a prefix of its own"
					+ " ('write-through.key-prefix') or delete the key";
			case NO_SCRIPT -> "Redis does not know the starter's Lua script even after it was sent (" + this.message
					+ "): a proxy in front of Redis does not forward EVAL/EVALSHA, or scripting is disabled. Connect"
					+ " to Redis directly or allow scripting";
			case READ_ONLY -> "Redis refused a write because it is a read-only replica (" + this.message + "). Point"
					+ " 'spring.data.redis.*' at the master, or configure 'spring.data.redis.sentinel.*' so a failover"
					+ " is followed";
			case ERROR -> "Redis refused the command (" + this.message + ")";
			case NOT_REDIS -> this.message;
		};
	}

	/**
	 * The state health shows: {@code unreachable}, {@code timed out}, or the refusal's
	 * code.
	 * @return a short label
	 */
	public String label() {
		return switch (this.kind) {
			case UNREACHABLE -> "unreachable";
			case TIMED_OUT -> "timed out";
			case OUT_OF_MEMORY -> "refusing commands: OOM";
			case WRONG_TYPE -> "refusing commands: WRONGTYPE";
			case NO_SCRIPT -> "refusing commands: NOSCRIPT";
			case READ_ONLY -> "refusing writes: READONLY";
			case ERROR -> "refusing commands";
			case NOT_REDIS -> "failed";
		};
	}

	/**
	 * Kinds of failure.
	 */
	public enum Kind {

		/** Redis cannot be reached: not running, not listening, or the network is cut. */
		UNREACHABLE,

		/** Redis did not answer within the command timeout, or the circuit is open. */
		TIMED_OUT,

		/** Redis refused a command because it reached {@code maxmemory}. */
		OUT_OF_MEMORY,

		/** A key holds a Redis type other than the one the command works on. */
		WRONG_TYPE,

		/** Redis does not know a script the starter runs. */
		NO_SCRIPT,

		/** Redis is a read-only replica. */
		READ_ONLY,

		/** Redis answered with another error. */
		ERROR,

		/** Not a Redis failure: the starter or the application failed. */
		NOT_REDIS

	}

}
