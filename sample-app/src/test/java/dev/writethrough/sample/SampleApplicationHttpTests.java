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

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application over real HTTP, on H2 and the local Redis: CRUD, then the
 * traffic in the metrics, the {@code writethrough} endpoint and health.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "write-through.key-prefix=wt-sample-${random.uuid}:")
class SampleApplicationHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	private JdbcTemplate jdbc;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		String url = System.getenv("WT_REDIS_URL");
		URI redis = URI.create((url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379");
		if (!answersPing(redis.getHost(), (redis.getPort() > 0) ? redis.getPort() : 6379)) {
			throw new IllegalStateException("Redis is not reachable at " + redis + ". The sample's tests need a real"
					+ " Redis: start one with 'redis-server --daemonize yes --port 6379 --save \"\"' or set"
					+ " WT_REDIS_URL=redis://host:port");
		}
		registry.add("spring.data.redis.url", redis::toString);
	}

	@Test
	void crudOverHttpShowsInMetricsTheEndpointAndHealth() throws Exception {
		HttpResponse<String> created = send("POST", "/products", "{\"name\":\"Lamp\",\"price\":19.90,\"stock\":4}");
		assertThat(created.statusCode()).isEqualTo(201);
		long id = this.json.readTree(created.body()).path("id").asLong();

		JsonNode first = body(send("GET", "/products/" + id, null), 200);
		JsonNode second = body(send("GET", "/products/" + id, null), 200);
		assertThat(first.path("name").asString()).isEqualTo("Lamp");
		assertThat(second).isEqualTo(first);

		JsonNode updated = body(send("PUT", "/products/" + id, "{\"stock\":9}"), 200);
		assertThat(updated.path("stock").asInt()).isEqualTo(9);
		assertThat(body(send("GET", "/products/" + id, null), 200).path("stock").asInt())
			.as("the read after the update")
			.isEqualTo(9);

		assertThat(send("DELETE", "/products/" + id, null).statusCode()).isEqualTo(204);
		assertThat(send("GET", "/products/" + id, null).statusCode()).as("a read after the delete").isEqualTo(404);
		assertThat(send("DELETE", "/products/" + id, null).statusCode()).isEqualTo(404);

		JsonNode hits = body(send("GET", "/actuator/metrics/cache.gets?tag=cache:products&tag=result:hit", null), 200);
		assertThat(hits.path("measurements").get(0).path("value").asDouble()).as("cache hits").isPositive();
		JsonNode writes = body(send("GET", "/actuator/metrics/writethrough.write?tag=cache:products", null), 200);
		assertThat(writes.path("measurements").get(0).path("value").asDouble()).as("writes").isGreaterThanOrEqualTo(3);

		JsonNode endpoint = body(send("GET", "/actuator/writethrough", null), 200);
		JsonNode products = endpoint.path("caches").path("products");
		assertThat(products.path("hits").asLong()).isPositive();
		assertThat(products.path("misses").asLong()).isPositive();
		assertThat(products.path("ttl").asString()).isEqualTo("PT30M");
		assertThat(products.path("writes").path("cached").path("count").asLong()).isGreaterThanOrEqualTo(2);

		JsonNode health = body(send("GET", "/actuator/health", null), 200);
		assertThat(health.path("components").path("writethrough").path("status").asString()).isEqualTo("UP");
	}

	@Test
	void theSeededCatalogueIsListed() throws Exception {
		JsonNode list = body(send("GET", "/products", null), 200);
		assertThat(list.size()).isGreaterThanOrEqualTo(3);
	}

	@Test
	void pageViewsAreWriteBehindAndTheAuditLogIsWriteAround() throws Exception {
		String page = "home-" + System.nanoTime();
		for (int i = 0; i < 3; i++) {
			assertThat(send("POST", "/pages/" + page + "/views", null).statusCode()).isEqualTo(200);
		}
		assertThat(body(send("GET", "/pages/" + page + "/views", null), 200).path("views").asLong())
			.as("read back from the cache at once")
			.isEqualTo(3);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> Long.valueOf(3)
				.equals(this.jdbc.queryForList("SELECT views FROM page_view WHERE page = ?", Long.class, page)
					.stream()
					.findFirst()
					.orElse(null)));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> body(send("GET", "/actuator/writethrough", null), 200).path("caches")
				.path("page-views")
				.path("writeBehind")
				.path("queueDepth")
				.asLong() == 0);

		HttpResponse<String> audited = send("POST", "/audit", "{\"text\":\"price changed\"}");
		assertThat(audited.statusCode()).isEqualTo(201);
		long id = this.json.readTree(audited.body()).path("id").asLong();
		assertThat(body(send("GET", "/audit/" + id, null), 200).path("text").asString()).isEqualTo("price changed");
		JsonNode audit = body(send("GET", "/actuator/writethrough", null), 200).path("caches").path("audit");
		assertThat(audit.path("strategy").asString()).isEqualTo("write-around");
		assertThat(audit.path("ttl").asString()).isEqualTo("PT5M");
		assertThat(audit.path("misses").asLong()).as("the save evicted, so the first read missed").isEqualTo(1);
	}

	@Test
	void aChangeAgainstAnOldVersionIs409WithAProblemDetail() throws Exception {
		JsonNode created = body(send("POST", "/products", "{\"name\":\"Desk\",\"price\":99,\"stock\":1}"), 201);
		long id = created.path("id").asLong();
		long version = body(send("GET", "/products/" + id, null), 200).path("version").asLong();
		body(send("PUT", "/products/" + id, "{\"stock\":2,\"version\":" + version + "}"), 200);

		HttpResponse<String> stale = send("PUT", "/products/" + id, "{\"stock\":3,\"version\":" + version + "}");

		JsonNode problem = body(stale, 409);
		assertThat(stale.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.path("status").asInt()).isEqualTo(409);
		assertThat(problem.path("title").asString()).isEqualTo("Conflicting change");
		assertThat(problem.path("detail").asString()).contains("changed by someone else").contains("Read it again");
		assertThat(body(send("GET", "/products/" + id, null), 200).path("stock").asInt())
			.as("the stale change was not applied")
			.isEqualTo(2);
	}

	@Test
	void aNameTooLongForTheDatabaseIs400WithAProblemDetail() throws Exception {
		String name = "x".repeat(300);
		HttpResponse<String> refused = send("POST", "/products", "{\"name\":\"" + name + "\",\"price\":1,\"stock\":1}");

		JsonNode problem = body(refused, 400);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(problem.path("title").asString()).isEqualTo("Invalid value");
		assertThat(problem.path("detail").asString()).contains("too long").contains("Nothing was saved");
		assertThat(this.jdbc.queryForObject("SELECT COUNT(*) FROM product WHERE LENGTH(name) = 300", Long.class))
			.isZero();
	}

	private HttpResponse<String> send(String method, String path, String body)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody());
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private JsonNode body(HttpResponse<String> response, int status) {
		assertThat(response.statusCode()).as("status: " + response.body()).isEqualTo(status);
		return this.json.readTree(response.body());
	}

	private static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return "+PONG".equals(new String(in.readNBytes(5), StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
