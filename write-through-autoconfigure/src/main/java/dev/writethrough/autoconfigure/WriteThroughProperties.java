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

import dev.writethrough.audit.ConsistencyAuditor;
import dev.writethrough.redis.CacheKeys;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteStrategy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;

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
	 * Largest serialized value that is cached. A larger value is not cached (counted in
	 * writethrough.values.rejected with reason too_large and logged once); its reads go
	 * to the database.
	 */
	private DataSize maxValueSize = DataSize.ofMegabytes(1);

	/**
	 * Whether the cache's keys are scoped to this start (a random epoch in the key
	 * prefix) when the data source is an embedded in-memory database, which is new at
	 * every start while Redis keeps what the last run cached.
	 */
	private boolean embeddedDatabaseEpoch = true;

	/**
	 * What a write does when Redis cannot be reached: 'proceed' commits the database
	 * write and evicts the key once Redis is back; 'fail' refuses the write before it
	 * touches the database.
	 */
	private OnCacheUnavailable onCacheUnavailable = OnCacheUnavailable.PROCEED;

	/**
	 * Whether a write returns only once its after-commit cache step is done. With false
	 * it returns right after the commit and the step runs in the background: the key
	 * stays fenced until then, so nothing stale is served, but a read right after the
	 * write may miss and go to the database.
	 */
	private boolean awaitCacheUpdate = true;

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

	/**
	 * The consistency auditor, which samples cached entries against the database.
	 */
	private final Audit audit = new Audit();

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
		String reserved = CacheKeys.reservedCharacters(keyPrefix, CacheKeys.RESERVED_PREFIX_CHARACTERS);
		Assert.isTrue(reserved.isEmpty(), () -> "write-through.key-prefix '" + keyPrefix + "' contains " + reserved
				+ ": braces mark Redis Cluster hash tags and * ? [ ] \\ are special in the SCAN patterns that clear"
				+ " a cache, so clearing could miss this application's keys or delete another's. Choose a prefix"
				+ " without { } * ? [ ] \\ (for example 'app1:')");
		this.keyPrefix = keyPrefix;
	}

	public DataSize getMaxValueSize() {
		return this.maxValueSize;
	}

	public void setMaxValueSize(DataSize maxValueSize) {
		Assert.isTrue(maxValueSize.toBytes() > 0,
				() -> "write-through.max-value-size must be positive, but was " + maxValueSize);
		this.maxValueSize = maxValueSize;
	}

	public boolean isEmbeddedDatabaseEpoch() {
		return this.embeddedDatabaseEpoch;
	}

	public void setEmbeddedDatabaseEpoch(boolean embeddedDatabaseEpoch) {
		this.embeddedDatabaseEpoch = embeddedDatabaseEpoch;
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

	public boolean isAwaitCacheUpdate() {
		return this.awaitCacheUpdate;
	}

	public void setAwaitCacheUpdate(boolean awaitCacheUpdate) {
		this.awaitCacheUpdate = awaitCacheUpdate;
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

	public Audit getAudit() {
		return this.audit;
	}

	/**
	 * The consistency auditor: samples cached entries continuously, loads the same rows
	 * from the database after a grace period, counts consistent and stale entries per
	 * cache and evicts the stale ones.
	 */
	public static class Audit {

		/**
		 * Whether to audit cached entries against the database.
		 */
		private boolean enabled = false;

		/**
		 * How many entries to sample, per second ("50/s"), minute ("600/m") or hour
		 * ("3600/h"), across every audited cache of this instance. Each sample reads
		 * Redis two or three times and the database once or twice.
		 */
		private String rate = "50/s";

		/**
		 * How long a sampled entry must stay unchanged in Redis before it is compared,
		 * and again before a mismatch counts as stale, so that writes in flight land
		 * first.
		 */
		private Duration gracePeriod = Duration.ofSeconds(1);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getRate() {
			return this.rate;
		}

		public void setRate(String rate) {
			ConsistencyAuditor.Settings.samplesPerSecond(rate);
			this.rate = rate;
		}

		public Duration getGracePeriod() {
			return this.gracePeriod;
		}

		public void setGracePeriod(Duration gracePeriod) {
			Assert.isTrue(gracePeriod.toMillis() > 0,
					() -> "write-through.audit.grace-period must be at least 1ms, but was " + gracePeriod);
			this.gracePeriod = gracePeriod;
		}

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

		/**
		 * How many replicas must hold a writer's fence (and an eviction) before the write
		 * relies on it: after the fence's begin-write, WAIT for this many replicas. With
		 * fewer within replica-timeout the write is refused or evicted, as
		 * on-cache-unavailable says. 0 (the default) waits for none: a failover to a
		 * replica that had not received a fence can then leave a stale value cached.
		 */
		private int replicas = 0;

		/**
		 * How long WAIT waits for the replicas. The connection's other commands wait
		 * behind it, so keep it short.
		 */
		private Duration replicaTimeout = Duration.ofMillis(100);

		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			Assert.isTrue(replicas >= 0, () -> "write-through.fence.replicas must be 0 or more, but was " + replicas);
			this.replicas = replicas;
		}

		public Duration getReplicaTimeout() {
			return this.replicaTimeout;
		}

		public void setReplicaTimeout(Duration replicaTimeout) {
			Assert.isTrue(replicaTimeout.toMillis() > 0,
					() -> "write-through.fence.replica-timeout must be at least 1ms, but was " + replicaTimeout);
			this.replicaTimeout = replicaTimeout;
		}

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

		private static final Duration WRITE_AROUND_DEFAULT_TTL = Duration.ofMinutes(5);

		/**
		 * Time to live of this cache's values. When not set: the default TTL, or 5
		 * minutes for a write-around cache.
		 */
		private @Nullable Duration ttl;

		/**
		 * How writes reach this cache: 'write-through' (database commit, then cache
		 * update), 'write-around' (database commit, then eviction; reads fill) or
		 * 'write-behind' (cache update and a durable queue at once, database later).
		 */
		private WriteStrategy strategy = WriteStrategy.WRITE_THROUGH;

		/**
		 * Settings of a write-behind cache.
		 */
		private final WriteBehind writeBehind = new WriteBehind();

		public @Nullable Duration getTtl() {
			return this.ttl;
		}

		public void setTtl(@Nullable Duration ttl) {
			Assert.isTrue(ttl == null || !ttl.isNegative(),
					() -> "A cache's ttl must not be negative, but was " + ttl + "; use 0 for no expiry");
			this.ttl = ttl;
		}

		/**
		 * The time to live this cache's values get: its own, or else the default for its
		 * strategy.
		 * @param defaultTtl {@code write-through.default-ttl}
		 * @return the time to live
		 */
		public Duration resolveTtl(Duration defaultTtl) {
			if (this.ttl != null) {
				return this.ttl;
			}
			return (this.strategy == WriteStrategy.WRITE_AROUND) ? WRITE_AROUND_DEFAULT_TTL : defaultTtl;
		}

		public WriteStrategy getStrategy() {
			return this.strategy;
		}

		public void setStrategy(WriteStrategy strategy) {
			this.strategy = strategy;
		}

		public WriteBehind getWriteBehind() {
			return this.writeBehind;
		}

	}

	/**
	 * Settings of a write-behind cache: its queue, its flushers and its writer.
	 */
	public static class WriteBehind {

		/**
		 * Who writes flushed batches to the database: the name of a WriteBehindWriter
		 * bean, or 'bean.method' naming a method (for example 'pageViewRepository.save')
		 * that is called once per value, all in one transaction per batch. Required for a
		 * write-behind cache.
		 */
		private @Nullable String writer;

		/**
		 * Most queued writes a flusher writes in one transaction.
		 */
		private int batchSize = 100;

		/**
		 * How often a flusher looks for queued writes when the queue holds less than a
		 * full batch.
		 */
		private Duration flushInterval = Duration.ofSeconds(1);

		/**
		 * Most writes the queue holds before writes block or fail (see 'when-full').
		 */
		private long maxPending = 100_000;

		/**
		 * What a write does when the queue is full: 'block' waits up to 'block-timeout'
		 * for room, then fails; 'fail' fails at once. Either way the failure is a
		 * WriteBehindQueueFullException and nothing is written.
		 */
		private WhenFull whenFull = WhenFull.BLOCK;

		/**
		 * How long a write waits for room in a full queue when 'when-full' is 'block'.
		 */
		private Duration blockTimeout = Duration.ofSeconds(1);

		/**
		 * How long a batch may stay unacknowledged before another instance takes it over
		 * (its flusher died mid-batch). Longer than a batch's transaction.
		 */
		private Duration claimTimeout = Duration.ofSeconds(30);

		/**
		 * How many times a failing write is tried before it is parked in the dead-letter
		 * stream.
		 */
		private int maxAttempts = 10;

		/**
		 * Delay before a failed batch is tried again; it doubles on every failure.
		 */
		private Duration initialBackoff = Duration.ofSeconds(1);

		/**
		 * Longest delay between two tries of a failing batch.
		 */
		private Duration maxBackoff = Duration.ofMinutes(1);

		/**
		 * Age of the oldest unflushed write above which health reports the cache as
		 * DEGRADED.
		 */
		private Duration lagThreshold = Duration.ofMinutes(1);

		/**
		 * How long the application's shutdown waits for the flushers to write what is
		 * queued.
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		/**
		 * How many Redis streams, each with its own hash tag, the queue is split over (1
		 * to 256). A key always goes to the same partition (CRC-32 of its string form
		 * modulo the partitions), so its writes keep their order; each partition has its
		 * own flusher in every instance. Default: the number of masters of a Redis
		 * Cluster, read at start; 1 on a standalone Redis or Sentinel. Every instance
		 * must use the same number; a change drains the old streams at start.
		 */
		private @Nullable Integer partitions;

		public @Nullable String getWriter() {
			return this.writer;
		}

		public void setWriter(@Nullable String writer) {
			this.writer = writer;
		}

		public int getBatchSize() {
			return this.batchSize;
		}

		public void setBatchSize(int batchSize) {
			Assert.isTrue(batchSize > 0, () -> "write-behind batch-size must be positive, but was " + batchSize);
			this.batchSize = batchSize;
		}

		public Duration getFlushInterval() {
			return this.flushInterval;
		}

		public void setFlushInterval(Duration flushInterval) {
			Assert.isTrue(flushInterval.toMillis() > 0,
					() -> "write-behind flush-interval must be at least 1ms, but was " + flushInterval);
			this.flushInterval = flushInterval;
		}

		public long getMaxPending() {
			return this.maxPending;
		}

		public void setMaxPending(long maxPending) {
			Assert.isTrue(maxPending > 0, () -> "write-behind max-pending must be positive, but was " + maxPending);
			this.maxPending = maxPending;
		}

		public WhenFull getWhenFull() {
			return this.whenFull;
		}

		public void setWhenFull(WhenFull whenFull) {
			this.whenFull = whenFull;
		}

		public Duration getBlockTimeout() {
			return this.blockTimeout;
		}

		public void setBlockTimeout(Duration blockTimeout) {
			Assert.isTrue(!blockTimeout.isNegative(),
					() -> "write-behind block-timeout must not be negative, but was " + blockTimeout);
			this.blockTimeout = blockTimeout;
		}

		public Duration getClaimTimeout() {
			return this.claimTimeout;
		}

		public void setClaimTimeout(Duration claimTimeout) {
			Assert.isTrue(claimTimeout.toMillis() > 0,
					() -> "write-behind claim-timeout must be at least 1ms, but was " + claimTimeout);
			this.claimTimeout = claimTimeout;
		}

		public int getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(int maxAttempts) {
			Assert.isTrue(maxAttempts > 0, () -> "write-behind max-attempts must be positive, but was " + maxAttempts);
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			Assert.isTrue(initialBackoff.toMillis() > 0,
					() -> "write-behind initial-backoff must be at least 1ms, but was " + initialBackoff);
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			Assert.isTrue(maxBackoff.toMillis() > 0,
					() -> "write-behind max-backoff must be at least 1ms, but was " + maxBackoff);
			this.maxBackoff = maxBackoff;
		}

		public Duration getLagThreshold() {
			return this.lagThreshold;
		}

		public void setLagThreshold(Duration lagThreshold) {
			Assert.isTrue(lagThreshold.toMillis() > 0,
					() -> "write-behind lag-threshold must be at least 1ms, but was " + lagThreshold);
			this.lagThreshold = lagThreshold;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			Assert.isTrue(!shutdownTimeout.isNegative(),
					() -> "write-behind shutdown-timeout must not be negative, but was " + shutdownTimeout);
			this.shutdownTimeout = shutdownTimeout;
		}

		public @Nullable Integer getPartitions() {
			return this.partitions;
		}

		public void setPartitions(@Nullable Integer partitions) {
			Assert.isTrue(partitions == null || (partitions >= 1 && partitions <= CacheKeys.MAX_PARTITIONS),
					() -> "write-behind partitions must be from 1 to " + CacheKeys.MAX_PARTITIONS + ", but was "
							+ partitions);
			this.partitions = partitions;
		}

		/**
		 * What a write-behind write does when the queue is full.
		 */
		public enum WhenFull {

			/**
			 * Wait up to the block timeout for room, then fail.
			 */
			BLOCK,

			/**
			 * Fail at once.
			 */
			FAIL

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

		/**
		 * The durable log: evictions that could not reach Redis, recorded in the database
		 * with the write's own commit so they survive a restart.
		 */
		private final Durable durable = new Durable();

		public Durable getDurable() {
			return this.durable;
		}

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
	 * Settings of the durable invalidation log: a table in the application's database
	 * where a write whose key could not be fenced in Redis records its eviction, in the
	 * write's own transaction, so that "committed" implies "will be invalidated" across a
	 * restart.
	 */
	public static class Durable {

		/**
		 * Whether evictions that could not reach Redis are also recorded in the database
		 * (needs a DataSource).
		 */
		private boolean enabled = true;

		/**
		 * The table of the durable log.
		 */
		private String table = "write_through_invalidations";

		/**
		 * Whether the starter creates the table at start-up when it does not exist. Turn
		 * off when a migration tool owns the schema, and create it with the DDL in the
		 * README.
		 */
		private boolean initializeSchema = true;

		/**
		 * How often each instance looks for recorded evictions (its own or other
		 * instances') and sends them once Redis answers.
		 */
		private Duration pollInterval = Duration.ofSeconds(5);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getTable() {
			return this.table;
		}

		public void setTable(String table) {
			Assert.isTrue(table.matches("[A-Za-z_][A-Za-z0-9_.]*"),
					() -> "write-through.pending-invalidations.durable.table must be a plain SQL table name (letters,"
							+ " digits, _ and an optional schema), but was '" + table + "'");
			this.table = table;
		}

		public boolean isInitializeSchema() {
			return this.initializeSchema;
		}

		public void setInitializeSchema(boolean initializeSchema) {
			this.initializeSchema = initializeSchema;
		}

		public Duration getPollInterval() {
			return this.pollInterval;
		}

		public void setPollInterval(Duration pollInterval) {
			Assert.isTrue(pollInterval.toMillis() > 0,
					() -> "write-through.pending-invalidations.durable.poll-interval must be at least 1ms, but was "
							+ pollInterval);
			this.pollInterval = pollInterval;
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

		/**
		 * Longest delay between two reconnection attempts of Lettuce (its own default
		 * grows to 30s), so the cache is back within about this long once Redis answers
		 * again.
		 */
		private Duration maxReconnectDelay = Duration.ofMillis(500);

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		public Duration getMaxReconnectDelay() {
			return this.maxReconnectDelay;
		}

		public void setMaxReconnectDelay(Duration maxReconnectDelay) {
			this.maxReconnectDelay = maxReconnectDelay;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public boolean isRejectCommandsWhileDisconnected() {
			return this.rejectCommandsWhileDisconnected;
		}

		public void setRejectCommandsWhileDisconnected(boolean rejectCommandsWhileDisconnected) {
			this.rejectCommandsWhileDisconnected = rejectCommandsWhileDisconnected;
		}

		/**
		 * When the starter stops waiting on a Redis that is connected but does not answer
		 * (frozen or stalled).
		 */
		public static class CircuitBreaker {

			/**
			 * Command timeouts in a row after which calls fail at once, as misses and
			 * pending evictions, instead of each waiting for 'spring.data.redis.timeout'.
			 * 0 turns the circuit breaker off.
			 */
			private int timeouts = 2;

			/**
			 * How long calls fail at once before one call is let through to probe Redis.
			 */
			private Duration openDuration = Duration.ofSeconds(1);

			public int getTimeouts() {
				return this.timeouts;
			}

			public void setTimeouts(int timeouts) {
				this.timeouts = timeouts;
			}

			public Duration getOpenDuration() {
				return this.openDuration;
			}

			public void setOpenDuration(Duration openDuration) {
				this.openDuration = openDuration;
			}

		}

	}

}
