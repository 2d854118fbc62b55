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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.jdbc.JdbcStyle;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How long the cache takes to heal after Redis comes back, over 20 real outages of a
 * {@code redis-server} the test kills, keeps down for a few seconds (the application
 * serving from the database meanwhile) and restarts. Recovery is the time from the
 * restarted server answering until the key written during the outage has been evicted, a
 * read has cached it again and health is {@code UP}. Only the starter's defaults are
 * used. The figures are printed; the 2 s target is asserted with a generous bound, since
 * the machine may be loaded.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-recovery-${random.uuid}:", "spring.sql.init.mode=always" })
@ContextConfiguration(classes = JdbcStyle.class)
class RecoveryTimingTests {

	private static final int OUTAGES = 20;

	private static final Duration OUTAGE = Duration.ofSeconds(3);

	private static RedisServerProcess redisServer;

	@Autowired
	private ProductOperations products;

	@Autowired
	private PendingInvalidations pendingInvalidations;

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

	@Test
	void cachedReadsResumeAndThePendingLogDrainsWithinSecondsOfRedisComingBack() {
		List<Long> recoveries = new ArrayList<>();
		for (int outage = 1; outage <= OUTAGES; outage++) {
			long id = this.products.create("lamp-" + outage, outage);
			assertThat(this.products.find(id)).isPresent();
			redisServer.kill();
			String written = "desk-" + outage;
			this.products.update(id, written, outage);
			assertThat(this.pendingInvalidations.isPending(ProductOperations.CACHE, id)).isTrue();
			await("reads served from the database during the outage").during(OUTAGE)
				.atMost(OUTAGE.plusSeconds(10))
				.until(() -> this.products.find(id).map((product) -> product.name().equals(written)).orElse(false));

			redisServer.restart();
			long back = System.nanoTime();
			await("outage " + outage + " healed").atMost(Duration.ofMinutes(2))
				.pollInterval(Duration.ofMillis(10))
				.until(() -> healed(id, written));
			recoveries.add((System.nanoTime() - back) / 1_000_000);
		}
		List<Long> sorted = recoveries.stream().sorted().toList();
		long p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1);
		long p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
		System.out.println("RECOVERY over " + OUTAGES + " outages of " + OUTAGE.toSeconds() + "s: p50=" + p50
				+ "ms p99=" + p99 + "ms, each: " + recoveries);
		assertThat(p99)
			.as("p99 recovery in ms (target 2000 ms; 2500 leaves room for a loaded machine, the code before the fix took 3100)")
			.isLessThan(2500);
	}

	private boolean healed(long id, String written) {
		if (this.pendingInvalidations.size() > 0 || this.health.health().getStatus() != Status.UP) {
			return false;
		}
		this.products.find(id);
		String cached = rawValue(id);
		return cached != null && cached.contains("\"name\":\"" + written + "\"");
	}

	private String rawValue(Object key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands()
				.get(this.cacheManager.getCache(ProductOperations.CACHE).getKeys().entry(key));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
