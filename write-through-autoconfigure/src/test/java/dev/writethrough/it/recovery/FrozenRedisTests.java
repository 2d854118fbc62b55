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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughHealthIndicator;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.jdbc.JdbcStyle;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code redis-server} frozen with SIGSTOP keeps its connection open and answers
 * nothing: each call costs at most the command timeout, and after a few timeouts the
 * starter stops waiting on it (the circuit opens), so reads and writes are served by the
 * database at database speed until Redis thaws; then the cache heals.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-frozen-${random.uuid}:", "spring.sql.init.mode=always",
		"spring.data.redis.timeout=500ms" })
@ContextConfiguration(classes = JdbcStyle.class)
class FrozenRedisTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	private static RedisServerProcess redisServer;

	@Autowired
	private ProductOperations products;

	@Autowired
	private PendingInvalidations pendingInvalidations;

	@Autowired
	private WriteThroughCacheManager cacheManager;

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

	@Test
	void aFrozenRedisCostsEachCallAtMostTheTimeoutAndSoonNothing() {
		long id = this.products.create("lamp", 3);
		long other = this.products.create("chair", 4);
		assertThat(this.products.find(id)).isPresent();
		redisServer.freeze();
		try {
			List<Long> reads = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				assertThat(this.products.find(id)).as("read %d while Redis is frozen", i)
					.hasValue(new ProductView(id, "lamp", 3));
				reads.add((System.nanoTime() - start) / 1_000_000);
			}
			System.out.println("FROZEN read times (ms): " + reads);
			assertThat(reads).as("no read waits much longer than the command timeout")
				.allSatisfy((millis) -> assertThat(millis).isLessThan(TIMEOUT.toMillis() * 2 + 1000));
			assertThat(reads.subList(5, 10).stream().mapToLong(Long::longValue).sum())
				.as("once the starter stops waiting, reads cost no timeout at all")
				.isLessThan(TIMEOUT.toMillis());

			long start = System.nanoTime();
			this.products.update(id, "desk", 5);
			assertThat((System.nanoTime() - start) / 1_000_000).as("a write while frozen")
				.isLessThan(TIMEOUT.toMillis() * 2 + 1000);
			assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
			Health frozen = this.health.health();
			assertThat(frozen.getStatus()).isEqualTo(WriteThroughHealthIndicator.DEGRADED);
			assertThat(frozen.getDetails()).containsEntry("redis", "timed out");
		}
		finally {
			redisServer.thaw();
		}

		await("the pending log drained after the thaw").atMost(Duration.ofSeconds(10))
			.until(() -> this.pendingInvalidations.size() == 0 && this.health.health().getStatus() == Status.UP);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
		WriteThroughCache cache = this.cacheManager.getCache(ProductOperations.CACHE);
		await("cached reads resumed").atMost(Duration.ofSeconds(10)).until(() -> {
			long hits = cache.getStatistics().getHits();
			this.products.find(other);
			return cache.getStatistics().getHits() > hits;
		});
	}

}
