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

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

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
public final class WriteThroughMetricsBinder implements SmartInitializingSingleton {

	private final MeterRegistry registry;

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<PendingInvalidations> pendingInvalidations;

	/**
	 * Create a new instance.
	 * @param registry where to bind
	 * @param beanFactory where the write-through cache managers are
	 * @param pendingInvalidations the pending-invalidation log
	 */
	public WriteThroughMetricsBinder(MeterRegistry registry, ListableBeanFactory beanFactory,
			ObjectProvider<PendingInvalidations> pendingInvalidations) {
		this.registry = registry;
		this.beanFactory = beanFactory;
		this.pendingInvalidations = pendingInvalidations;
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
