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

package dev.writethrough.sample;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample (JPA repositories, the starter, no Redis repositories) starts without the
 * Spring Data Redis repository scan's noise, and gets the scan back when it asks for it.
 */
@ExtendWith(OutputCaptureExtension.class)
class QuietStartupTests {

	private static final String NOISE = "Could not safely identify store assignment";

	@Test
	void startsWithoutRedisRepositoryScanning(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start()) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).doesNotContain(NOISE).doesNotContain("Spring Data Redis repositories");
	}

	@Test
	void scansForRedisRepositoriesWhenTheApplicationAsks(CapturedOutput output) {
		try (ConfigurableApplicationContext context = start("spring.data.redis.repositories.enabled=true")) {
			assertThat(context.isRunning()).isTrue();
		}
		assertThat(output).contains("Bootstrapping Spring Data Redis repositories").contains(NOISE);
	}

	private ConfigurableApplicationContext start(String... properties) {
		String url = System.getenv("WT_REDIS_URL");
		URI redis = URI.create((url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379");
		return new SpringApplicationBuilder(SampleApplication.class)
			.properties("server.port=0", "spring.data.redis.url=" + redis, "write-through.key-prefix=wt-quiet:",
					"spring.datasource.url=jdbc:h2:mem:quiet-${random.uuid}")
			.properties(properties)
			.run();
	}

}
