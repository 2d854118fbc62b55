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

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.util.Assert;

/**
 * Stops the starter waiting on a Redis that is connected but does not answer (frozen, for
 * example by {@code SIGSTOP}, or stalled): after a number of command timeouts in a row
 * the circuit opens and calls fail at once, as misses and pending evictions, instead of
 * each waiting for the command timeout. After the open duration one call at a time is let
 * through as a probe; the circuit closes when a call succeeds or the connection is
 * re-established, and opens again when the probe times out too.
 * <p>
 * Only timeouts count: a Redis that is down is already refused at once by the client
 * while disconnected, and a refusal (such as {@code OOM}) is an answer.
 *
 * @author write-through
 */
public final class RedisCircuitBreaker {

	private static final Log logger = LogFactory.getLog(RedisCircuitBreaker.class);

	private final int timeoutThreshold;

	private final long openNanos;

	private final AtomicInteger consecutiveTimeouts = new AtomicInteger();

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile long openedAtNanos;

	private volatile boolean open;

	private volatile @Nullable Instant openedAt;

	/**
	 * Create a new instance.
	 * @param timeoutThreshold how many command timeouts in a row open the circuit; 0
	 * never opens it
	 * @param openDuration how long an open circuit refuses every call before it lets a
	 * probe through
	 */
	public RedisCircuitBreaker(int timeoutThreshold, Duration openDuration) {
		Assert.isTrue(timeoutThreshold >= 0, "timeoutThreshold must not be negative");
		Assert.isTrue(openDuration != null && !openDuration.isNegative(), "openDuration must not be negative");
		this.timeoutThreshold = timeoutThreshold;
		this.openNanos = openDuration.toNanos();
	}

	/**
	 * A circuit that never opens.
	 * @return the circuit
	 */
	public static RedisCircuitBreaker disabled() {
		return new RedisCircuitBreaker(0, Duration.ZERO);
	}

	/**
	 * Lets a call through, or refuses it while the circuit is open.
	 * @return {@code true} if the call is the open circuit's probe, and must report its
	 * result
	 * @throws OpenCircuitException if the circuit is open and another call probes
	 */
	public boolean acquire() {
		if (!this.open) {
			return false;
		}
		if (System.nanoTime() - this.openedAtNanos >= this.openNanos && this.probing.compareAndSet(false, true)) {
			return true;
		}
		throw new OpenCircuitException("Redis timed out " + this.timeoutThreshold
				+ " times in a row; the starter stops waiting on it (circuit open since " + this.openedAt
				+ ", probing again every " + Duration.ofNanos(this.openNanos).toMillis() + "ms)");
	}

	/**
	 * Makes one call to Redis through the circuit: refused at once while it is open, its
	 * outcome counted otherwise.
	 * @param <T> the type of the call's result
	 * @param call the call
	 * @return its result
	 * @throws OpenCircuitException if the circuit is open and another call probes
	 * @throws RuntimeException what the call threw
	 */
	public <T> T call(Supplier<T> call) {
		boolean probe = acquire();
		T result;
		try {
			result = call.get();
		}
		catch (RuntimeException ex) {
			failed(ex, probe);
			throw ex;
		}
		succeeded();
		return result;
	}

	/**
	 * A call (or the probe) succeeded: Redis answers, the circuit closes.
	 */
	public void succeeded() {
		this.consecutiveTimeouts.set(0);
		if (this.open) {
			close("Redis answers again");
		}
	}

	/**
	 * A call failed.
	 * @param failure what it threw
	 * @param probe whether the call was the open circuit's probe
	 */
	public void failed(Throwable failure, boolean probe) {
		if (failure instanceof OpenCircuitException) {
			return;
		}
		RedisFailure redisFailure = RedisFailure.of(failure);
		if (redisFailure.kind() != RedisFailure.Kind.TIMED_OUT) {
			if (probe) {
				this.probing.set(false);
			}
			if (redisFailure.isRefusal()) {
				succeeded();
			}
			return;
		}
		if (probe) {
			this.openedAtNanos = System.nanoTime();
			this.probing.set(false);
			return;
		}
		if (this.timeoutThreshold > 0 && this.consecutiveTimeouts.incrementAndGet() >= this.timeoutThreshold
				&& !this.open) {
			this.openedAtNanos = System.nanoTime();
			this.openedAt = Instant.now();
			this.probing.set(false);
			this.open = true;
			logger.warn("Redis timed out " + this.timeoutThreshold + " times in a row (" + redisFailure.message()
					+ "): the starter stops waiting on it and serves from the database, probing again every "
					+ Duration.ofNanos(this.openNanos).toMillis() + "ms. Check that Redis is not frozen or overloaded"
					+ " (redis-cli --latency, SLOWLOG GET)");
		}
	}

	/**
	 * The connection to Redis was re-established: close the circuit so calls go through
	 * at once.
	 */
	public void reset() {
		this.consecutiveTimeouts.set(0);
		if (this.open) {
			close("the connection to Redis was re-established");
		}
	}

	private synchronized void close(String why) {
		if (this.open) {
			this.open = false;
			this.probing.set(false);
			this.openedAt = null;
			logger.info("Redis circuit closed: " + why);
		}
	}

	/**
	 * Whether calls are refused at once.
	 * @return {@code true} while the circuit is open
	 */
	public boolean isOpen() {
		return this.open;
	}

	/**
	 * Since when the circuit is open.
	 * @return the instant, or {@code null} while closed
	 */
	public @Nullable Instant getOpenedAt() {
		return this.openedAt;
	}

	/**
	 * A call refused because the circuit is open: Redis timed out repeatedly and the
	 * starter does not wait on it.
	 */
	public static final class OpenCircuitException extends QueryTimeoutException {

		OpenCircuitException(String message) {
			super(message);
		}

	}

}
