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

package dev.writethrough.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;

/**
 * Configuration of the write-through starter, under {@code write-through}.
 *
 * @author write-through
 */
@ConfigurationProperties("write-through")
public class WriteThroughProperties {

	/**
	 * Whether to enable the write-through starter.
	 */
	private boolean enabled = true;

	/**
	 * Prefix of every Redis key the starter writes.
	 */
	private String keyPrefix = "wt:";

	/**
	 * Time to live of cached values in caches that do not set their own. A safety net:
	 * values are replaced or evicted on every write anyway. Zero means no expiry.
	 */
	private Duration defaultTtl = Duration.ofHours(1);

	/**
	 * How much each time to live is randomly shortened, so values written together do not
	 * expire together, for example 10%.
	 */
	private Percentage ttlJitter = new Percentage(0.1);

	/**
	 * What a write does when Redis cannot be reached: 'proceed' commits the database
	 * write and evicts the key once Redis is back; 'fail' refuses the write before it
	 * touches the database.
	 */
	private OnCacheUnavailable onCacheUnavailable = OnCacheUnavailable.PROCEED;

	/**
	 * Order of the write-through advisor among the application's other advisors.
	 */
	private int advisorOrder = Ordered.LOWEST_PRECEDENCE;

	/**
	 * Caches by name. When any is declared, only declared caches exist and an annotation
	 * naming another one fails the application start.
	 */
	private Map<String, Cache> caches = new LinkedHashMap<>();

	/**
	 * The log of keys whose eviction failed and is retried.
	 */
	private final PendingInvalidations pendingInvalidations = new PendingInvalidations();

	/**
	 * Which types may be read from and written to the cache.
	 */
	private final Serialization serialization = new Serialization();

	/**
	 * How the starter uses the Redis client.
	 */
	private final Redis redis = new Redis();

	/**
	 * The per-key fence of writes.
	 */
	private final Fence fence = new Fence();

	/**
	 * The read leases that decide which reader fills a missed entry.
	 */
	private final Leases leases = new Leases();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		Assert.isTrue(keyPrefix.indexOf('{') < 0 && keyPrefix.indexOf('}') < 0,
				() -> "write-through.key-prefix must not contain braces (they mark Redis Cluster hash tags), but was '"
						+ keyPrefix + "'");
		this.keyPrefix = keyPrefix;
	}

	public Duration getDefaultTtl() {
		return this.defaultTtl;
	}

	public void setDefaultTtl(Duration defaultTtl) {
		Assert.isTrue(!defaultTtl.isNegative(), () -> "write-through.default-ttl must not be negative, but was "
				+ defaultTtl + "; use 0 for no expiry");
		this.defaultTtl = defaultTtl;
	}

	public Percentage getTtlJitter() {
		return this.ttlJitter;
	}

	public void setTtlJitter(Percentage ttlJitter) {
		this.ttlJitter = ttlJitter;
	}

	public OnCacheUnavailable getOnCacheUnavailable() {
		return this.onCacheUnavailable;
	}

	public void setOnCacheUnavailable(OnCacheUnavailable onCacheUnavailable) {
		this.onCacheUnavailable = onCacheUnavailable;
	}

	public int getAdvisorOrder() {
		return this.advisorOrder;
	}

	public void setAdvisorOrder(int advisorOrder) {
		this.advisorOrder = advisorOrder;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, Cache> caches) {
		caches.keySet()
			.forEach((name) -> Assert.isTrue(name.chars().noneMatch((c) -> ":{}*?[]\\".indexOf(c) >= 0),
					() -> "Cache name '" + name
							+ "' under write-through.caches must not contain any of : { } * ? [ ] \\"
							+ " (they are part of the Redis key layout); rename the cache"));
		this.caches = caches;
	}

	public PendingInvalidations getPendingInvalidations() {
		return this.pendingInvalidations;
	}

	public Serialization getSerialization() {
		return this.serialization;
	}

	public Redis getRedis() {
		return this.redis;
	}

	public Fence getFence() {
		return this.fence;
	}

	public Leases getLeases() {
		return this.leases;
	}

	/**
	 * The per-key fence: while a key is being written no value stays cached and no read
	 * fills it.
	 */
	public static class Fence {

		/**
		 * How long a writer's marker lives if the writer never ends (it crashed between
		 * commit and cache update): longer than any transaction. Until it expires, reads
		 * of the key go to the database.
		 */
		private Duration markerTtl = Duration.ofMinutes(2);

		public Duration getMarkerTtl() {
			return this.markerTtl;
		}

		public void setMarkerTtl(Duration markerTtl) {
			Assert.isTrue(markerTtl.toMillis() > 0,
					() -> "write-through.fence.marker-ttl must be at least 1ms, but was " + markerTtl
							+ "; make it longer than your longest transaction");
			this.markerTtl = markerTtl;
		}

	}

	/**
	 * Read leases: after a miss only the lease holder fills the entry, across every
	 * instance of the application.
	 */
	public static class Leases {

		/**
		 * Whether reads that miss take a lease before they fill. Without leases a fill
		 * can cache a value a concurrent writer has already replaced.
		 */
		private boolean enabled = true;

		/**
		 * How long a lease lives if its holder never fills (its read failed).
		 */
		private Duration ttl = Duration.ofSeconds(2);

		/**
		 * How long a reader that finds the lease taken waits for the holder's fill before
		 * it reads the database without filling.
		 */
		private Duration wait = Duration.ofMillis(300);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(Duration ttl) {
			Assert.isTrue(ttl.toMillis() > 0, () -> "write-through.leases.ttl must be at least 1ms, but was " + ttl);
			this.ttl = ttl;
		}

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			Assert.isTrue(!wait.isNegative(), () -> "write-through.leases.wait must not be negative, but was " + wait);
			this.wait = wait;
		}

	}

	/**
	 * Settings of one cache.
	 */
	public static class Cache {

		/**
		 * Time to live of this cache's values; the default TTL when not set.
		 */
		private @Nullable Duration ttl;

		/**
		 * How writes reach this cache. Only 'write-through' is available in this version.
		 */
		private WriteStrategy strategy = WriteStrategy.WRITE_THROUGH;

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			Assert.isTrue(ttl == null || !ttl.isNegative(),
					() -> "A cache's ttl must not be negative, but was " + ttl + "; use 0 for no expiry");
			this.ttl = ttl;
		}

		public WriteStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(WriteStrategy strategy) {
			Assert.isTrue(strategy == WriteStrategy.WRITE_THROUGH,
					() -> "Strategy '" + strategy.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
							+ "' is not available in this version of write-through; use 'write-through' (the default)");
			this.strategy = strategy;
		}

	}

	/**
	 * Settings of the pending-invalidation log.
	 */
	public static class PendingInvalidations {

		/**
		 * How many keys the log holds; past that, the cache that overflows is cleared as
		 * a whole once Redis is back.
		 */
		private int maxSize = 10_000;

		/**
		 * Delay before the first retry of a failed eviction; it doubles on every failure.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Longest delay between two retries.
		 */
		private Duration maxBackoff = Duration.ofSeconds(30);

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			Assert.isTrue(maxSize > 0,
					() -> "write-through.pending-invalidations.max-size must be positive, but was " + maxSize);
			this.maxSize = maxSize;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			Assert.isTrue(initialBackoff.toMillis() > 0,
					() -> "write-through.pending-invalidations.initial-backoff must be at least 1ms, but was "
							+ initialBackoff);
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			Assert.isTrue(maxBackoff.toMillis() > 0,
					() -> "write-through.pending-invalidations.max-backoff must be at least 1ms, but was "
							+ maxBackoff);
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Which types may be cached, besides the common JDK value types and the types the
	 * annotated methods take and return.
	 */
	public static class Serialization {

		/**
		 * More types whose values may be cached.
		 */
		private List<Class<?>> allowedTypes = new ArrayList<>();

		/**
		 * Packages (with their sub-packages) whose types may be cached.
		 */
		private List<String> allowedPackages = new ArrayList<>();

		public List<Class<?>> getAllowedTypes() {
			return this.allowedTypes;
		}

		public void setAllowedTypes(List<Class<?>> allowedTypes) {
			this.allowedTypes = allowedTypes;
		}

		public List<String> getAllowedPackages() {
			return this.allowedPackages;
		}

		public void setAllowedPackages(List<String> allowedPackages) {
			this.allowedPackages = allowedPackages;
		}

	}

	/**
	 * How the starter uses the Redis client.
	 */
	public static class Redis {

		/**
		 * Whether Lettuce rejects commands at once while disconnected, instead of
		 * queueing them until the command timeout, so reads fall back to the database
		 * without waiting when Redis is down.
		 */
		private boolean rejectCommandsWhileDisconnected = true;

		public boolean isRejectCommandsWhileDisconnected() {
			return this.rejectCommandsWhileDisconnected;
		}

		public void setRejectCommandsWhileDisconnected(boolean rejectCommandsWhileDisconnected) {
			this.rejectCommandsWhileDisconnected = rejectCommandsWhileDisconnected;
		}

	}

}
