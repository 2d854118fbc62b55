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
package dev.writethrough.strategy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Actuator shows of a write-behind cache, over real HTTP: queue depth and lag in the
 * endpoint, DEGRADED health while the queue lags, the flush meters, and the replay of a
 * parked write.
 */
@SpringBootTest(classes = StrategyApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-observe-${random.uuid}:",
				"write-through.caches.audit.strategy=write-around",
				"write-through.caches.page-views.strategy=write-behind",
				"write-through.caches.page-views.write-behind.writer=pageViewWriter",
				"write-through.caches.page-views.write-behind.flush-interval=50ms",
				"write-through.caches.page-views.write-behind.lag-threshold=300ms",
				"write-through.caches.page-views.write-behind.max-attempts=1",
				"write-through.caches.bounded-views.strategy=write-behind",
				"write-through.caches.bounded-views.write-behind.writer=pageViewWriter",
				"write-through.caches.blocking-views.strategy=write-behind",
				"write-through.caches.blocking-views.write-behind.writer=pageViewWriter",
				"management.endpoints.web.exposure.include=health,metrics,writethrough",
				"management.endpoint.health.show-details=always" })
class WriteBehindObservabilityTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@LocalServerPort
	private int port;

	@Autowired
	private PageViewService pageViews;

	@Autowired
	private RecordingPageViewWriter writer;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void endpointHealthAndMetersShowTheQueueAndAParkedWriteIsReplayedOverHttp() throws Exception {
		this.writer.close();
		this.pageViews.record(this.run + "-first", 1);
		assertThat(this.writer.awaitEntered()).isTrue();
		this.pageViews.record(this.run + "-second", 2);

		JsonNode queue = get("/actuator/writethrough").path("caches").path("page-views").path("writeBehind");
		assertThat(queue.path("queueDepth").asLong()).as("both writes wait for the database").isEqualTo(2);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> "DEGRADED"
				.equals(get("/actuator/health").path("components").path("writethrough").path("status").asString()));
		assertThat(get("/actuator/health").path("status").asString()).as("Boot's default aggregation ignores DEGRADED")
			.isEqualTo("UP");

		this.writer.open();
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/actuator/writethrough").path("caches")
				.path("page-views")
				.path("writeBehind")
				.path("queueDepth")
				.asLong() == 0);
		assertThat(get("/actuator/health").path("components").path("writethrough").path("status").asString())
			.isEqualTo("UP");
		assertThat(
				get("/actuator/metrics/writethrough.writebehind.batch.size?tag=cache:page-views").path("measurements")
					.path(1)
					.path("value")
					.asDouble())
			.as("writes flushed (TOTAL of the batch sizes)")
			.isGreaterThanOrEqualTo(2);

		String poison = this.run + "-poison";
		this.writer.failFor(poison);
		this.pageViews.record(poison, 3);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/actuator/writethrough").path("caches")
				.path("page-views")
				.path("writeBehind")
				.path("deadLetters")
				.asLong() == 1);
		JsonNode parked = get("/actuator/writethrough").path("caches")
			.path("page-views")
			.path("writeBehind")
			.path("parked")
			.path(0);
		assertThat(parked.path("key").asString()).isEqualTo(poison);
		assertThat(parked.path("error").asString()).contains("Refusing key " + poison);

		this.writer.failFor(null);
		HttpResponse<String> replay = this.http
			.send(HttpRequest.newBuilder(uri("/actuator/writethrough/page-views/replay"))
				.POST(HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
		assertThat(this.json.readTree(replay.body()).path("replayed").asInt()).isEqualTo(1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> new PageViews(poison, 3).equals(PageViewRows.find(this.jdbc, poison)));
	}

	private JsonNode get(String path) throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		return this.json.readTree(response.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
