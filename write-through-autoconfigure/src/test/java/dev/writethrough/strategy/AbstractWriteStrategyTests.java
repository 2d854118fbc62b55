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
package dev.writethrough.strategy;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import dev.writethrough.WriteBehindQueueFullException;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Write-around and write-behind caches, run once per database: write-around evicts after
 * the commit and reads fill; write-behind serves its writes from the cache at once and
 * writes them to the database later, coalesced, in batches, through a durable queue.
 */
@SpringBootTest(classes = StrategyApplication.class,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-strategy-${random.uuid}:",
				"write-through.caches.audit.strategy=write-around",
				"write-through.caches.page-views.strategy=write-behind",
				"write-through.caches.page-views.write-behind.writer=pageViewWriter",
				"write-through.caches.page-views.write-behind.flush-interval=50ms",
				"write-through.caches.page-views.write-behind.max-attempts=2",
				"write-through.caches.page-views.write-behind.initial-backoff=50ms",
				"write-through.caches.page-views.write-behind.max-backoff=100ms",
				"write-through.caches.bounded-views.strategy=write-behind",
				"write-through.caches.bounded-views.write-behind.writer=pageViewWriter",
				"write-through.caches.bounded-views.write-behind.flush-interval=50ms",
				"write-through.caches.bounded-views.write-behind.max-pending=3",
				"write-through.caches.bounded-views.write-behind.when-full=fail",
				"write-through.caches.blocking-views.strategy=write-behind",
				"write-through.caches.blocking-views.write-behind.writer=pageViewWriter",
				"write-through.caches.blocking-views.write-behind.flush-interval=50ms",
				"write-through.caches.blocking-views.write-behind.max-pending=3",
				"write-through.caches.blocking-views.write-behind.when-full=block",
				"write-through.caches.blocking-views.write-behind.block-timeout=30s" })
public abstract class AbstractWriteStrategyTests {

	private static final Duration FLUSHED = Duration.ofSeconds(30);

	@Autowired
	private PageViewService pageViews;

	@Autowired
	private RecordingPageViewWriter writer;

	@Autowired
	private AuditLog auditLog;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private StringRedisTemplate redis;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private WriteBehindQueues queues;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@AfterEach
	void leaveTheQueuesEmpty() {
		this.writer.open();
		this.writer.failFor(null);
		for (WriteBehindQueue queue : this.queues.all()) {
			await().atMost(FLUSHED).until(() -> queue.depth() == 0);
		}
	}

	@Test
	void writeAroundEvictsAfterTheCommitAndTheNextReadFills() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		int reads = this.auditLog.databaseReads();
		this.auditLog.save(new AuditEntry(id, "created"));
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "created"));
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "created"));
		assertThat(this.auditLog.databaseReads()).as("the second read is a hit").isEqualTo(reads + 1);
		byte[] key = cache("audit").getKeys().entry(id);
		assertThat(exists(key)).isTrue();

		this.auditLog.save(new AuditEntry(id, "changed"));

		assertThat(exists(key)).as("the write evicted the key instead of writing it").isFalse();
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "changed"));
		assertThat(this.auditLog.databaseReads()).isEqualTo(reads + 2);
		assertThat(ttlSeconds(key)).as("write-around's default TTL is 5 minutes").isBetween(200L, 300L);
	}

	@Test
	void writeAroundRefillsAfterEveryUpdateOfAnExistingKey() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		this.auditLog.save(new AuditEntry(id, "v0"));
		for (int version = 1; version <= 3; version++) {
			this.auditLog.save(new AuditEntry(id, "v" + version));
			int reads = this.auditLog.databaseReads();
			assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "v" + version));
			assertThat(this.auditLog.databaseReads()).as("the read after update %d misses", version)
				.isEqualTo(reads + 1);
			assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "v" + version));
			assertThat(this.auditLog.databaseReads()).as("the read after that fills: a hit after update %d", version)
				.isEqualTo(reads + 1);
		}
	}

	@Test
	void writeAroundRefillsAfterADelete() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		this.auditLog.save(new AuditEntry(id, "created"));
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "created"));

		this.auditLog.delete(id);
		assertThat(this.auditLog.find(id)).as("the deleted row").isNull();
		this.auditLog.save(new AuditEntry(id, "again"));

		int reads = this.auditLog.databaseReads();
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "again"));
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "again"));
		assertThat(this.auditLog.databaseReads()).as("one miss, then a hit").isEqualTo(reads + 1);
	}

	@Test
	void writeAroundRefillsAfterARollback() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		this.auditLog.save(new AuditEntry(id, "kept"));

		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.auditLog.saveAndFail(new AuditEntry(id, "rolled back")));

		int reads = this.auditLog.databaseReads();
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "kept"));
		assertThat(this.auditLog.find(id)).isEqualTo(new AuditEntry(id, "kept"));
		assertThat(this.auditLog.databaseReads()).as("one miss, then a hit").isEqualTo(reads + 1);
	}

	@Test
	void aWriteBehindWriteIsReadFromTheCacheBeforeTheDatabaseHasIt() throws Exception {
		String page = page("read-after-write");
		this.writer.close();
		this.pageViews.record(page, 7);
		assertThat(this.writer.awaitEntered()).as("the flusher took the write").isTrue();

		assertThat(this.pageViews.find(page)).isEqualTo(new PageViews(page, 7));
		assertThat(this.pageViews.databaseReads()).as("served from the cache").isZero();
		assertThat(PageViewRows.find(this.jdbc, page)).as("not in the database yet").isNull();

		this.writer.open();
		await().atMost(FLUSHED).until(() -> new PageViews(page, 7).equals(PageViewRows.find(this.jdbc, page)));
		assertThat(this.pageViews.find(page)).isEqualTo(new PageViews(page, 7));
		assertThat(ttlSeconds(cache("page-views").getKeys().entry(page))).as("the value gets its TTL once flushed")
			.isPositive();
	}

	@Test
	void anInvalidationOfAWriteBehindKeyWhoseWriteIsQueuedKeepsTheQueuedValue() throws Exception {
		String page = page("queued-invalidation");
		this.writer.close();
		this.pageViews.record(page, 7);
		assertThat(this.writer.awaitEntered()).as("the flusher took the write").isTrue();

		int reads = this.pageViews.databaseReads();
		// What change capture or the consistency auditor does when the row differs from
		// the cache: here because the write is not in the database yet.
		assertThat(cache("page-views").invalidate(page, null)).as("invalidated").isFalse();

		assertThat(this.pageViews.find(page)).as("the queued write is still read").isEqualTo(new PageViews(page, 7));
		assertThat(this.pageViews.databaseReads()).as("served from the cache").isEqualTo(reads);
		this.writer.open();
		await().atMost(FLUSHED).until(() -> new PageViews(page, 7).equals(PageViewRows.find(this.jdbc, page)));
	}

	@Test
	void aHundredWritesToOneKeyBecomeOneDatabaseWrite() throws Exception {
		String hot = page("hot");
		holdTheFlusher();
		for (int views = 1; views <= 100; views++) {
			this.pageViews.record(hot, views);
		}
		this.writer.open();

		await().atMost(FLUSHED).until(() -> new PageViews(hot, 100).equals(PageViewRows.find(this.jdbc, hot)));
		assertThat(this.writer.batchesWith(Set.of(hot))).as("database writes of the hot key")
			.containsExactly(Map.of(hot, new PageViews(hot, 100)));
	}

	@Test
	void writesAreFlushedInBatchesOfTheBatchSize() throws Exception {
		holdTheFlusher();
		Set<String> pages = new LinkedHashSet<>();
		for (int i = 0; i < 250; i++) {
			String page = page("batch-" + i);
			pages.add(page);
			this.pageViews.record(page, i);
		}
		this.writer.open();

		await().atMost(FLUSHED)
			.until(() -> this.writer.batchesWith(pages).stream().mapToInt(Map::size).sum() == pages.size());
		assertThat(this.writer.batchesWith(pages).stream().map(Map::size).toList()).containsExactly(100, 100, 50);
		// The writer records a batch inside its transaction: the rows show once it
		// commits.
		await().atMost(FLUSHED)
			.untilAsserted(() -> assertThat(PageViewRows.find(this.jdbc, page("batch-249")))
				.isEqualTo(new PageViews(page("batch-249"), 249)));
	}

	@Test
	void anEvictionOfAWriteBehindKeyDeletesTheRowLaterAndReadsSeeItGoneAtOnce() {
		String page = page("deleted");
		this.pageViews.record(page, 3);
		await().atMost(FLUSHED).until(() -> PageViewRows.find(this.jdbc, page) != null);

		this.pageViews.delete(page);

		assertThat(this.pageViews.find(page)).as("the cached absence is served before the flush").isNull();
		await().atMost(FLUSHED).until(() -> PageViewRows.find(this.jdbc, page) == null);
	}

	@Test
	void aWriteTheDatabaseKeepsRefusingIsParkedEvictedAndCanBeReplayed() {
		String poison = page("poison");
		String healthy = page("healthy");
		this.writer.failFor(poison);
		this.pageViews.record(poison, 1);
		this.pageViews.record(healthy, 2);
		WriteBehindQueue queue = this.queues.get("page-views");

		await().atMost(FLUSHED)
			.alias("the batch's other write goes through")
			.until(() -> new PageViews(healthy, 2).equals(PageViewRows.find(this.jdbc, healthy)));
		await().atMost(FLUSHED).until(() -> queue.deadLetters() == 1);
		assertThat(queue.deadLetterDetails(10)).singleElement()
			.satisfies((parked) -> assertThat(parked).containsEntry("key", poison).containsEntry("attempts", "2"));
		assertThat(exists(cache("page-views").getKeys().entry(poison)))
			.as("the parked value is evicted: the database does not hold it")
			.isFalse();

		this.writer.failFor(null);
		assertThat(queue.replay(1000).replayed()).isEqualTo(1);
		await().atMost(FLUSHED).until(() -> new PageViews(poison, 1).equals(PageViewRows.find(this.jdbc, poison)));
		assertThat(queue.deadLetters()).isZero();
	}

	@Test
	void aFullQueueRefusesTheWriteAndChangesNothing() throws Exception {
		holdTheFlusher();
		for (int i = 0; i < 3; i++) {
			this.pageViews.recordBounded(page("bounded-" + i), i);
		}
		String refused = page("refused");

		assertThatExceptionOfType(WriteBehindQueueFullException.class)
			.isThrownBy(() -> this.pageViews.recordBounded(refused, 9))
			.withMessageContaining("write-behind queue of cache 'bounded-views' holds 3 writes")
			.withMessageContaining("Nothing was written for key '" + refused + "'");
		assertThat(exists(cache("bounded-views").getKeys().entry(refused))).isFalse();
	}

	@Test
	void aFullQueueInBlockModeWaitsForRoom() throws Exception {
		holdTheFlusher();
		for (int i = 0; i < 3; i++) {
			this.pageViews.recordBlocking(page("blocking-" + i), i);
		}
		String waiting = page("waiting");
		CompletableFuture<PageViews> blocked = CompletableFuture
			.supplyAsync(() -> this.pageViews.recordBlocking(waiting, 9));
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> !blocked.isDone());

		this.writer.open();

		assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(new PageViews(waiting, 9));
		await().atMost(FLUSHED).until(() -> new PageViews(waiting, 9).equals(PageViewRows.find(this.jdbc, waiting)));
	}

	// A batch of another key is held in the writer, so what is queued next waits.
	private void holdTheFlusher() throws InterruptedException {
		this.writer.close();
		this.pageViews.record(page("warm-up"), 0);
		assertThat(this.writer.awaitEntered()).as("the flusher took the warm-up write").isTrue();
	}

	private String page(String name) {
		return this.run + "-" + name;
	}

	private WriteThroughCache cache(String name) {
		WriteThroughCache cache = this.cacheManager.getCache(name);
		assertThat(cache).isNotNull();
		return cache;
	}

	private boolean exists(byte[] key) {
		Boolean exists = this.redis
			.execute((RedisCallback<Boolean>) (connection) -> connection.keyCommands().exists(key));
		return Boolean.TRUE.equals(exists);
	}

	private long ttlSeconds(byte[] key) {
		Long ttl = this.redis.execute((RedisCallback<Long>) (connection) -> connection.keyCommands().ttl(key));
		return (ttl != null) ? ttl : -2;
	}

}
