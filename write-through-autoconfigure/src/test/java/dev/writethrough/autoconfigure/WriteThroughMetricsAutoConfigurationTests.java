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

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.behind.WriteBehindListener;
import dev.writethrough.tx.WriteListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteThroughMetricsAutoConfiguration}.
 */
class WriteThroughMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				WriteThroughAutoConfiguration.class, WriteThroughMetricsAutoConfiguration.class))
		.withPropertyValues("write-through.caches.users.ttl=5m");

	@Test
	void backsOffFromTheListenersAndTheBinderOfTheApplication() {
		WriteListener writeListener = org.mockito.Mockito.mock(WriteListener.class);
		WriteBehindListener writeBehindListener = org.mockito.Mockito.mock(WriteBehindListener.class);
		SmartInitializingSingleton binder = org.mockito.Mockito.mock(SmartInitializingSingleton.class);
		this.contextRunner.withBean("writeThroughMicrometerWriteListener", WriteListener.class, () -> writeListener)
			.withBean("writeThroughMicrometerWriteBehindListener", WriteBehindListener.class, () -> writeBehindListener)
			.withBean("writeThroughMetricsBinder", SmartInitializingSingleton.class, () -> binder)
			.run((context) -> {
				assertThat(context).getBean("writeThroughMicrometerWriteListener").isSameAs(writeListener);
				assertThat(context).getBean("writeThroughMicrometerWriteBehindListener").isSameAs(writeBehindListener);
				assertThat(context).getBean("writeThroughMetricsBinder").isSameAs(binder);
			});
	}

	@Test
	void bindsTheStandardCacheMetersAndThePendingGauge() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasBean("writeThroughMicrometerWriteListener")
				.hasBean("writeThroughMicrometerWriteBehindListener")
				.hasBean("writeThroughMetricsBinder");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("cache.gets").tag("cache", "users").tag("result", "hit").functionCounter().count())
				.isZero();
			assertThat(registry.get("cache.gets").tag("cache", "users").tag("result", "miss").functionCounter())
				.isNotNull();
			assertThat(registry.get("cache.puts")
				.tag("cache", "users")
				.tag("cache.manager", "cacheManager")
				.functionCounter()).isNotNull();
			assertThat(registry.get("cache.evictions").tag("cache", "users").functionCounter()).isNotNull();
			assertThat(registry.get("writethrough.leases")
				.tag("cache", "users")
				.tag("result", "granted")
				.functionCounter()).isNotNull();
			assertThat(registry.get("writethrough.invalidations.pending").gauge().value()).isZero();
		});
	}

	@Test
	void bindsCachesCreatedLater() {
		this.contextRunner.withPropertyValues("write-through.caches.users.ttl=").run((context) -> {
			context.getBean(dev.writethrough.WriteThroughCacheManager.class).getCache("late");
			assertThat(context.getBean(MeterRegistry.class).get("cache.gets").tag("cache", "late").functionCounters())
				.hasSize(2);
		});
	}

	@Test
	void bindsTheGaugesOfWriteBehindQueues() {
		this.contextRunner.withUserConfiguration(WriteBehindWriterConfiguration.class)
			.withPropertyValues("write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.flush-interval=1h")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("writethrough.writebehind.queue.depth").tag("cache", "views").gauge())
					.isNotNull();
				assertThat(registry.get("writethrough.writebehind.dead.letters").tag("cache", "views").gauge())
					.isNotNull();
				assertThat(registry.get("writethrough.writebehind.lag").tag("cache", "views").timeGauge()).isNotNull();
				assertThat(registry.find("writethrough.writebehind.queue.depth").tag("cache", "users").gauge())
					.as("a write-through cache has no queue")
					.isNull();
			});
	}

	@Test
	void isOffWithoutMicrometer() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("writeThroughMicrometerWriteListener")
				.doesNotHaveBean("writeThroughMicrometerWriteBehindListener")
				.doesNotHaveBean("writeThroughMetricsBinder"));
	}

	@Test
	void isOffWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					WriteThroughAutoConfiguration.class, WriteThroughMetricsAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("writeThroughMicrometerWriteListener"));
	}

	@Configuration(proxyBeanMethods = false)
	static class WriteBehindWriterConfiguration {

		@Bean
		WriteBehindWriter<String, String> viewWriter() {
			return (values) -> {
			};
		}

		@Bean
		PlatformTransactionManager transactionManager() {
			return new JdbcTransactionManager(new DriverManagerDataSource("jdbc:h2:mem:write-behind-metrics"));
		}

	}

}
