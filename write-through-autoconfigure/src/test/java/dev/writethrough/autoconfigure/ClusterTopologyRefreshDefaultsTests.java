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

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions.RefreshTrigger;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On a Redis Cluster the starter has Lettuce refresh its topology (adaptively and every
 * 30 s) through Boot's own {@code spring.data.redis.lettuce.cluster.refresh.*}, unless
 * the application set them.
 */
class ClusterTopologyRefreshDefaultsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withInitializer((context) -> new WriteThroughDefaultsEnvironmentPostProcessor()
			.postProcessEnvironment(context.getEnvironment(), new SpringApplication()))
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2");

	@Test
	void lettuceRefreshesTheClusterTopologyAdaptivelyAndPeriodically() {
		this.contextRunner.run((context) -> {
			ClusterTopologyRefreshOptions refresh = refreshOptions(context.getBean(LettuceConnectionFactory.class));
			assertThat(refresh.getAdaptiveRefreshTriggers()).as("adaptive refresh triggers")
				.contains(RefreshTrigger.MOVED_REDIRECT, RefreshTrigger.PERSISTENT_RECONNECTS);
			assertThat(refresh.isPeriodicRefreshEnabled()).isTrue();
			assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(30));
		});
	}

	@Test
	void theApplicationsRefreshSettingsWin() {
		this.contextRunner.withPropertyValues("spring.data.redis.lettuce.cluster.refresh.period=5s").run((context) -> {
			ClusterTopologyRefreshOptions refresh = refreshOptions(context.getBean(LettuceConnectionFactory.class));
			assertThat(refresh.getRefreshPeriod()).isEqualTo(Duration.ofSeconds(5));
		});
	}

	@Test
	void withoutTheStarterLettuceRefreshesOnlyWhenACommandTriggersIt() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1,127.0.0.1:2")
			.run((context) -> {
				ClusterTopologyRefreshOptions refresh = refreshOptions(context.getBean(LettuceConnectionFactory.class));
				// Lettuce 7 turns every adaptive trigger on by itself, and Boot's
				// adaptive=false does not turn them off; the period it leaves off.
				assertThat(refresh.isPeriodicRefreshEnabled()).isFalse();
			});
	}

	private static ClusterTopologyRefreshOptions refreshOptions(LettuceConnectionFactory connectionFactory) {
		ClusterClientOptions options = (ClusterClientOptions) connectionFactory.getClientConfiguration()
			.getClientOptions()
			.orElseThrow();
		return options.getTopologyRefreshOptions();
	}

}
