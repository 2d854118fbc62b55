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

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughHealthIndicator;
import dev.writethrough.it.support.KillableRedis;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis dies for real between a write's commit and its cache step ({@code proceed} mode):
 * the commit stands, the key waits in the pending-invalidation log, and once a restarted
 * Redis (which still holds the stale value) answers, the log drains and the stale value
 * is gone.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-outage-${random.uuid}:",
		"write-through.caches.products.ttl=10m", "write-through.pending-invalidations.initial-backoff=50ms",
		"write-through.pending-invalidations.max-backoff=500ms", "spring.data.redis.timeout=1s",
		"spring.data.redis.connect-timeout=500ms", "spring.jpa.hibernate.ddl-auto=create",
		"spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
public abstract class AbstractRedisOutageTests {

	private static RedisServerProcess redisServer;

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	private PendingInvalidations pendingInvalidations;

	@Autowired
	@Qualifier("writethroughHealthIndicator")
	private HealthIndicator health;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> standaloneServer().port());
	}

	/**
	 * The Redis this suite kills and restarts: by default a standalone server of its own;
	 * a subclass that registers a Cluster or Sentinel setup returns that.
	 * @return the Redis to kill
	 */
	protected KillableRedis redisServer() {
		return standaloneServer();
	}

	private static synchronized RedisServerProcess standaloneServer() {
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

	@Test
	void aWriteCommitsWhileRedisIsDownAndItsStaleKeyIsEvictedOnceRedisIsBack() {
		long id = this.products.create("lamp", 3);
		assertThat(rawValue(id)).contains("\"name\":\"lamp\"");
		double pendingWrites = writes("pending");
		redisServer().kill();

		this.products.update(id, "desk", 5);

		assertThat(this.products.findInDatabase(id)).as("the committed row").hasValue(new ProductView(id, "desk", 5));
		assertThat(this.pendingInvalidations.isPending(ProductOperations.CACHE, id)).as("key in the pending log")
			.isTrue();
		assertThat(writes("pending")).isEqualTo(pendingWrites + 1);
		assertThat(this.meters.get("writethrough.invalidations.pending").gauge().value()).isPositive();
		Health down = this.health.health();
		assertThat(down.getStatus()).isEqualTo(WriteThroughHealthIndicator.DEGRADED);
		assertThat(down.getDetails()).containsEntry("redis", "unreachable").containsKey("since");
		assertThat(down.getDetails()).containsKey("pendingInvalidations");
		assertThat((Integer) down.getDetails().get("pendingInvalidations")).isPositive();
		assertThat(this.products.find(id)).as("a read while Redis is down").hasValue(new ProductView(id, "desk", 5));

		redisServer().restart();

		await("the pending log draining").atMost(Duration.ofSeconds(30))
			.until(() -> this.pendingInvalidations.size() == 0);
		assertThat(rawValue(id)).as("the stale value after the log drained").isNull();
		assertThat(this.health.health().getStatus()).isEqualTo(Status.UP);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
		assertThat(rawValue(id)).contains("\"name\":\"desk\"");
	}

	@Test
	void aDeleteWhileRedisIsDownIsEvictedOnceRedisIsBack() {
		long id = this.products.create("lamp", 3);
		redisServer().kill();
		this.products.delete(id);
		assertThat(this.products.findInDatabase(id)).isEmpty();
		assertThat(this.products.find(id)).as("a read while the eviction is pending").isEmpty();
		redisServer().restart();
		await("the pending log draining").atMost(Duration.ofSeconds(30))
			.until(() -> this.pendingInvalidations.size() == 0);
		assertThat(rawValue(id)).isNull();
		assertThat(this.products.find(id)).isEmpty();
	}

	private WriteThroughCache cache() {
		return this.cacheManager.getCache(ProductOperations.CACHE);
	}

	private String rawValue(Object key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache().getKeys().entry(key));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

	private double writes(String outcome) {
		return Search.in(this.meters)
			.name("writethrough.write")
			.tag("cache", ProductOperations.CACHE)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

}
