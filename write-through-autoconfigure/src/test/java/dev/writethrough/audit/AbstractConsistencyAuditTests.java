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

package dev.writethrough.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughEndpoint;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.support.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consistency auditor with change capture off, run once per database and repository
 * style: rows changed with plain JDBC behind the starter's back are found stale, counted
 * and evicted; annotated writes alone, however concurrent, are never called stale.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-audit-${random.uuid}:",
		"write-through.caches.products.ttl=10m", "write-through.audit.enabled=true", "write-through.audit.rate=200/s",
		"write-through.audit.grace-period=200ms", "management.endpoints.web.exposure.include=writethrough",
		"spring.jpa.hibernate.ddl-auto=create", "spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_EACH_TEST_METHOD)
abstract class AbstractConsistencyAuditTests {

	private static final String CACHE = ProductOperations.CACHE;

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@Autowired
	private DataSource dataSource;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private WriteThroughEndpoint endpoint;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
	}

	/**
	 * The table of the products.
	 * @return its name
	 */
	protected abstract String table();

	@Test
	void rowsChangedWithPlainJdbcAreReportedStaleAndEvictedAndTheOthersStayCached() throws SQLException {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			ids.add(this.products.create("product-" + i, i));
		}
		long absent = ids.get(ids.size() - 1) + 1_000_000 + ThreadLocalRandom.current().nextInt(1_000_000);
		assertThat(this.products.find(absent)).as("a product that does not exist yet, read (and cached as absent)")
			.isEmpty();
		ids.forEach((id) -> assertThat(rawValue(id)).as("key %s cached by its save", id).isNotNull());
		assertThat(rawValue(absent)).as("the absent product cached as absent").isNotNull();
		execute("update " + table() + " set name = 'renamed outside' where id in (" + ids.get(0) + ", " + ids.get(1)
				+ ")", "update " + table() + " set stock = stock + 100 where id = " + ids.get(2),
				"delete from " + table() + " where id = " + ids.get(3),
				"insert into " + table() + " (id, name, stock) values (" + absent + ", 'inserted outside', 7)");
		List<Long> changed = List.of(ids.get(0), ids.get(1), ids.get(2), ids.get(3), absent);

		Awaitility.await("the auditor finds and evicts the five keys changed outside the starter")
			.atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> changed
				.forEach((id) -> assertThat(rawValue(id)).as("key %s changed with plain JDBC", id).isNull()));

		assertThat(count("stale")).as("writethrough.audit{result=stale}: each changed key once").isEqualTo(5);
		assertThat(count("consistent")).as("writethrough.audit{result=consistent}").isPositive();
		CacheAudit audit = audit();
		assertThat(audit.status()).isEqualTo("audited");
		assertThat(audit.stale()).as("stale entries the endpoint reports").isEqualTo(5);
		assertThat(audit.nines()).as("nines, with stale entries found").isNotNull();
		assertThat(audit.recentStale()).extracting(CacheAudit.StaleEntry::key)
			.containsAll(changed.stream().map(String::valueOf).toList());
		ids.subList(4, ids.size())
			.forEach(
					(id) -> assertThat(rawValue(id)).as("key %s, never changed outside, still cached", id).isNotNull());
		assertThat(this.products.find(ids.get(0))).map(ProductView::name).hasValue("renamed outside");
		assertThat(this.products.find(ids.get(2))).map(ProductView::stock).hasValue(102);
		assertThat(this.products.find(ids.get(3))).isEmpty();
		assertThat(this.products.find(absent)).map(ProductView::name).hasValue("inserted outside");
	}

	@Test
	void concurrentAnnotatedWritesAloneAreReportedFullyConsistent() throws Exception {
		List<Long> ids = new ArrayList<>();
		// Enough keys that most stay unchanged for a grace period between writes: an
		// entry
		// that changes while it is checked is not counted either way.
		ids.addAll(this.products
			.createAll(java.util.stream.IntStream.range(0, 200).mapToObj((i) -> "product-" + i).toList()));
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong writes = new AtomicLong();
		AtomicLong reads = new AtomicLong();
		ExecutorService threads = Executors.newFixedThreadPool(6);
		List<Future<?>> work = new ArrayList<>();
		try {
			for (int t = 0; t < 3; t++) {
				work.add(threads.submit(() -> {
					while (running.get()) {
						long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
						this.products.update(id, "written-" + writes.incrementAndGet(),
								ThreadLocalRandom.current().nextInt(1000));
					}
				}));
				work.add(threads.submit(() -> {
					while (running.get()) {
						Optional<ProductView> read = this.products
							.find(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
						assertThat(read).isPresent();
						reads.incrementAndGet();
					}
				}));
			}
			Awaitility.await("300 entries audited while the writers run")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> count("consistent") + count("stale") >= 300);
		}
		finally {
			running.set(false);
			threads.shutdown();
			assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
		}
		for (Future<?> future : work) {
			future.get();
		}
		assertThat(writes.get()).as("annotated writes during the audit").isGreaterThan(100);
		assertThat(count("stale")).as("stale entries found among annotated writes only").isZero();
		CacheAudit audit = audit();
		assertThat(audit.stale()).isZero();
		assertThat(audit.samples()).isGreaterThanOrEqualTo(300);
		assertThat(audit.consistency()).as("consistency the endpoint reports").isEqualTo(1.0);
		System.out.printf(
				"AUDIT %s %s: %d samples, %d stale, consistency %s, %d unsettled, %d annotated writes, %d reads%n",
				getClass().getSimpleName(), CACHE, audit.samples(), audit.stale(), audit.consistency(),
				audit.unsettled(), writes.get(), reads.get());
	}

	private CacheAudit audit() {
		CacheAudit audit = this.endpoint.describe().caches().get(CACHE).audit();
		assertThat(audit).as("the endpoint's audit of cache '%s'", CACHE).isNotNull();
		return audit;
	}

	private double count(String result) {
		Counter counter = this.meters.find("writethrough.audit").tag("cache", CACHE).tag("result", result).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private void execute(String... statements) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.executeUpdate(sql);
			}
		}
	}

	private String rawValue(long id) {
		WriteThroughCache cache = this.cacheManager.getCache(CACHE);
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache.redisKey(id));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

}
