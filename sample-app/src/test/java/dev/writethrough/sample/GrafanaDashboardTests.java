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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric the Grafana dashboard in {@code docs/grafana} queries exists in the
 * sample's {@code /actuator/prometheus} scrape, once the sample has read, written and
 * flushed.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "write-through.key-prefix=wt-grafana-${random.uuid}:")
class GrafanaDashboardTests {

	private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "write-through-dashboard.json");

	private static final Pattern METRIC = Pattern.compile("\\b((?:cache|writethrough)_[a-z_]+)\\b");

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		String url = System.getenv("WT_REDIS_URL");
		registry.add("spring.data.redis.url", () -> (url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379");
	}

	@Test
	void everyMetricTheDashboardQueriesIsScraped() throws Exception {
		Set<String> queried = queriedMetrics();
		assertThat(queried).as("metrics the dashboard queries")
			.contains("cache_gets_total", "writethrough_write_seconds", "writethrough_invalidations_pending",
					"writethrough_fence_total", "writethrough_leases_total", "writethrough_writebehind_lag_seconds");

		long id = this.json.readTree(send("POST", "/products", "{\"name\":\"Lamp\",\"price\":1,\"stock\":1}").body())
			.path("id")
			.asLong();
		send("GET", "/products/" + id, null);
		send("GET", "/products/" + id, null);
		send("PUT", "/products/" + id, "{\"stock\":2}");
		send("POST", "/pages/grafana/views", null);
		await("a write-behind flush").atMost(Duration.ofSeconds(30))
			.until(() -> scrape().contains("writethrough_writebehind_flush_seconds_count{"));

		String scrape = scrape();
		for (String metric : queried) {
			assertThat(scrape).as("scrape has " + metric).containsPattern("(?m)^" + Pattern.quote(metric) + "[{ ]");
		}
	}

	private Set<String> queriedMetrics() throws IOException {
		JsonNode dashboard = this.json.readTree(Files.readString(DASHBOARD));
		Set<String> metrics = new TreeSet<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				collect(target.path("expr").asString(), metrics);
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			collect(variable.path("query").asString(), metrics);
		}
		return metrics;
	}

	private static void collect(String expression, Set<String> metrics) {
		Matcher matcher = METRIC.matcher(expression);
		while (matcher.find()) {
			metrics.add(matcher.group(1));
		}
	}

	private String scrape() throws IOException, InterruptedException {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/prometheus"))
				.header("Accept", "text/plain")
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		return response.body();
	}

	private HttpResponse<String> send(String method, String path, String body)
			throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.method(method,
					(body != null) ? HttpRequest.BodyPublishers.ofString(body) : HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
