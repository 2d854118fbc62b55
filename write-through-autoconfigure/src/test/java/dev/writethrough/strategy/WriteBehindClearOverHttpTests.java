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
 * {@code DELETE /actuator/caches/<name>} on a write-behind cache while writes are queued:
 * the queued values stay cached (a clear never drops a write the database does not have
 * yet), the endpoint says so, and a write computed from the cached value after the clear
 * builds on the queued one, so the database ends with every update.
 *
 * @author write-through
 */
@SpringBootTest(classes = StrategyApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-clear-${random.uuid}:", "write-through.caches.audit.strategy=write-around",
				"write-through.caches.page-views.strategy=write-behind",
				"write-through.caches.page-views.write-behind.writer=pageViewWriter",
				"write-through.caches.page-views.write-behind.flush-interval=50ms",
				"write-through.caches.bounded-views.strategy=write-behind",
				"write-through.caches.bounded-views.write-behind.writer=pageViewWriter",
				"write-through.caches.blocking-views.strategy=write-behind",
				"write-through.caches.blocking-views.write-behind.writer=pageViewWriter",
				"management.endpoints.web.exposure.include=caches,writethrough" })
class WriteBehindClearOverHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	private final String page = "clear-" + UUID.randomUUID().toString().substring(0, 8);

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
	void clearingAWriteBehindCacheOverHttpKeepsQueuedWritesAndSaysSo() throws Exception {
		this.pageViews.record(this.page, 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> new PageViews(this.page, 1).equals(PageViewRows.find(this.jdbc, this.page)));
		this.writer.close();
		try {
			this.pageViews.record(this.page, 2);
			assertThat(this.writer.awaitEntered()).as("the flusher holds the write of 2").isTrue();

			HttpResponse<String> cleared = this.http.send(
					HttpRequest.newBuilder(uri("/actuator/caches/page-views")).DELETE().build(),
					HttpResponse.BodyHandlers.ofString());

			PageViews cached = this.pageViews.find(this.page);
			this.pageViews.record(this.page, cached.views() + 1);
			this.writer.open();
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(PageViewRows.find(this.jdbc, this.page))
					.as("the row once flushed: the increment after the clear built on the queued 2")
					.isEqualTo(new PageViews(this.page, 3)));
			assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
			JsonNode body = this.json.readTree(cleared.body());
			assertThat(body.path("keptQueuedEntries").asLong()).as(cleared.body()).isEqualTo(1);
			assertThat(body.path("message").asString()).contains("still queued for the database");
		}
		finally {
			this.writer.open();
		}
	}

	@Test
	void clearingAWriteBehindCacheWithNothingQueuedEvictsEverything() throws Exception {
		this.pageViews.record(this.page, 5);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> new PageViews(this.page, 5).equals(PageViewRows.find(this.jdbc, this.page)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> get("/actuator/writethrough").path("caches")
				.path("page-views")
				.path("writeBehind")
				.path("queueDepth")
				.asLong() == 0);

		HttpResponse<String> cleared = this.http.send(
				HttpRequest.newBuilder(uri("/actuator/caches/page-views")).DELETE().build(),
				HttpResponse.BodyHandlers.ofString());

		assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
		assertThat(this.json.readTree(cleared.body()).path("keptQueuedEntries").asLong()).isZero();
		int readsBefore = this.pageViews.databaseReads();
		assertThat(this.pageViews.find(this.page)).isEqualTo(new PageViews(this.page, 5));
		assertThat(this.pageViews.databaseReads()).as("the cleared entry is read from the database")
			.isEqualTo(readsBefore + 1);
	}

	private JsonNode get(String path) throws Exception {
		return this.json.readTree(
				this.http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString())
					.body());
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

}
