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
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample application over real HTTP while Redis does not answer: reads are served
 * from the database, and a write the cache must refuse (a write-behind page view, whose
 * queue lives in Redis) is HTTP 503 with a problem-details body that says why.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "write-through.key-prefix=wt-sample-down-${random.uuid}:", "spring.data.redis.host=127.0.0.1",
				"spring.datasource.url=jdbc:h2:mem:sample-down-${random.uuid}" })
class SampleApplicationWithoutRedisHttpTests {

	private final HttpClient http = HttpClient.newHttpClient();

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void closedRedisPort(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.port", SampleApplicationWithoutRedisHttpTests::closedPort);
	}

	@Test
	void aWriteTheCacheRefusesIs503WithAProblemDetailAndReadsStillServe() throws Exception {
		HttpResponse<String> refused = send("POST", "/pages/home/views");

		assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
		assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
		JsonNode problem = this.json.readTree(refused.body());
		assertThat(problem.path("title").asString()).isEqualTo("Cache unavailable");
		assertThat(problem.path("detail").asString()).contains("Nothing was written").contains("Redis is unreachable");
		assertThat(send("GET", "/products").statusCode()).as("reads are served from the database").isEqualTo(200);
	}

	private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
