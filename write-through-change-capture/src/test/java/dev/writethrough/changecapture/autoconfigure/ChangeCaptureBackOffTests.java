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

package dev.writethrough.changecapture.autoconfigure;

import java.util.List;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.changecapture.ChangeCapture;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every bean of change capture's auto-configurations backs off from one the application
 * defines (of its type, or of its name for the health indicator). No stream is started:
 * the application's own {@link ChangeCapture} replaces the engine.
 */
class ChangeCaptureBackOffTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChangeCaptureAutoConfiguration.class,
				ChangeCaptureActuatorAutoConfiguration.class))
		.withPropertyValues("write-through.change-capture.enabled=true")
		.withBean(WriteThroughCacheManager.class, () -> mock(WriteThroughCacheManager.class))
		.withBean(RedisConnectionFactory.class, () -> mock(RedisConnectionFactory.class));

	private final ChangeCapture userChangeCapture = mock(ChangeCapture.class);

	@Test
	void backsOffFromAChangeCaptureOfTheApplication() {
		this.contextRunner.withBean("userChangeCapture", ChangeCapture.class, () -> this.userChangeCapture)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(ChangeCapture.class).isSameAs(this.userChangeCapture);
			});
	}

	@Test
	void backsOffFromMappingsOfTheApplication() {
		ChangeCaptureMappings mappings = ChangeCaptureMappings.resolve(new ChangeCaptureProperties(), List.of());
		this.contextRunner.withBean("userChangeCapture", ChangeCapture.class, () -> this.userChangeCapture)
			.withBean("userMappings", ChangeCaptureMappings.class, () -> mappings)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(ChangeCaptureMappings.class).isSameAs(mappings);
			});
	}

	@Test
	void backsOffFromAHealthIndicatorOfItsName() {
		AbstractHealthIndicator user = new AbstractHealthIndicator() {

			@Override
			protected void doHealthCheck(Health.Builder builder) {
				builder.up();
			}

		};
		this.contextRunner.withBean("userChangeCapture", ChangeCapture.class, () -> this.userChangeCapture)
			.withBean("writeThroughChangeCaptureHealthIndicator", AbstractHealthIndicator.class, () -> user)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean("writeThroughChangeCaptureHealthIndicator").isSameAs(user);
			});
	}

	@Test
	void backsOffFromAnEndpointOfTheApplication() {
		ChangeCaptureActuatorAutoConfiguration.ChangeCaptureEndpoint user = new ChangeCaptureActuatorAutoConfiguration.ChangeCaptureEndpoint(
				this.userChangeCapture);
		this.contextRunner.withBean("userChangeCapture", ChangeCapture.class, () -> this.userChangeCapture)
			.withBean("userEndpoint", ChangeCaptureActuatorAutoConfiguration.ChangeCaptureEndpoint.class, () -> user)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(ChangeCaptureActuatorAutoConfiguration.ChangeCaptureEndpoint.class)
					.isSameAs(user);
			});
	}

}
