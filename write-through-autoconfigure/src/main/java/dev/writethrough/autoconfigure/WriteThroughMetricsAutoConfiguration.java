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

import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.behind.WriteBehindListener;
import dev.writethrough.metrics.WriteThroughMeters;
import dev.writethrough.tx.WriteListener;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.TransactionalCacheWrites;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the write-through meters: the standard cache meters of every
 * write-through cache, {@code writethrough.write}, {@code writethrough.cache.update},
 * {@code writethrough.invalidations.pending} and the {@code writethrough.writebehind.*}
 * meters of write-behind caches.
 *
 * @author write-through
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, TransactionalCacheWrites.class })
public final class WriteThroughMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "writeThroughMicrometerWriteListener")
	WriteListener writeThroughMicrometerWriteListener(MeterRegistry registry) {
		return WriteThroughMeters.writeListener(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "writeThroughMicrometerWriteBehindListener")
	WriteBehindListener writeThroughMicrometerWriteBehindListener(MeterRegistry registry) {
		return WriteThroughMeters.writeBehindListener(registry);
	}

	@Bean
	@ConditionalOnMissingBean(name = "writeThroughMetricsBinder")
	SmartInitializingSingleton writeThroughMetricsBinder(MeterRegistry registry, ListableBeanFactory beanFactory,
			ObjectProvider<PendingInvalidations> pendingInvalidations,
			ObjectProvider<WriteBehindQueues> writeBehindQueues) {
		return WriteThroughMeters.binder(registry, beanFactory, pendingInvalidations, writeBehindQueues);
	}

}
