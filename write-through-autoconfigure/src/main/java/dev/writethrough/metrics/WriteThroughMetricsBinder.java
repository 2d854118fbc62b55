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

package dev.writethrough.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.StringUtils;

/**
 * Binds, once all beans exist, the meters of every write-through cache (those created
 * later too) and the pending-invalidation gauge.
 *
 * @author write-through
 */
final class WriteThroughMetricsBinder implements SmartInitializingSingleton {

	private final MeterRegistry registry;

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<PendingInvalidations> pendingInvalidations;

	private final ObjectProvider<WriteBehindQueues> writeBehindQueues;

	/**
	 * Create a new instance that also binds the gauges of write-behind queues.
	 * @param registry where to bind
	 * @param beanFactory where the write-through cache managers are
	 * @param pendingInvalidations the pending-invalidation log
	 * @param writeBehindQueues the write-behind queues
	 */
	WriteThroughMetricsBinder(MeterRegistry registry, ListableBeanFactory beanFactory,
			ObjectProvider<PendingInvalidations> pendingInvalidations,
			ObjectProvider<WriteBehindQueues> writeBehindQueues) {
		this.registry = registry;
		this.beanFactory = beanFactory;
		this.pendingInvalidations = pendingInvalidations;
		this.writeBehindQueues = writeBehindQueues;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.beanFactory.getBeansOfType(WriteThroughCacheManager.class, false, false)
			.forEach((beanName, manager) -> manager.onCacheCreated((cache) -> new WriteThroughCacheMeterBinder(cache,
					Tags.of("cache.manager", cacheManagerName(beanName)))
				.bindTo(this.registry)));
		this.pendingInvalidations.ifAvailable((pending) -> Gauge
			.builder(WriteThroughMetricNames.PENDING_INVALIDATIONS, pending, PendingInvalidations::size)
			.description("Keys (and whole caches) whose eviction failed and is being retried")
			.register(this.registry));
		this.writeBehindQueues.ifAvailable((queues) -> queues.all().forEach(this::bindWriteBehind));
	}

	// Read from Redis on each scrape; NaN while Redis does not answer.
	private void bindWriteBehind(WriteBehindQueue queue) {
		Tags tags = Tags.of(WriteThroughMetricNames.CACHE_TAG, queue.getCache().getName());
		Gauge.builder(WriteThroughMetricNames.WRITE_BEHIND_QUEUE_DEPTH, queue, (q) -> orNaN(q::depth))
			.tags(tags)
			.description("Writes queued and not yet in the database")
			.register(this.registry);
		Gauge.builder(WriteThroughMetricNames.WRITE_BEHIND_DEAD_LETTERS, queue, (q) -> orNaN(q::deadLetters))
			.tags(tags)
			.description("Writes the database kept refusing, parked for replay")
			.register(this.registry);
		TimeGauge
			.builder(WriteThroughMetricNames.WRITE_BEHIND_LAG, queue, TimeUnit.MILLISECONDS,
					(q) -> orNaN(() -> q.lag().toMillis()))
			.tags(tags)
			.description("Age of the oldest write not yet in the database")
			.register(this.registry);
	}

	private static double orNaN(LongSupplier value) {
		try {
			return value.getAsLong();
		}
		catch (RuntimeException ex) {
			return Double.NaN;
		}
	}

	// The same tag value Spring Boot's CacheMetricsRegistrar gives its own caches.
	private static String cacheManagerName(String beanName) {
		String suffix = "cacheManager";
		if (beanName.length() > suffix.length() && StringUtils.endsWithIgnoreCase(beanName, suffix)) {
			return beanName.substring(0, beanName.length() - suffix.length());
		}
		return beanName;
	}

}
