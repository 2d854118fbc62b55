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
package dev.writethrough.it.jdbcclient;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import dev.writethrough.tx.BackgroundCacheSteps;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code write-through.await-cache-update=false}: a write returns once its transaction
 * committed and its cache step runs in the background; until the step is done the key is
 * fenced, so a read goes to the database (and sees the new row) without filling.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-background-${random.uuid}:",
		"write-through.caches.products.ttl=10m", "write-through.caches.other.ttl=10m",
		"write-through.await-cache-update=false", "spring.sql.init.mode=always" })
@ContextConfiguration(classes = JdbcClientStyle.class)
class PostgresBackgroundCacheStepTests {

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	private BackgroundCacheSteps backgroundSteps;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void aWriteReturnsBeforeItsCacheStepAndReadsNeverSeeTheOldValueMeanwhile() throws Exception {
		long id = this.products.create("lamp", 3);
		await().atMost(Duration.ofSeconds(10)).until(() -> rawValue(id) != null);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "lamp", 3));

		// One step per background thread (one per processor, at least two) holds them
		// all.
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		CountDownLatch stepsHeld = new CountDownLatch(1);
		CountDownLatch holding = new CountDownLatch(threads);
		for (int i = 0; i < threads; i++) {
			this.backgroundSteps.execute(() -> {
				holding.countDown();
				hold(stepsHeld);
			});
		}
		assertThat(holding.await(10, TimeUnit.SECONDS)).as("every background thread is held").isTrue();
		try {
			this.products.update(id, "desk", 5);
			assertThat(rawValue(id)).as("the cache step has not run: the key is fenced, its value moved aside")
				.isNull();
			assertThat(this.products.find(id)).as("read while the cache step waits")
				.hasValue(new ProductView(id, "desk", 5));
			assertThat(rawValue(id)).as("the read did not fill a fenced key").isNull();
		}
		finally {
			stepsHeld.countDown();
		}
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(rawValue(id)).isNotNull().contains("\"name\":\"desk\""));
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
	}

	private static void hold(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private String rawValue(long id) {
		WriteThroughCache cache = this.cacheManager.getCache(ProductOperations.CACHE);
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache.getKeys().entry(id));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

}
