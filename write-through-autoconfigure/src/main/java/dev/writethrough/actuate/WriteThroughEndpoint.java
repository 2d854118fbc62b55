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
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.metrics.WriteThroughMetricNames;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/**
 * The {@code writethrough} endpoint: per cache its settings, hits, misses, hit ratio,
 * write latency percentiles (per outcome) and pending invalidations.
 *
 * @author write-through
 */
@Endpoint(id = "writethrough")
public class WriteThroughEndpoint {

	private final ObjectProvider<WriteThroughCacheManager> cacheManagers;

	private final PendingInvalidations pendingInvalidations;

	private final OnCacheUnavailable onCacheUnavailable;

	private final Map<String, String> strategies;

	private final ObjectProvider<MeterRegistry> meterRegistry;

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
		this.cacheManagers.orderedStream().forEach((manager) -> manager.getCacheNames().forEach((name) -> {
			WriteThroughCache cache = manager.getCache(name);
			if (cache != null) {
				caches.put(name, describe(cache, registry));
			}
		}));
		return new WriteThroughDescriptor(this.onCacheUnavailable.name().toLowerCase(Locale.ROOT),
				this.pendingInvalidations.size(), caches);
	}

	private CacheDescriptor describe(WriteThroughCache cache, @Nullable MeterRegistry registry) {
		long hits = cache.getHits();
		long misses = cache.getMisses();
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
				cache.getTtl().toString(), cache.getTtlJitter(), hits, misses, hitRatio, cache.getPuts(),
				cache.getEvictions(), cache.getRejectedReads(), this.pendingInvalidations.size(cache.getName()),
				writes);
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
	 */
	public record CacheDescriptor(String strategy, String ttl, double ttlJitter, long hits, long misses,
			@Nullable Double hitRatio, long puts, long evictions, long rejectedValues, int pendingInvalidations,
			Map<String, LatencyDescriptor> writes) {

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
