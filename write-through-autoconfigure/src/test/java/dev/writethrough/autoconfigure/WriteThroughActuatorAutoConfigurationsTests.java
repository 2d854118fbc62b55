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

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Properties;

import dev.writethrough.actuate.WriteThroughCachesEndpointWebExtension;
import dev.writethrough.actuate.WriteThroughEndpoint;
import dev.writethrough.actuate.WriteThroughHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.PropertiesLoaderUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteThroughHealthContributorAutoConfiguration} and
 * {@link WriteThroughEndpointAutoConfiguration}. The health checks talk to the local
 * Redis (or the one {@code WT_REDIS_URL} names) and to a closed port.
 */
class WriteThroughActuatorAutoConfigurationsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, EndpointAutoConfiguration.class,
				WriteThroughAutoConfiguration.class, WriteThroughHealthContributorAutoConfiguration.class,
				WriteThroughEndpointAutoConfiguration.class));

	@Test
	void contributesHealthAndTheEndpointWhenExposed() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=writethrough")
			.run((context) -> assertThat(context).hasSingleBean(WriteThroughEndpoint.class)
				.hasBean("writethroughHealthIndicator"));
	}

	@Test
	void backsOffFromTheEndpointOfTheApplicationAndFromAHealthIndicatorOfItsName() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=writethrough")
			.withBean("userEndpoint", WriteThroughEndpoint.class,
					() -> org.mockito.Mockito.mock(WriteThroughEndpoint.class))
			// Health contributors back off by name, as Boot's own do.
			.withBean("writethroughHealthIndicator", WriteThroughHealthIndicator.class,
					() -> org.mockito.Mockito.mock(WriteThroughHealthIndicator.class))
			.run((context) -> {
				assertThat(context).getBean(WriteThroughEndpoint.class).isSameAs(context.getBean("userEndpoint"));
				assertThat(context).getBean(WriteThroughHealthIndicator.class)
					.satisfies((health) -> assertThat(org.mockito.Mockito.mockingDetails(health).isMock()).isTrue());
			});
	}

	@Test
	void replacesBootsCachesWebExtensionSoAClearOfAWriteBehindCacheSaysWhatItKept() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class,
					CachesEndpointAutoConfiguration.class, WriteThroughCachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.run((context) -> assertThat(context).hasSingleBean(CachesEndpointWebExtension.class)
				.hasSingleBean(WriteThroughCachesEndpointWebExtension.class));
	}

	@Test
	void backsOffFromACachesWebExtensionOfTheApplication() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(CacheAutoConfiguration.class,
					CachesEndpointAutoConfiguration.class, WriteThroughCachesEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=caches")
			.withBean("userCachesWebExtension", CachesEndpointWebExtension.class,
					() -> new CachesEndpointWebExtension(new CachesEndpoint(java.util.Map.of())))
			.run((context) -> assertThat(context).hasSingleBean(CachesEndpointWebExtension.class)
				.doesNotHaveBean(WriteThroughCachesEndpointWebExtension.class));
	}

	@Test
	void leavesTheEndpointOutWhenItIsNotExposed() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(WriteThroughEndpoint.class)
			.hasSingleBean(WriteThroughHealthIndicator.class));
	}

	@Test
	void leavesHealthOutWhenItsIndicatorIsDisabled() {
		this.contextRunner.withPropertyValues("management.health.writethrough.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WriteThroughHealthIndicator.class));
	}

	@Test
	void leavesBothOutWithoutActuatorOnTheClassPath() {
		this.contextRunner
			.withClassLoader(
					new FilteredClassLoader(Endpoint.class, AbstractHealthIndicator.class, MeterRegistry.class))
			.withPropertyValues("management.endpoints.web.exposure.include=writethrough")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME)
				.doesNotHaveBean(WriteThroughEndpoint.class)
				.doesNotHaveBean(WriteThroughHealthIndicator.class));
	}

	@Test
	void declaresItsClassConditionsForTheAutoConfigurationFilter() throws IOException {
		// In an application without Actuator these entries drop the two classes before
		// they are parsed.
		Properties metadata = PropertiesLoaderUtils
			.loadProperties(new ClassPathResource("META-INF/spring-autoconfigure-metadata.properties"));
		assertThat(metadata.getProperty(WriteThroughEndpointAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.contains(Endpoint.class.getName());
		assertThat(metadata
			.getProperty(WriteThroughHealthContributorAutoConfiguration.class.getName() + ".ConditionalOnClass"))
			.contains(AbstractHealthIndicator.class.getName());
	}

	@Test
	void healthIsUpWhenRedisAnswers() {
		this.contextRunner.withPropertyValues("spring.data.redis.url=" + localRedisUrl()).run((context) -> {
			WriteThroughHealthIndicator health = context.getBean(WriteThroughHealthIndicator.class);
			assertThat(health.health().getStatus()).isEqualTo(Status.UP);
			assertThat(health.health().getDetails()).containsEntry("pendingInvalidations", 0);
		});
	}

	@Test
	void healthIsDegradedWhenRedisDoesNotAnswerAndWritesProceed() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.port=" + closedPort(), "spring.data.redis.connect-timeout=500ms")
			.run((context) -> assertThat(context.getBean(WriteThroughHealthIndicator.class).health().getStatus())
				.isEqualTo(WriteThroughHealthIndicator.DEGRADED));
	}

	@Test
	void healthIsDownWhenRedisDoesNotAnswerAndWritesFail() {
		this.contextRunner
			.withPropertyValues("spring.data.redis.port=" + closedPort(), "spring.data.redis.connect-timeout=500ms",
					"write-through.on-cache-unavailable=fail")
			.run((context) -> assertThat(context.getBean(WriteThroughHealthIndicator.class).health().getStatus())
				.isEqualTo(Status.DOWN));
	}

	private static String localRedisUrl() {
		String url = System.getenv("WT_REDIS_URL");
		String redis = (url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379";
		java.net.URI uri = java.net.URI.create(redis);
		if (!dev.writethrough.it.support.TestRedis.answersPing(uri.getHost(),
				(uri.getPort() > 0) ? uri.getPort() : 6379)) {
			throw new IllegalStateException("Redis is not reachable at " + redis + ": start one with 'redis-server"
					+ " --daemonize yes --port 6379 --save \"\"' or set WT_REDIS_URL=redis://host:port");
		}
		return redis;
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
