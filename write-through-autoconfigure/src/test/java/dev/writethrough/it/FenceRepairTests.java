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
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughHealthIndicator;
import dev.writethrough.it.support.JdbcTestApplication;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fence keys planted with a raw Redis connection (an unexpected type or value, no TTL):
 * each is treated as "a writer may be active", so the entry is evicted and the state
 * repaired, and writes and fills resume once the writer markers' TTL has passed, instead
 * of every write of the key being refused or evicting for ever. Health counts the
 * repairs. On PostgreSQL, in {@code fail} mode.
 *
 * @author write-through
 */
@SpringBootTest(classes = FenceRepairTests.Application.class,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-repair-${random.uuid}:", "write-through.on-cache-unavailable=fail",
				"write-through.fence.marker-ttl=2s", "write-through.leases.wait=50ms" })
class FenceRepairTests {

	private static final Duration RESUMED = Duration.ofSeconds(15);

	@Autowired
	private ViewCounter counter;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private WriteThroughHealthIndicator health;

	private final String page = "repair-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void aSequenceThatIsNotANumberIsRepairedInsteadOfRefusingEveryWrite() {
		plantExpiring(":c",
				(connection, key) -> connection.hashCommands().hSet(key, bytes("b"), bytes("not-a-number")));

		this.counter.save(this.page, 1);

		assertThat(cached()).as("evicted by the repair").isNull();
		assertRepairedAndResumes();
	}

	@Test
	void anEndCounterThatIsNotAnIntegerIsRepaired() {
		plantExpiring(":c", (connection, key) -> connection.hashCommands().hSet(key, bytes("e"), bytes("1.5")));

		this.counter.save(this.page, 1);

		assertThat(cached()).as("evicted by the repair").isNull();
		assertRepairedAndResumes();
	}

	@Test
	void countersWithoutTtlAreRepairedInsteadOfEvictingEveryWrite() {
		plant(":c", (connection, key) -> connection.hashCommands().hSet(key, bytes("v"), bytes("999999999999")));

		this.counter.save(this.page, 1);

		assertThat(cached()).isNull();
		assertThat(ttlOf(":c")).as("the counters carry a TTL again (or are gone)").isNotEqualTo(-1);
		assertRepairedAndResumes();
	}

	@Test
	void countersOfAnotherTypeAreRepaired() {
		plantExpiring(":c", (connection, key) -> connection.listCommands().rPush(key, bytes("1")));

		this.counter.save(this.page, 1);

		assertThat(cached()).as("evicted by the repair").isNull();
		assertRepairedAndResumes();
	}

	@Test
	void aVersionResetOfNoKnownFormIsRepaired() {
		plantExpiring(":c",
				(connection, key) -> connection.hashCommands().hSet(key, bytes("v"), bytes("r7:not-a-version")));

		this.counter.save(this.page, 1);

		assertThat(cached()).as("evicted by the repair").isNull();
		assertRepairedAndResumes();
	}

	@Test
	void aVersionResetOfAKnownFormIsKept() {
		plantExpiring(":c", (connection, key) -> connection.hashCommands().hSet(key, bytes("v"), bytes("r0:0")));
		long before = fenceRepairs();

		this.counter.save(this.page, 1);

		assertThat(cached()).as("stored: a writer that began after the reset, with a newer version").isNotNull();
		assertThat(fenceRepairs()).as("repairs").isEqualTo(before);
		assertThat(new String(versionOf(), StandardCharsets.UTF_8)).as("the version beside the reset")
			.isEqualTo("r0:1");
	}

	@Test
	void aWriterSetOfTheWrongTypeIsRepairedForWritesAndReads() {
		plant(":w", (connection, key) -> connection.stringCommands().set(key, bytes("garbage")));

		this.counter.save(this.page, 1);

		assertRepairedAndResumes();
		plant(":w", (connection, key) -> connection.stringCommands().set(key, bytes("garbage")));
		evictValue();
		await().atMost(RESUMED).untilAsserted(() -> {
			this.counter.find(this.page);
			assertThat(cached()).as("a read fills again").isNotNull();
		});
	}

	@Test
	void aMarkerThatNeverExpiresIsRepaired() {
		plant(":w", (connection, key) -> connection.zSetCommands().zAdd(key, Double.POSITIVE_INFINITY, bytes("ghost")));

		this.counter.save(this.page, 1);

		assertRepairedAndResumes();
	}

	@Test
	void aLeaseWithoutTtlIsRepairedSoReadsFillAgain() {
		this.counter.save(this.page, 1);
		evictValue();
		plant(":l", (connection, key) -> connection.stringCommands().set(key, bytes("stale-reader")));
		long before = this.health.health().getDetails().get("fenceRepairs") instanceof Long repairs ? repairs : 0;

		assertThat(this.counter.find(this.page)).isEqualTo(1L);

		assertThat(cached()).as("the read filled despite the planted lease").isNotNull();
		assertThat((Long) this.health.health().getDetails().get("fenceRepairs")).isGreaterThan(before);
	}

	private void assertRepairedAndResumes() {
		assertThat(this.health.health().getDetails()).as("health").containsKey("fenceRepairs");
		assertThat((Long) this.health.health().getDetails().get("fenceRepairs")).as("repairs in health").isPositive();
		AtomicInteger views = new AtomicInteger(1);
		await().atMost(RESUMED).untilAsserted(() -> {
			this.counter.save(this.page, views.incrementAndGet());
			assertThat(cached()).as("a write stores again once the repair marker expired").isNotNull();
		});
		assertThat(this.counter.find(this.page)).isEqualTo((long) views.get());
		for (String suffix : new String[] { ":w", ":c" }) {
			assertThat(ttlOf(suffix)).as("the TTL of " + suffix).isNotEqualTo(-1);
		}
	}

	private long fenceRepairs() {
		return (this.health.health().getDetails().get("fenceRepairs") instanceof Long repairs) ? repairs : 0;
	}

	private byte[] versionOf() {
		return this.redis.execute(
				(RedisCallback<byte[]>) (connection) -> connection.hashCommands().hGet(suffixed(":c"), bytes("v")));
	}

	private @Nullable String cached() {
		return this.redis.execute((RedisCallback<String>) (connection) -> {
			byte[] value = connection.stringCommands().get(redisKey());
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		});
	}

	private void evictValue() {
		this.redis.execute((RedisCallback<Long>) (connection) -> connection.keyCommands().del(redisKey()));
	}

	private long ttlOf(String suffix) {
		Long ttl = this.redis
			.execute((RedisCallback<Long>) (connection) -> connection.keyCommands().pTtl(suffixed(suffix)));
		return (ttl != null) ? ttl : -2;
	}

	private void plant(String suffix, Planter planter) {
		this.redis.execute((RedisCallback<Object>) (connection) -> {
			connection.keyCommands().del(suffixed(suffix));
			planter.plant(connection, suffixed(suffix));
			return null;
		});
	}

	// With a TTL, so only the type or the value gives the key away.
	private void plantExpiring(String suffix, Planter planter) {
		plant(suffix, (connection, key) -> {
			planter.plant(connection, key);
			connection.keyCommands().pExpire(key, 60_000);
		});
	}

	private byte[] redisKey() {
		WriteThroughCache cache = this.cacheManager.getCache(ViewCounter.CACHE);
		return cache.getKeys().entry(this.page);
	}

	private byte[] suffixed(String suffix) {
		return (new String(redisKey(), StandardCharsets.UTF_8) + suffix).getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@FunctionalInterface
	interface Planter {

		void plant(RedisConnection connection, byte[] key);

	}

	/**
	 * Page views in the {@code page_views} table, written through with the count as the
	 * version.
	 */
	public static class ViewCounter {

		static final String CACHE = "views";

		private final JdbcClient jdbc;

		ViewCounter(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@WriteThrough(cache = CACHE, key = "#page", value = "#views", version = "#views")
		public void save(String page, long views) {
			int updated = this.jdbc.sql("UPDATE page_views SET views = ? WHERE page = ?")
				.param(views)
				.param(page)
				.update();
			if (updated == 0) {
				this.jdbc.sql("INSERT INTO page_views (page, views) VALUES (?, ?)").param(page).param(views).update();
			}
		}

		@Cacheable(cacheNames = CACHE, key = "#page")
		public @Nullable Long find(String page) {
			return this.jdbc.sql("SELECT views FROM page_views WHERE page = ?")
				.param(page)
				.query(Long.class)
				.optional()
				.orElse(null);
		}

	}

	@JdbcTestApplication
	@EnableCaching
	static class Application {

		@Bean
		ViewCounter viewCounter(JdbcClient jdbc) {
			return new ViewCounter(jdbc);
		}

	}

}
