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

package dev.writethrough.it.jpa;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The {@code writethrough} endpoint, the standard cache meters and the health
 * contributor, read over real HTTP after a known sequence of writes, hits and misses.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "write-through.key-prefix=wt-http-${random.uuid}:", "write-through.caches.products.ttl=10m",
				"management.endpoints.web.exposure.include=health,metrics,writethrough",
				"management.endpoint.health.show-details=always", "spring.jpa.hibernate.ddl-auto=create",
				"spring.jpa.open-in-view=false" })
@ContextConfiguration(classes = JpaStyle.class)
class WriteThroughEndpointHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void endpointMetricsAndHealthShowAKnownSequence() throws Exception {
		long id = this.products.create("lamp", 3);
		this.products.find(id);
		this.cacheManager.getCache(ProductOperations.CACHE).remove(id);
		this.products.find(id);
		this.products.find(id);

		JsonNode endpoint = get("/actuator/writethrough");
		assertThat(endpoint.path("onCacheUnavailable").asString()).isEqualTo("proceed");
		JsonNode cache = endpoint.path("caches").path("products");
		assertThat(cache.path("strategy").asString()).isEqualTo("write-through");
		assertThat(cache.path("ttl").asString()).isEqualTo("PT10M");
		assertThat(cache.path("hits").asLong()).as("hits").isEqualTo(2);
		assertThat(cache.path("misses").asLong()).as("misses").isEqualTo(1);
		assertThat(cache.path("hitRatio").asDouble()).isCloseTo(2.0 / 3, within(1e-9));
		assertThat(cache.path("puts").asLong()).as("puts").isEqualTo(2);
		assertThat(cache.path("pendingInvalidations").asInt()).isZero();
		JsonNode cached = cache.path("writes").path("cached");
		assertThat(cached.path("count").asLong()).as("cached writes").isEqualTo(1);
		assertThat(cached.path("percentilesMs").propertyNames()).containsExactly("p50", "p95", "p99");

		JsonNode hits = get("/actuator/metrics/cache.gets?tag=cache:products&tag=result:hit");
		assertThat(hits.path("measurements").get(0).path("value").asDouble()).isEqualTo(2);
		JsonNode misses = get("/actuator/metrics/cache.gets?tag=cache:products&tag=result:miss");
		assertThat(misses.path("measurements").get(0).path("value").asDouble()).isEqualTo(1);
		JsonNode writes = get("/actuator/metrics/writethrough.write?tag=cache:products&tag=outcome:cached");
		assertThat(writes.path("measurements").get(0).path("value").asDouble()).as("writethrough.write count")
			.isEqualTo(1);
		JsonNode pending = get("/actuator/metrics/writethrough.invalidations.pending");
		assertThat(pending.path("measurements").get(0).path("value").asDouble()).isZero();

		JsonNode health = get("/actuator/health");
		assertThat(health.path("components").path("writethrough").path("status").asString()).isEqualTo("UP");
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as("status of GET " + path + ": " + response.body()).isEqualTo(200);
		return this.json.readTree(response.body());
	}

}
