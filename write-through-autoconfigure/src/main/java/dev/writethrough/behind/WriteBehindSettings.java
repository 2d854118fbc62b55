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

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.Assert;

/**
 * The settings of one write-behind cache, built with {@link #builder()}; what a setting
 * is not given keeps the default of its
 * {@code write-through.caches.<name>.write-behind.*} property.
 *
 * @author write-through
 */
public final class WriteBehindSettings {

	private final int batchSize;

	private final Duration flushInterval;

	private final long maxPending;

	private final boolean blockWhenFull;

	private final Duration blockTimeout;

	private final Duration claimTimeout;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Duration maxBackoff;

	private final Duration lagThreshold;

	private final Duration shutdownTimeout;

	private WriteBehindSettings(Builder builder) {
		Assert.isTrue(builder.batchSize > 0, "batchSize must be positive");
		Assert.isTrue(builder.maxPending > 0, "maxPending must be positive");
		Assert.isTrue(builder.maxAttempts > 0, "maxAttempts must be positive");
		Assert.isTrue(builder.flushInterval.toMillis() > 0, "flushInterval must be at least 1ms");
		Assert.isTrue(builder.claimTimeout.toMillis() > 0, "claimTimeout must be at least 1ms");
		this.batchSize = builder.batchSize;
		this.flushInterval = builder.flushInterval;
		this.maxPending = builder.maxPending;
		this.blockWhenFull = builder.blockWhenFull;
		this.blockTimeout = builder.blockTimeout;
		this.claimTimeout = builder.claimTimeout;
		this.maxAttempts = builder.maxAttempts;
		this.initialBackoff = builder.initialBackoff;
		this.maxBackoff = builder.maxBackoff;
		this.lagThreshold = builder.lagThreshold;
		this.shutdownTimeout = builder.shutdownTimeout;
	}

	/**
	 * A builder of settings, starting from the defaults.
	 * @return the builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Most writes in one transaction.
	 * @return the batch size
	 */
	public int batchSize() {
		return this.batchSize;
	}

	/**
	 * How often a flusher looks for writes when there is less than a batch.
	 * @return the interval
	 */
	public Duration flushInterval() {
		return this.flushInterval;
	}

	/**
	 * Most writes the queue holds, over all its partitions.
	 * @return the limit
	 */
	public long maxPending() {
		return this.maxPending;
	}

	/**
	 * Whether a write waits for room in a full queue (else it fails).
	 * @return whether it waits
	 */
	public boolean blockWhenFull() {
		return this.blockWhenFull;
	}

	/**
	 * How long a write waits for room.
	 * @return the timeout
	 */
	public Duration blockTimeout() {
		return this.blockTimeout;
	}

	/**
	 * How long a batch stays unacknowledged before another flusher takes it over.
	 * @return the timeout
	 */
	public Duration claimTimeout() {
		return this.claimTimeout;
	}

	/**
	 * How many times a write is tried before it is parked.
	 * @return the attempts
	 */
	public int maxAttempts() {
		return this.maxAttempts;
	}

	/**
	 * The delay before a failed batch is tried again.
	 * @return the delay
	 */
	public Duration initialBackoff() {
		return this.initialBackoff;
	}

	/**
	 * The longest delay between two tries.
	 * @return the delay
	 */
	public Duration maxBackoff() {
		return this.maxBackoff;
	}

	/**
	 * The lag above which health reports the cache degraded.
	 * @return the threshold
	 */
	public Duration lagThreshold() {
		return this.lagThreshold;
	}

	/**
	 * How long shutdown waits for the queue to be written.
	 * @return the timeout
	 */
	public Duration shutdownTimeout() {
		return this.shutdownTimeout;
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof WriteBehindSettings that && this.batchSize == that.batchSize
				&& this.flushInterval.equals(that.flushInterval) && this.maxPending == that.maxPending
				&& this.blockWhenFull == that.blockWhenFull && this.blockTimeout.equals(that.blockTimeout)
				&& this.claimTimeout.equals(that.claimTimeout) && this.maxAttempts == that.maxAttempts
				&& this.initialBackoff.equals(that.initialBackoff) && this.maxBackoff.equals(that.maxBackoff)
				&& this.lagThreshold.equals(that.lagThreshold) && this.shutdownTimeout.equals(that.shutdownTimeout));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.batchSize, this.flushInterval, this.maxPending, this.blockWhenFull, this.blockTimeout,
				this.claimTimeout, this.maxAttempts, this.initialBackoff, this.maxBackoff, this.lagThreshold,
				this.shutdownTimeout);
	}

	@Override
	public String toString() {
		return "WriteBehindSettings[batchSize=" + this.batchSize + ", flushInterval=" + this.flushInterval
				+ ", maxPending=" + this.maxPending + ", blockWhenFull=" + this.blockWhenFull + ", blockTimeout="
				+ this.blockTimeout + ", claimTimeout=" + this.claimTimeout + ", maxAttempts=" + this.maxAttempts
				+ ", initialBackoff=" + this.initialBackoff + ", maxBackoff=" + this.maxBackoff + ", lagThreshold="
				+ this.lagThreshold + ", shutdownTimeout=" + this.shutdownTimeout + "]";
	}

	/**
	 * Builds {@link WriteBehindSettings}, one named setting at a time.
	 */
	public static final class Builder {

		private int batchSize = 100;

		private Duration flushInterval = Duration.ofSeconds(1);

		private long maxPending = 100_000;

		private boolean blockWhenFull = true;

		private Duration blockTimeout = Duration.ofSeconds(1);

		private Duration claimTimeout = Duration.ofSeconds(30);

		private int maxAttempts = 10;

		private Duration initialBackoff = Duration.ofSeconds(1);

		private Duration maxBackoff = Duration.ofMinutes(1);

		private Duration lagThreshold = Duration.ofMinutes(1);

		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private Builder() {
		}

		/**
		 * Most writes in one transaction.
		 * @param batchSize the batch size
		 * @return this builder
		 */
		public Builder batchSize(int batchSize) {
			this.batchSize = batchSize;
			return this;
		}

		/**
		 * How often a flusher looks for writes when there is less than a batch.
		 * @param flushInterval the interval
		 * @return this builder
		 */
		public Builder flushInterval(Duration flushInterval) {
			this.flushInterval = notNull(flushInterval, "flushInterval");
			return this;
		}

		/**
		 * Most writes the queue holds, over all its partitions.
		 * @param maxPending the limit
		 * @return this builder
		 */
		public Builder maxPending(long maxPending) {
			this.maxPending = maxPending;
			return this;
		}

		/**
		 * Whether a write waits for room in a full queue (else it fails).
		 * @param blockWhenFull whether it waits
		 * @return this builder
		 */
		public Builder blockWhenFull(boolean blockWhenFull) {
			this.blockWhenFull = blockWhenFull;
			return this;
		}

		/**
		 * How long a write waits for room.
		 * @param blockTimeout the timeout
		 * @return this builder
		 */
		public Builder blockTimeout(Duration blockTimeout) {
			this.blockTimeout = notNull(blockTimeout, "blockTimeout");
			return this;
		}

		/**
		 * How long a batch stays unacknowledged before another flusher takes it over.
		 * @param claimTimeout the timeout
		 * @return this builder
		 */
		public Builder claimTimeout(Duration claimTimeout) {
			this.claimTimeout = notNull(claimTimeout, "claimTimeout");
			return this;
		}

		/**
		 * How many times a write is tried before it is parked.
		 * @param maxAttempts the attempts
		 * @return this builder
		 */
		public Builder maxAttempts(int maxAttempts) {
			this.maxAttempts = maxAttempts;
			return this;
		}

		/**
		 * The delay before a failed batch is tried again.
		 * @param initialBackoff the delay
		 * @return this builder
		 */
		public Builder initialBackoff(Duration initialBackoff) {
			this.initialBackoff = notNull(initialBackoff, "initialBackoff");
			return this;
		}

		/**
		 * The longest delay between two tries.
		 * @param maxBackoff the delay
		 * @return this builder
		 */
		public Builder maxBackoff(Duration maxBackoff) {
			this.maxBackoff = notNull(maxBackoff, "maxBackoff");
			return this;
		}

		/**
		 * The lag above which health reports the cache degraded.
		 * @param lagThreshold the threshold
		 * @return this builder
		 */
		public Builder lagThreshold(Duration lagThreshold) {
			this.lagThreshold = notNull(lagThreshold, "lagThreshold");
			return this;
		}

		/**
		 * How long shutdown waits for the queue to be written.
		 * @param shutdownTimeout the timeout
		 * @return this builder
		 */
		public Builder shutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = notNull(shutdownTimeout, "shutdownTimeout");
			return this;
		}

		/**
		 * The settings.
		 * @return the settings
		 * @throws IllegalArgumentException if a count is not positive or an interval is
		 * below a millisecond
		 */
		public WriteBehindSettings build() {
			return new WriteBehindSettings(this);
		}

		private static Duration notNull(Duration duration, String name) {
			Assert.notNull(duration, () -> name + " must not be null");
			return duration;
		}

	}

}
