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

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The defaults the starter gives the parts it brings, and the application's settings
 * overriding each of them.
 */
class WriteThroughDefaultsEnvironmentPostProcessorTests {

	private final WriteThroughDefaultsEnvironmentPostProcessor postProcessor = new WriteThroughDefaultsEnvironmentPostProcessor();

	@Test
	void givesDefaultsWhereTheApplicationSetsNone() {
		StandardEnvironment environment = environment(Map.of());
		assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("1s");
		assertThat(environment.getProperty("spring.data.redis.repositories.enabled")).isEqualTo("false");
		assertThat(environment.getProperty("management.health.redis.enabled"))
			.as("Boot's redis indicator in proceed mode")
			.isEqualTo("false");
	}

	@Test
	void theApplicationsSettingsWin() {
		StandardEnvironment environment = environment(Map.of("spring.data.redis.timeout", "250ms",
				"spring.data.redis.repositories.enabled", "true", "management.health.redis.enabled", "true"));
		assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("250ms");
		assertThat(environment.getProperty("spring.data.redis.repositories.enabled")).isEqualTo("true");
		assertThat(environment.getProperty("management.health.redis.enabled")).isEqualTo("true");
	}

	@Test
	void theApplicationsDefaultPropertiesWinThoughSpringBootKeepsThemLast() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addLast(new MapPropertySource("defaultProperties", Map.of("spring.data.redis.timeout", "3s")));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		environment.getPropertySources().addLast(environment.getPropertySources().remove("defaultProperties"));
		assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("3s");
	}

	@Test
	void leavesBootsRedisHealthOnInFailMode() {
		StandardEnvironment environment = environment(Map.of("write-through.on-cache-unavailable", "fail"));
		assertThat(environment.getProperty("management.health.redis.enabled")).isNull();
		assertThat(environment.getProperty("spring.data.redis.timeout")).isEqualTo("1s");
	}

	@Test
	void addsNothingWhenTheStarterIsOff() {
		StandardEnvironment environment = environment(Map.of("write-through.enabled", "false"));
		assertThat(environment.getPropertySources()
			.contains(WriteThroughDefaultsEnvironmentPostProcessor.PROPERTY_SOURCE_NAME)).isFalse();
	}

	private StandardEnvironment environment(Map<String, Object> applicationProperties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("application", applicationProperties));
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		return environment;
	}

}
