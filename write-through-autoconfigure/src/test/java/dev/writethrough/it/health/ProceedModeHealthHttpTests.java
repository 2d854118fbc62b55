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

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * In {@code proceed} mode (the default) a dead Redis is degraded-but-serving: the
 * application's health, readiness and liveness stay HTTP 200, and the
 * {@code writethrough} component shows {@code DEGRADED} with why and since when.
 */
class ProceedModeHealthHttpTests extends AbstractHealthHttpTests {

	@Test
	void aDeadRedisLeavesHealthAndReadinessAt200AndShowsInTheWritethroughComponent() throws Exception {
		long id = this.products.create("lamp", 3);
		Response up = get("/actuator/health");
		assertThat(up.status()).isEqualTo(200);
		assertThat(up.writethrough().path("status").asString()).isEqualTo("UP");
		assertThat(up.body().path("components").has("redis"))
			.as("Boot's redis indicator is off by default in proceed mode")
			.isFalse();

		redisServer().kill();
		this.products.update(id, "desk", 5);

		Response health = get("/actuator/health");
		assertThat(health.status()).as("what a load balancer sees").isEqualTo(200);
		assertThat(health.body().path("status").asString()).isEqualTo("UP");
		assertThat(health.writethrough().path("status").asString()).isEqualTo("DEGRADED");
		assertThat(health.writethrough().path("details").path("redis").asString()).isEqualTo("unreachable");
		assertThat(health.writethrough().path("details").path("since").asString()).isNotEmpty();
		assertThat(health.writethrough().path("details").path("pendingInvalidations").asInt()).isPositive();
		assertThat(health.writethrough().path("details").path("cause").asString()).contains("Redis is unreachable")
			.contains("spring.data.redis");
		Response readiness = get("/actuator/health/readiness");
		assertThat(readiness.status()).as("readiness").isEqualTo(200);
		assertThat(readiness.body().path("status").asString()).isEqualTo("UP");
		assertThat(get("/actuator/health/liveness").status()).as("liveness").isEqualTo(200);
		assertThat(this.products.find(id)).as("the application serves").isPresent();

		redisServer().restart();

		await("writethrough UP again").atMost(Duration.ofSeconds(10))
			.until(() -> "UP".equals(get("/actuator/health").writethrough().path("status").asString()));
		await("the pending log drained").atMost(Duration.ofSeconds(10))
			.until(() -> get("/actuator/health").writethrough()
				.path("details")
				.path("pendingInvalidations")
				.asInt() == 0);
	}

}
