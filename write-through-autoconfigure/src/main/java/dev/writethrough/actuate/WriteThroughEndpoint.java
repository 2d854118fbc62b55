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

package dev.writethrough.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.audit.CacheAudit;
import dev.writethrough.audit.ConsistencyAuditor;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.behind.WriteBehindSettings;
import dev.writethrough.metrics.WriteThroughMetricNames;
import dev.writethrough.redis.RedisFailure;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code writethrough} endpoint: per cache its settings, hits, misses, hit ratio,
 * write latency percentiles (per outcome) and pending invalidations; for a write-behind
 * cache also its queue depth, lag and dead letters, which a write operation replays; with
 * the consistency auditor on, the consistency it measured over the last hour.
 *
 * @author write-through
 */
@Endpoint(id = "writethrough")
public class WriteThroughEndpoint {

	private static final int PARKED_SHOWN = 20;

	private final ObjectProvider<WriteThroughCacheManager> cacheManagers;

	private final PendingInvalidations pendingInvalidations;

	private final OnCacheUnavailable onCacheUnavailable;

	private final Map<String, String> strategies;

	private final ObjectProvider<MeterRegistry> meterRegistry;

	private final ObjectProvider<WriteBehindQueues> writeBehindQueues;

	private final ObjectProvider<ConsistencyAuditor> auditor;

	/**
	 * Create a new instance.
	 * @param cacheManagers the write-through cache managers
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param strategies the configured strategy of each declared cache
	 * @param meterRegistry where the write timers are, if metrics are on
	 */
	public WriteThroughEndpoint(ObjectProvider<WriteThroughCacheManager> cacheManagers,
			PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable,
			Map<String, String> strategies, ObjectProvider<MeterRegistry> meterRegistry) {
		this(cacheManagers, pendingInvalidations, onCacheUnavailable, strategies, meterRegistry,
				new StaticListableBeanFactory().getBeanProvider(WriteBehindQueues.class));
	}

	/**
	 * Create a new instance that also describes write-behind queues.
	 * @param cacheManagers the write-through cache managers
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param strategies the configured strategy of each declared cache
	 * @param meterRegistry where the write timers are, if metrics are on
	 * @param writeBehindQueues the queues of the write-behind caches
	 */
	public WriteThroughEndpoint(ObjectProvider<WriteThroughCacheManager> cacheManagers,
			PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable,
			Map<String, String> strategies, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<WriteBehindQueues> writeBehindQueues) {
		this(cacheManagers, pendingInvalidations, onCacheUnavailable, strategies, meterRegistry, writeBehindQueues,
				new StaticListableBeanFactory().getBeanProvider(ConsistencyAuditor.class));
	}

	/**
	 * Create a new instance that also describes write-behind queues and what the
	 * consistency auditor found.
	 * @param cacheManagers the write-through cache managers
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param strategies the configured strategy of each declared cache
	 * @param meterRegistry where the write timers are, if metrics are on
	 * @param writeBehindQueues the queues of the write-behind caches
	 * @param auditor the consistency auditor, if it is on
	 */
	public WriteThroughEndpoint(ObjectProvider<WriteThroughCacheManager> cacheManagers,
			PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable,
			Map<String, String> strategies, ObjectProvider<MeterRegistry> meterRegistry,
			ObjectProvider<WriteBehindQueues> writeBehindQueues, ObjectProvider<ConsistencyAuditor> auditor) {
		this.auditor = auditor;
		this.writeBehindQueues = writeBehindQueues;
		this.cacheManagers = cacheManagers;
		this.pendingInvalidations = pendingInvalidations;
		this.onCacheUnavailable = onCacheUnavailable;
		this.strategies = Map.copyOf(strategies);
		this.meterRegistry = meterRegistry;
	}

	/**
	 * Describes the caches.
	 * @return the description
	 */
	@ReadOperation
	public WriteThroughDescriptor describe() {
		Map<String, CacheDescriptor> caches = new TreeMap<>();
		MeterRegistry registry = this.meterRegistry.getIfAvailable();
		ConsistencyAuditor auditor = this.auditor.getIfAvailable();
		Map<String, CacheAudit> audits = (auditor != null) ? auditor.report() : Map.of();
		this.cacheManagers.orderedStream().forEach((manager) -> manager.getCacheNames().forEach((name) -> {
			WriteThroughCache cache = manager.getCache(name);
			if (cache != null) {
				caches.put(name, describe(cache, registry, audits.get(name)));
			}
		}));
		return new WriteThroughDescriptor(this.onCacheUnavailable.name().toLowerCase(Locale.ROOT),
				this.pendingInvalidations.size(), caches);
	}

	private CacheDescriptor describe(WriteThroughCache cache, @Nullable MeterRegistry registry,
			@Nullable CacheAudit audit) {
		long hits = cache.getStatistics().getHits();
		long misses = cache.getStatistics().getMisses();
		Double hitRatio = (hits + misses > 0) ? (double) hits / (hits + misses) : null;
		Map<String, LatencyDescriptor> writes = new TreeMap<>();
		if (registry != null) {
			for (Timer timer : registry.find(WriteThroughMetricNames.WRITE)
				.tag(WriteThroughMetricNames.CACHE_TAG, cache.getName())
				.timers()) {
				writes.put(timer.getId().getTag(WriteThroughMetricNames.OUTCOME_TAG), LatencyDescriptor.of(timer));
			}
		}
		return new CacheDescriptor(this.strategies.getOrDefault(cache.getName(), "write-through"),
				cache.getTtl().toString(), cache.getTtlJitter(), hits, misses, hitRatio,
				cache.getStatistics().getPuts(), cache.getStatistics().getEvictions(),
				cache.getStatistics().getRejectedReads(), this.pendingInvalidations.size(cache.getName()), writes,
				describeWriteBehind(cache.getName(), registry), audit);
	}

	private @Nullable WriteBehindDescriptor describeWriteBehind(String cacheName, @Nullable MeterRegistry registry) {
		WriteBehindQueues queues = this.writeBehindQueues.getIfAvailable();
		WriteBehindQueue queue = (queues != null) ? queues.get(cacheName) : null;
		if (queue == null) {
			return null;
		}
		LatencyDescriptor flushes = null;
		if (registry != null) {
			Timer timer = registry.find(WriteThroughMetricNames.WRITE_BEHIND_FLUSH)
				.tags(WriteThroughMetricNames.CACHE_TAG, cacheName, WriteThroughMetricNames.OUTCOME_TAG, "flushed")
				.timer();
			flushes = (timer != null) ? LatencyDescriptor.of(timer) : null;
		}
		try {
			return new WriteBehindDescriptor(queue.partitions(), queue.depth(), queue.lag().toMillis(),
					queue.deadLetters(), queue.deadLetterDetails(PARKED_SHOWN), flushes, null);
		}
		catch (RuntimeException ex) {
			return new WriteBehindDescriptor(queue.partitions(), null, null, null, List.of(), flushes,
					RedisFailure.of(ex).describe());
		}
	}

	/**
	 * Moves the writes parked in a write-behind cache's dead-letter stream back to its
	 * queue ({@code POST /actuator/writethrough/<cache>/replay}), except those whose key
	 * has a later write queued.
	 * @param cache the write-behind cache
	 * @param action {@code replay}
	 * @return how many writes were queued again, skipped, or left parked (queue full)
	 */
	@WriteOperation
	public WriteBehindQueue.ReplayResult replay(@Selector String cache, @Selector String action) {
		if (!"replay".equals(action)) {
			throw new InvalidEndpointRequestException("Unknown action '" + action + "'; use /" + cache + "/replay",
					"Unknown action");
		}
		WriteBehindQueues queues = this.writeBehindQueues.getIfAvailable();
		WriteBehindQueue queue = (queues != null) ? queues.get(cache) : null;
		WriteBehindSettings settings = (queues != null) ? queues.settings(cache) : null;
		if (queue == null || settings == null) {
			throw new InvalidEndpointRequestException(
					"Cache '" + cache + "' is not a write-behind cache: it has no dead-letter stream",
					"Not a write-behind cache");
		}
		return queue.replay(settings.maxPending());
	}

	/**
	 * The whole description.
	 *
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param pendingInvalidations keys (and whole caches) whose eviction is pending
	 * @param caches the caches by name
	 */
	public record WriteThroughDescriptor(String onCacheUnavailable, int pendingInvalidations,
			Map<String, CacheDescriptor> caches) {

	}

	/**
	 * One cache.
	 *
	 * @param strategy how writes reach it
	 * @param ttl the time to live of its values, ISO-8601
	 * @param ttlJitter the fraction by which the time to live is randomly shortened
	 * @param hits reads served from the cache
	 * @param misses reads not served from the cache
	 * @param hitRatio hits over all reads, {@code null} before the first read
	 * @param puts values stored
	 * @param evictions keys evicted
	 * @param rejectedValues cached values ignored as unreadable or not allowed
	 * @param pendingInvalidations keys of this cache whose eviction is pending
	 * @param writes write latency by outcome
	 * @param writeBehind the queue of a write-behind cache, {@code null} for others
	 * @param audit what the consistency auditor found over the last hour, {@code null}
	 * when it is off
	 */
	public record CacheDescriptor(String strategy, String ttl, double ttlJitter, long hits, long misses,
			@Nullable Double hitRatio, long puts, long evictions, long rejectedValues, int pendingInvalidations,
			Map<String, LatencyDescriptor> writes, @Nullable WriteBehindDescriptor writeBehind,
			@Nullable CacheAudit audit) {

	}

	/**
	 * The queue of a write-behind cache, over all its partitions.
	 *
	 * @param partitions how many partitions (streams) the queue has
	 * @param queueDepth writes queued and not yet in the database
	 * @param lagMs age of the oldest of them
	 * @param deadLetters writes parked after the database kept refusing them
	 * @param parked the oldest parked writes (key, operation, error, attempts)
	 * @param flushes latency of the batch transactions that committed
	 * @param error why the queue could not be read, if it could not
	 */
	public record WriteBehindDescriptor(int partitions, @Nullable Long queueDepth, @Nullable Long lagMs,
			@Nullable Long deadLetters, List<Map<String, Object>> parked, @Nullable LatencyDescriptor flushes,
			@Nullable String error) {

	}

	/**
	 * Latency of the writes of one outcome, in milliseconds.
	 *
	 * @param count the number of writes
	 * @param meanMs the mean
	 * @param maxMs the maximum (decaying, as Micrometer keeps it)
	 * @param percentilesMs p50, p95 and p99
	 */
	public record LatencyDescriptor(long count, double meanMs, double maxMs, Map<String, Double> percentilesMs) {

		static LatencyDescriptor of(Timer timer) {
			HistogramSnapshot snapshot = timer.takeSnapshot();
			Map<String, Double> percentiles = new LinkedHashMap<>();
			for (ValueAtPercentile value : snapshot.percentileValues()) {
				percentiles.put("p" + trim(value.percentile() * 100), value.value(TimeUnit.MILLISECONDS));
			}
			return new LatencyDescriptor(snapshot.count(), snapshot.mean(TimeUnit.MILLISECONDS),
					snapshot.max(TimeUnit.MILLISECONDS), percentiles);
		}

		private static String trim(double percent) {
			return (percent == Math.rint(percent)) ? String.valueOf((long) percent) : String.valueOf(percent);
		}

	}

}
