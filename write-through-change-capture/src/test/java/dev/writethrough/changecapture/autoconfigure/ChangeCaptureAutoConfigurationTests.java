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

import dev.writethrough.changecapture.ChangeCapture;
import io.debezium.engine.DebeziumEngine;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When change capture's auto-configuration backs off: it is opt-in, needs Debezium on the
 * class path and the write-through cache manager in the context.
 */
class ChangeCaptureAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ChangeCaptureAutoConfiguration.class,
				ChangeCaptureMetricsAutoConfiguration.class, ChangeCaptureActuatorAutoConfiguration.class));

	@Test
	void backsOffUnlessEnabled() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(ChangeCapture.class)
			.doesNotHaveBean(ChangeCaptureMappings.class)
			.doesNotHaveBean(ChangeCaptureProperties.class));
	}

	@Test
	void backsOffWhenDisabledExplicitly() {
		this.contextRunner.withPropertyValues("write-through.change-capture.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChangeCapture.class));
	}

	@Test
	void backsOffWithoutDebeziumOnTheClassPath() {
		this.contextRunner.withPropertyValues("write-through.change-capture.enabled=true")
			.withClassLoader(new FilteredClassLoader(DebeziumEngine.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ChangeCapture.class));
	}

	@Test
	void backsOffWithoutTheWriteThroughCacheManager() {
		this.contextRunner.withPropertyValues("write-through.change-capture.enabled=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(ChangeCapture.class)
				.doesNotHaveBean(ChangeCaptureMappings.class));
	}

	@Test
	void metersAndActuatorBackOffWithoutChangeCapture() {
		this.contextRunner.run((context) -> assertThat(context)
			.doesNotHaveBean(ChangeCaptureActuatorAutoConfiguration.ChangeCaptureEndpoint.class)
			.doesNotHaveBean("writeThroughChangeCaptureMeters")
			.doesNotHaveBean("writeThroughChangeCaptureHealthIndicator"));
	}

}
