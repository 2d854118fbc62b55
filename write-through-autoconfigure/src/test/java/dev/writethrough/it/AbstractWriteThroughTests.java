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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.support.StatementCounter;
import dev.writethrough.it.support.TestRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.Search;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.Cache;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The write path, run once per database and repository style: the concrete subclasses
 * only say which database and which style.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-it-${random.uuid}:",
		"write-through.caches.products.ttl=10m", "write-through.caches.other.ttl=10m",
		"spring.jpa.hibernate.ddl-auto=create", "spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
public abstract class AbstractWriteThroughTests {

	@Autowired
	protected ProductOperations products;

	@Autowired
	protected WriteThroughCacheManager cacheManager;

	@Autowired
	protected RedisConnectionFactory redis;

	@Autowired
	protected TransactionTemplate transaction;

	@Autowired
	protected StatementCounter statements;

	@Autowired
	protected MeterRegistry meters;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
	}

	@Test
	void saveCommitsThenCachesTheJsonValueAndTheNextReadIsAHitWithoutSql() {
		long id = this.products.create("lamp", 3);
		assertThat(rawValue(id)).as("the value in Redis after the commit")
			.contains("\"t\":\"dev.writethrough.it.")
			.contains("\"name\":\"lamp\"");
		long hits = cache().getStatistics().getHits();
		long statementsBefore = this.statements.count();
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "lamp", 3));
		assertThat(this.statements.count() - statementsBefore).as("SQL statements issued by a cache hit").isZero();
		assertThat(cache().getStatistics().getHits()).isEqualTo(hits + 1);
	}

	@Test
	void exceptionAfterTheSaveInsideAnOuterTransactionRollsBackTheDatabaseAndLeavesTheCacheUntouched() {
		long id = this.products.create("lamp", 3);
		String cached = rawValue(id);
		long count = this.products.countInDatabase();
		assertThatIllegalStateException().isThrownBy(() -> this.transaction.executeWithoutResult((status) -> {
			this.products.update(id, "desk", 5);
			this.products.create("chair", 1);
			throw new IllegalStateException("boom");
		})).withMessage("boom");
		assertThat(this.products.findInDatabase(id)).hasValue(new ProductView(id, "lamp", 3));
		assertThat(this.products.countInDatabase()).isEqualTo(count);
		assertThat(rawValue(id)).as("the cached value after the rollback").isEqualTo(cached);
	}

	@Test
	void whileTheOuterTransactionIsOpenOthersNeverSeeTheNewValueAndItAppearsAfterTheCommit() {
		long id = this.products.create("lamp", 3);
		String cached = rawValue(id);
		this.transaction.executeWithoutResult((status) -> {
			this.products.update(id, "desk", 5);
			String seenElsewhere = CompletableFuture.supplyAsync(() -> rawValue(id)).join();
			// The fence moves the old value aside until the commit: nothing or the old
			// value, never the new one.
			assertThat(seenElsewhere).as("the cached value seen from another connection before the commit")
				.satisfiesAnyOf((value) -> assertThat(value).isNull(), (value) -> assertThat(value).isEqualTo(cached));
			assertThat(CompletableFuture.supplyAsync(() -> this.products.find(id)).join())
				.as("a read from another thread before the commit")
				.hasValue(new ProductView(id, "lamp", 3));
			assertThat(CompletableFuture.supplyAsync(() -> this.products.findInDatabase(id)).join())
				.hasValue(new ProductView(id, "lamp", 3));
		});
		assertThat(rawValue(id)).as("the cached value after the commit").contains("\"name\":\"desk\"");
	}

	@Test
	void aValueTheCacheCannotTakeIsEvictedAndCountedAsEvicted() {
		long id = this.products.create("lamp", 3);
		assertThat(rawValue(id)).isNotNull();
		double evicted = writes("evicted");
		this.products.updateWithUncacheableValue(id, "desk", 5);
		assertThat(rawValue(id)).as("the key after a SET that failed").isNull();
		assertThat(this.products.findInDatabase(id)).hasValue(new ProductView(id, "desk", 5));
		assertThat(writes("evicted")).isEqualTo(evicted + 1);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "desk", 5));
	}

	@Test
	void deleteByIdEvictsTheKeyAfterTheCommit() {
		long id = this.products.create("lamp", 3);
		assertThat(rawValue(id)).isNotNull();
		this.products.delete(id);
		assertThat(rawValue(id)).isNull();
		assertThat(this.products.findInDatabase(id)).isEmpty();
		assertThat(this.products.find(id)).isEmpty();
	}

	@Test
	void deleteInsideARolledBackTransactionKeepsTheKey() {
		long id = this.products.create("lamp", 3);
		this.transaction.executeWithoutResult((status) -> {
			this.products.delete(id);
			status.setRollbackOnly();
		});
		assertThat(rawValue(id)).contains("\"name\":\"lamp\"");
		assertThat(this.products.findInDatabase(id)).isPresent();
	}

	@Test
	void allEntriesClearsOnlyThatCache() {
		long first = this.products.create("lamp", 3);
		long second = this.products.create("desk", 5);
		Cache other = this.cacheManager.getCache("other");
		other.put(first, "kept");
		this.products.deleteAll();
		assertThat(rawValue(first)).isNull();
		assertThat(rawValue(second)).isNull();
		assertThat(other.get(first)).as("an entry of another cache").isNotNull();
		assertThat(other.get(first).get()).isEqualTo("kept");
	}

	@Test
	void allEntriesClearsEveryEntryWhateverItsSlot() {
		// Each entry has a hash tag of its own, so on a Redis Cluster 30 entries lie on
		// every master: a clear must reach each of them.
		List<Long> ids = this.products.createAll(IntStream.range(0, 30).mapToObj((i) -> "item-" + i).toList());
		assertThat(ids).allSatisfy((id) -> assertThat(rawValue(id)).as("cached after the save").isNotNull());
		this.products.deleteAll();
		assertThat(ids).allSatisfy((id) -> assertThat(rawValue(id)).as("the entry of %s after the clear", id).isNull());
	}

	@Test
	void saveAllWritesOneKeyPerElement() {
		List<Long> ids = this.products.createAll(List.of("red", "green", "blue"));
		assertThat(ids).hasSize(3);
		assertThat(rawValue(ids.get(0))).contains("\"name\":\"red\"");
		assertThat(rawValue(ids.get(1))).contains("\"name\":\"green\"");
		assertThat(rawValue(ids.get(2))).contains("\"name\":\"blue\"");
	}

	@Test
	void fiftyConcurrentMissesOnOneKeyLoadItOnceWithSyncCacheable() throws Exception {
		long id = this.products.create("lamp", 3);
		cache().remove(id);
		long statementsBefore = this.statements.count();
		int readers = 50;
		CountDownLatch start = new CountDownLatch(1);
		ExecutorService executor = Executors.newFixedThreadPool(readers);
		try {
			List<Future<Optional<ProductView>>> results = new ArrayList<>();
			for (int i = 0; i < readers; i++) {
				results.add(executor.submit(() -> {
					start.await();
					return this.products.findSync(id);
				}));
			}
			start.countDown();
			for (Future<Optional<ProductView>> result : results) {
				assertThat(result.get(30, TimeUnit.SECONDS)).hasValue(new ProductView(id, "lamp", 3));
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(this.statements.count() - statementsBefore).as("SQL statements for 50 concurrent misses")
			.isEqualTo(1);
	}

	@Test
	void readsInsideATransactionThatWroteTheKeyGoToTheDatabaseAndDoNotFillTheCache() {
		long id = this.products.create("lamp", 3);
		this.transaction.executeWithoutResult((status) -> {
			this.products.update(id, "desk", 5);
			assertThat(this.products.find(id)).as("read your own write").hasValue(new ProductView(id, "desk", 5));
			assertThat(rawValue(id)).as("the cache before the commit")
				.satisfiesAnyOf((value) -> assertThat(value).isNull(),
						(value) -> assertThat(value).doesNotContain("desk"));
		});
		assertThat(rawValue(id)).contains("\"name\":\"desk\"");
	}

	@Test
	void aCachedValueOfATypeNotAllowedIsNeverInstantiatedAndIsAMiss() {
		long id = this.products.create("lamp", 3);
		long rejected = cache().getStatistics().getRejectedReads();
		double rejectedTypes = rejected("type");
		try (RedisConnection connection = this.redis.getConnection()) {
			connection.stringCommands()
				.set(cache().getKeys().entry(id),
						"{\"t\":\"java.lang.ProcessBuilder\",\"d\":{}}".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(this.products.find(id)).as("the read served from the database")
			.hasValue(new ProductView(id, "lamp", 3));
		assertThat(cache().getStatistics().getRejectedReads()).isEqualTo(rejected + 1);
		assertThat(rejected("type")).isEqualTo(rejectedTypes + 1);
		assertThat(rawValue(id)).as("the planted value replaced by the fill").contains("\"name\":\"lamp\"");
	}

	@Test
	void aCachedValueOfAnotherTypeThanTheFinderReturnsIsNotServedAndIsReplaced() {
		long id = this.products.create("lamp", 3);
		double unexpected = rejected("unexpected_type");
		long rejected = cache().getStatistics().getRejectedReads();
		for (String planted : List.of("{\"t\":\"java.lang.String\",\"d\":\"hello\"}",
				"{\"t\":\"java.lang.Object\",\"d\":{\"anything\":1}}")) {
			try (RedisConnection connection = this.redis.getConnection()) {
				connection.stringCommands().set(cache().getKeys().entry(id), planted.getBytes(StandardCharsets.UTF_8));
			}
			assertThat(this.products.find(id)).as("the read with %s planted", planted)
				.hasValue(new ProductView(id, "lamp", 3));
			assertThat(rawValue(id)).as("the planted value replaced by the fill").contains("\"name\":\"lamp\"");
		}
		assertThat(rejected("unexpected_type")).as("refused for their type, the string").isEqualTo(unexpected + 1);
		assertThat(cache().getStatistics().getRejectedReads()).as("refused in all").isEqualTo(rejected + 2);
	}

	private double rejected(String reason) {
		return this.meters.get("writethrough.values.rejected")
			.tag("cache", "products")
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

	@Test
	void anEnvelopeThatIsNotExactlyOneWellFormedEnvelopeIsNotServed() {
		long id = this.products.create("lamp", 3);
		String product = rawValue(id);
		for (String planted : List.of("{\"t\":{\"t\":\"java.lang.String\"},\"d\":\"hello\"}", product + product,
				product.replace("\"d\":", "\"x\":1,\"d\":"))) {
			try (RedisConnection connection = this.redis.getConnection()) {
				connection.stringCommands().set(cache().getKeys().entry(id), planted.getBytes(StandardCharsets.UTF_8));
			}
			long rejected = cache().getStatistics().getRejectedReads();
			assertThat(this.products.find(id)).as("the read with %s planted", planted)
				.hasValue(new ProductView(id, "lamp", 3));
			assertThat(cache().getStatistics().getRejectedReads()).as("refusals after reading %s", planted)
				.isEqualTo(rejected + 1);
		}
	}

	@Test
	void metersCountAKnownSequenceOfWritesHitsAndMisses() {
		double hits = gets("hit");
		double misses = gets("miss");
		double puts = counter("cache.puts");
		double cached = writes("cached");
		long id = this.products.create("lamp", 3);
		this.products.find(id);
		cache().remove(id);
		this.products.find(id);
		this.products.find(id);
		assertThat(gets("hit") - hits).as("hits").isEqualTo(2);
		assertThat(gets("miss") - misses).as("misses").isEqualTo(1);
		assertThat(counter("cache.puts") - puts).as("puts: the write and the fill").isEqualTo(2);
		assertThat(writes("cached") - cached).as("writes cached").isEqualTo(1);
		assertThat(this.meters.get("writethrough.cache.update").tag("cache", "products").timer().count()).isPositive();
		assertThat(this.meters.get("writethrough.invalidations.pending").gauge().value()).isZero();
	}

	protected WriteThroughCache cache() {
		return this.cacheManager.getCache(ProductOperations.CACHE);
	}

	protected String rawValue(Object key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache().getKeys().entry(key));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

	protected double writes(String outcome) {
		return Search.in(this.meters)
			.name("writethrough.write")
			.tag("cache", ProductOperations.CACHE)
			.tag("outcome", outcome)
			.timers()
			.stream()
			.mapToDouble((timer) -> timer.count())
			.sum();
	}

	private double gets(String result) {
		return this.meters.get("cache.gets")
			.tag("cache", ProductOperations.CACHE)
			.tag("result", result)
			.functionCounter()
			.count();
	}

	private double counter(String name) {
		return this.meters.get(name).tag("cache", ProductOperations.CACHE).functionCounter().count();
	}

}
