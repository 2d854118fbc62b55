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

package dev.writethrough.it.health;

import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * In {@code fail} mode a dead Redis refuses writes: the application's health is HTTP 503
 * ({@code writethrough} and Boot's own {@code redis} indicator {@code DOWN}), while
 * readiness, which holds only the readiness state unless the application adds
 * {@code writethrough} to it, stays 200.
 */
@TestPropertySource(properties = "write-through.on-cache-unavailable=fail")
class FailModeHealthHttpTests extends AbstractHealthHttpTests {

	@Test
	void aDeadRedisMakesHealth503AndLeavesReadinessAsConfigured() throws Exception {
		Response up = get("/actuator/health");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.body().path("components").path("redis").path("status").asString())
			.as("Boot's redis indicator stays on in fail mode")
			.isEqualTo("UP");

		redisServer().kill();

		Response health = get("/actuator/health");
		assertThat(health.status()).as("what a load balancer sees").isEqualTo(503);
		assertThat(health.writethrough().path("status").asString()).isEqualTo("DOWN");
		assertThat(health.writethrough().path("details").path("redis").asString()).isEqualTo("unreachable");
		assertThat(health.writethrough().path("details").path("writes").asString()).contains("refused");
		assertThat(health.body().path("components").path("redis").path("status").asString()).isEqualTo("DOWN");
		assertThat(get("/actuator/health/readiness").status()).as("readiness").isEqualTo(200);
	}

}
