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

package dev.writethrough.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.tx.DurableInvalidations;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A write commits while Redis is down, the application stops before Redis is back, and
 * Redis comes back restored from an RDB dump that still holds the old value: the new
 * application start must not serve that value. The eviction was recorded in the database
 * with the write's commit and is sent at start-up. Runs once per database.
 *
 * @author write-through
 */
abstract class AbstractDurableInvalidationTests {

	private final String keyPrefix = "wt-durable-" + UUID.randomUUID() + ":";

	private final String page = "durable-" + UUID.randomUUID();

	protected abstract TestDatabase database();

	@Test
	void anEvictionThatCouldNotReachRedisSurvivesARestartAndARedisRestoredFromAnOldDump() throws Exception {
		Map<String, Object> database = new LinkedHashMap<>();
		database().register((name, value) -> database.put(name, value.get()));
		Path backup = Files.createTempDirectory("wt-rdb");
		int port;
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			port = redis.port();
			ConfigurableApplicationContext first = start(database, port);
			try {
				FenceRepairTests.ViewCounter counter = first.getBean(FenceRepairTests.ViewCounter.class);
				counter.save(this.page, 1);
				assertThat(counter.find(this.page)).isEqualTo(1L);
				assertThat(cachedValue(port)).as("the old value, cached").isNotNull();
				save(port);
				Files.copy(redis.directory().resolve("dump.rdb"), backup.resolve("dump.rdb"),
						StandardCopyOption.REPLACE_EXISTING);

				redis.kill();
				counter.save(this.page, 2);
				assertThat(first.getBean(DurableInvalidations.class).size()).as("recorded evictions").isEqualTo(1);
			}
			finally {
				first.close();
			}
		}
		try (RedisServerProcess restored = RedisServerProcess.startFromDump(backup, port)) {
			assertThat(cachedValue(port)).as("the restored dump holds the old value").isNotNull();

			ConfigurableApplicationContext second = start(database, port);
			try {
				FenceRepairTests.ViewCounter counter = second.getBean(FenceRepairTests.ViewCounter.class);
				assertThat(counter.find(this.page)).as("the value served after the restart").isEqualTo(2L);
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(30))
					.until(() -> second.getBean(DurableInvalidations.class).size() == 0);
				assertThat(counter.find(this.page)).as("the value served once the log drained").isEqualTo(2L);
				assertThat(counter.find(this.page)).isEqualTo(2L);
			}
			finally {
				second.close();
			}
		}
	}

	private String cachedKey() {
		return this.keyPrefix + "{views:" + this.page + "}";
	}

	private String cachedValue(int port) {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync().get(cachedKey());
		}
	}

	private static void save(int port) {
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
				StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().save();
		}
	}

	private ConfigurableApplicationContext start(Map<String, Object> database, int port) {
		Map<String, Object> properties = new LinkedHashMap<>(database);
		properties.put("spring.data.redis.url", "redis://127.0.0.1:" + port);
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("spring.data.redis.connect-timeout", "500ms");
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", this.keyPrefix);
		// H2 here is kept open for the JVM's life, so it outlives the first application:
		// the second must use the same key space, as it would with a database server.
		properties.put("write-through.embedded-database-epoch", "false");
		properties.put("write-through.caches.views.ttl", "30m");
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(FenceRepairTests.Application.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

}
