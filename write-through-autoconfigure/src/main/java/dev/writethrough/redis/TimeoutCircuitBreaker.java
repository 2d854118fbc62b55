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
 * The {@link RedisCircuitBreaker} that counts command timeouts in a row.
 *
 * @author write-through
 */
final class TimeoutCircuitBreaker implements RedisCircuitBreaker {

	private static final Log logger = LogFactory.getLog(RedisCircuitBreaker.class);

	private final int timeoutThreshold;

	private final long openNanos;

	private final AtomicInteger consecutiveTimeouts = new AtomicInteger();

	private final AtomicBoolean probing = new AtomicBoolean();

	private volatile long openedAtNanos;

	private volatile boolean open;

	private volatile @Nullable Instant openedAt;

	TimeoutCircuitBreaker(int timeoutThreshold, Duration openDuration) {
		Assert.isTrue(timeoutThreshold >= 0, "timeoutThreshold must not be negative");
		Assert.isTrue(openDuration != null && !openDuration.isNegative(), "openDuration must not be negative");
		this.timeoutThreshold = timeoutThreshold;
		this.openNanos = openDuration.toNanos();
	}

	/**
	 * Lets a call through, or refuses it while the circuit is open.
	 * @return {@code true} if the call is the open circuit's probe, and must report its
	 * result
	 * @throws OpenCircuitException if the circuit is open and another call probes
	 */
	boolean acquire() {
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

	@Override
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
	void succeeded() {
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
	void failed(Throwable failure, boolean probe) {
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

	@Override
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

	@Override
	public boolean isOpen() {
		return this.open;
	}

}
