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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.jdbc.JdbcStyle;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a load balancer or a Kubernetes probe sees over HTTP while a {@code redis-server}
 * the test kills is down: {@code /actuator/health}, {@code /actuator/health/readiness}
 * and {@code /actuator/health/liveness}, with the starter's defaults.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "write-through.key-prefix=wt-health-${random.uuid}:", "spring.data.redis.connect-timeout=500ms",
				"spring.sql.init.mode=always", "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-details=always", "management.endpoint.health.probes.enabled=true" })
@ContextConfiguration(classes = JdbcStyle.class)
abstract class AbstractHealthHttpTests {

	private static RedisServerProcess redisServer;

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Autowired
	protected ProductOperations products;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> redisServer().port());
		TestDatabase.H2.register(registry);
	}

	protected static synchronized RedisServerProcess redisServer() {
		if (redisServer == null) {
			redisServer = RedisServerProcess.start();
			Runtime.getRuntime().addShutdownHook(new Thread(redisServer::close));
		}
		return redisServer;
	}

	@AfterEach
	void restartRedis() {
		redisServer().restart();
	}

	protected Response get(String path) throws Exception {
		HttpResponse<String> response = this.http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		return new Response(response.statusCode(), this.json.readTree(response.body()));
	}

	protected record Response(int status, JsonNode body) {

		JsonNode writethrough() {
			return this.body.path("components").path("writethrough");
		}

	}

}
