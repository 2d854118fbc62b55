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

package dev.writethrough.race;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.AfterEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.Ordered;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The races of DESIGN.md's write path, each forced with latches, run once per database
 * (the concrete subclasses only say which). Each scenario runs twice: on Spring's
 * transaction-aware cache, where the subclass asserts the stale value IS served (so the
 * harness can see staleness), and on the starter, where it asserts it is not.
 */
@SpringBootTest(properties = { "spring.sql.init.mode=always", "write-through.key-prefix=wt-race-${random.uuid}:",
		"write-through.fence.marker-ttl=1s" })
public abstract class AbstractRaceTests {

	private static final long TIMEOUT_SECONDS = 30;

	@Autowired
	protected RaceRepository repository;

	@Autowired
	protected TransactionTemplate transaction;

	// Not the common pool: on two cores it has one thread, and paused writers would
	// starve it.
	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<CountDownLatch> paused = new CopyOnWriteArrayList<>();

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
	}

	/**
	 * Registers the database a concrete suite runs on, with its schema.
	 * @param registry the test's property registry
	 * @param database the database
	 * @param platform the suffix of its schema script
	 */
	protected static void database(DynamicPropertyRegistry registry, TestDatabase database, String platform) {
		database.register(registry);
		registry.add("spring.sql.init.schema-locations", () -> "classpath:race-schema-" + platform + ".sql");
	}

	@AfterEach
	void releaseWritersLeftPaused() {
		this.paused.forEach(CountDownLatch::countDown);
		this.threads.shutdown();
	}

	/**
	 * (a) T1 commits, then T2 commits, but their cache steps run T2 then T1.
	 * @return what a read serves afterwards, and what the database holds
	 */
	protected Outcome cacheStepsInReverseCommitOrder() throws Exception {
		long id = this.repository.insert("v0");
		this.repository.find(id);
		PausedWriter first = write(id, "v1");
		first.committed();
		PausedWriter second = write(id, "v2");
		second.committed();
		second.resume();
		first.resume();
		return outcome(id);
	}

	/**
	 * Two writers overlap, but their cache steps run in their commit order: T1 commits,
	 * T2 commits, T1's cache step, T2's cache step.
	 * @return the id of the row, to read it afterwards with {@link #outcome(long)}
	 */
	protected long overlappingWritersEndingInCommitOrder() throws Exception {
		long id = this.repository.insert("v0");
		this.repository.find(id);
		PausedWriter first = write(id, "v1");
		first.committed();
		PausedWriter second = write(id, "v2");
		second.committed();
		first.resume();
		second.resume();
		return id;
	}

	/**
	 * (b) A reader misses and reads the old row; a writer commits and updates the cache;
	 * then the reader fills.
	 * @return what a read serves afterwards, and what the database holds
	 */
	protected Outcome readerFillsAfterTheWriter() throws Exception {
		long id = this.repository.insert("v0");
		CountDownLatch readerRead = new CountDownLatch(1);
		CountDownLatch readerMayFill = new CountDownLatch(1);
		CompletableFuture<Optional<RaceProduct>> reader = CompletableFuture
			.supplyAsync(() -> this.repository.findPausing(id, () -> {
				readerRead.countDown();
				await(readerMayFill);
			}), this.threads);
		await(readerRead);
		PausedWriter writer = write(id, "v1");
		writer.committed();
		writer.resume();
		readerMayFill.countDown();
		assertThat(reader.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("what the slow reader read")
			.hasValue(new RaceProduct(id, "v0", 0L));
		return outcome(id);
	}

	/**
	 * (c) A writer commits and never reaches its cache step.
	 * @return what a read serves while the writer is gone, and what the database holds
	 */
	protected Outcome writerDiesAfterItsCommit() throws Exception {
		long id = this.repository.insert("v0");
		this.repository.find(id);
		PausedWriter writer = write(id, "v1");
		writer.committed();
		return outcome(id);
	}

	/**
	 * (d) T1 commits, T2 rolls back, T3 commits; the cache steps of T3 and T1 run in that
	 * order.
	 * @return what a read serves afterwards, and what the database holds
	 */
	protected Outcome rollbackBetweenTwoCommits() throws Exception {
		long id = this.repository.insert("v0");
		this.repository.find(id);
		PausedWriter first = write(id, "v1");
		first.committed();
		this.transaction.executeWithoutResult((status) -> {
			this.repository.save(new RaceProduct(id, "v2"));
			status.setRollbackOnly();
		});
		PausedWriter third = write(id, "v3");
		third.committed();
		third.resume();
		first.resume();
		return outcome(id);
	}

	/**
	 * Reads a row through the cache and from the database.
	 * @param id the row's id
	 * @return what a read serves, and what the database holds
	 */
	protected Outcome outcome(long id) {
		return new Outcome(this.repository.find(id).orElseThrow(), this.repository.findInDatabase(id).orElseThrow());
	}

	/**
	 * Starts a writer that commits, then pauses before any cache step (both Spring's
	 * after-commit put and the starter's after-completion step run after it).
	 */
	private PausedWriter write(long id, String name) {
		CountDownLatch committed = new CountDownLatch(1);
		CountDownLatch resume = new CountDownLatch(1);
		this.paused.add(resume);
		CompletableFuture<Void> done = CompletableFuture
			.runAsync(() -> this.transaction.executeWithoutResult((status) -> {
				this.repository.save(new RaceProduct(id, name));
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

					@Override
					public int getOrder() {
						return Ordered.HIGHEST_PRECEDENCE;
					}

					@Override
					public void afterCommit() {
						committed.countDown();
						await(resume);
					}

				});
			}), this.threads);
		return new PausedWriter(committed, resume, done);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("latch released in time").isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * What a read through the cache served, and what the database held, after a scenario.
	 *
	 * @param served the value a read through {@code @Cacheable} returned
	 * @param database the row in the database
	 */
	protected record Outcome(RaceProduct served, RaceProduct database) {

		boolean stale() {
			return !this.served.equals(this.database);
		}

	}

	private record PausedWriter(CountDownLatch committedLatch, CountDownLatch resumeLatch,
			CompletableFuture<Void> done) {

		void committed() {
			await(this.committedLatch);
		}

		void resume() throws Exception {
			this.resumeLatch.countDown();
			this.done.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
		}

	}

}
