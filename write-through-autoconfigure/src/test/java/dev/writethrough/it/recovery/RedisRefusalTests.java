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

package dev.writethrough.it.recovery;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughHealthIndicator;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.jdbc.JdbcStyle;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Redis that answers, with a refusal, is not reported as unreachable: a key of the
 * wrong type (WRONGTYPE), a Redis out of memory (OOM: health's probe write and a plain
 * SET are refused) and a read-only replica (READONLY), each made for real on a
 * {@code redis-server} the test started, are named in the log with what to do, and health
 * shows the refusals. Reads are served from the database throughout.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-refusal-${random.uuid}:", "spring.sql.init.mode=always",
		"logging.level.dev.writethrough=debug" })
@ContextConfiguration(classes = JdbcStyle.class)
@ExtendWith(OutputCaptureExtension.class)
class RedisRefusalTests {

	private static RedisServerProcess redisServer;

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	@Qualifier("writethroughHealthIndicator")
	private HealthIndicator health;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		redisServer = RedisServerProcess.start();
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", redisServer::port);
		TestDatabase.H2.register(registry);
	}

	@AfterAll
	static void stopRedis() {
		redisServer.close();
	}

	@AfterEach
	void letRedisTakeWritesAgain() {
		redis("CONFIG", "SET", "maxmemory", "0");
		redis("REPLICAOF", "NO", "ONE");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.health.health().getStatus() == Status.UP);
	}

	@Test
	void aKeyOfTheWrongTypeIsNamedAsSuch(CapturedOutput output) {
		long id = this.products.create("lamp", 3);
		byte[] key = this.cacheManager.getCache(ProductOperations.CACHE).getKeys().entry(id);
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.keyCommands().del(key);
			connection.hashCommands().hSet(key, bytes("field"), bytes("value"));
		}

		assertThat(this.products.find(id)).hasValue(new ProductView(id, "lamp", 3));

		assertThat(lineWith(output, "could not read key '" + id + "'")).contains("WRONGTYPE")
			.contains("holds another Redis type")
			.contains("write-through.key-prefix")
			.doesNotContain("unreachable");
	}

	@Test
	void aRedisOutOfMemoryIsNamedAndShownInHealth(CapturedOutput output) {
		long id = this.products.create("lamp", 3);
		redis("CONFIG", "SET", "maxmemory-policy", "noeviction");
		redis("CONFIG", "SET", "maxmemory", "1");

		// Redis lets a Lua script that has begun writing go on under OOM, so the fenced
		// write
		// path keeps working; a plain SET is refused.
		this.products.update(id, "desk", 5);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
		this.cacheManager.getCache(ProductOperations.CACHE).put("programmatic", "value");

		assertThat(lineWith(output, "could not store key 'programmatic'")).contains("lack of memory")
			.contains("OOM")
			.contains("maxmemory")
			.doesNotContain("unreachable");
		Health refused = this.health.health();
		assertThat(refused.getStatus()).isEqualTo(WriteThroughHealthIndicator.DEGRADED);
		assertThat(refused.getDetails()).containsEntry("redis", "refusing commands: OOM");
		assertThat((String) refused.getDetails().get("cause")).contains("maxmemory-policy");
	}

	@Test
	void aReadOnlyReplicaIsNamedAndShownInHealth(CapturedOutput output) {
		long id = this.products.create("lamp", 3);
		redis("REPLICAOF", "127.0.0.1", String.valueOf(closedPort()));

		this.products.update(id, "desk", 5);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));

		assertThat(lineWith(output, "Could not mark a written key")).contains("read-only replica")
			.contains("READONLY")
			.doesNotContain("unreachable");
		Health refused = this.health.health();
		assertThat(refused.getStatus()).isEqualTo(WriteThroughHealthIndicator.DEGRADED);
		assertThat(refused.getDetails()).containsEntry("redis", "refusing writes: READONLY");
	}

	private static String lineWith(CapturedOutput output, String text) {
		return Arrays.stream(output.getAll().split("\\R"))
			.filter((line) -> line.contains(text))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("No log line contains '" + text + "'"));
	}

	private void redis(String... command) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[][] arguments = Arrays.stream(command).skip(1).map(RedisRefusalTests::bytes).toArray(byte[][]::new);
			connection.execute(command[0], arguments);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
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
