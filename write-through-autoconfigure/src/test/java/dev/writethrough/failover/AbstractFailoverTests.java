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

package dev.writethrough.failover;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
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
import java.util.concurrent.atomic.LongAdder;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.jpa.JpaStyle;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Concurrent writers and readers on a few hot keys while the Redis master serving them
 * fails over, run once per topology (Cluster, Sentinel) and fence setting: in each round
 * the load runs, the fault strikes (a master killed with SIGKILL and its replica
 * promoted, or a manual failover), the load goes on through the new master, then it
 * stops, the killed node rejoins, pending invalidations drain, and every key's cached
 * value is compared with its row.
 * <p>
 * Replication is asynchronous: a fence marker the master took but had not sent to its
 * replica when it died is lost, and a writer whose value the dead master stored can leave
 * the replica's older value cached. The rounds count the stale keys that produces; with
 * {@code write-through.fence.replicas=1} a fence that no replica holds is never relied
 * on, and no key may be stale.
 * <p>
 * The smoke run of {@code ./mvnw verify} does one round of each fault; the torture run is
 * {@code -Dfailover.rounds=20} (see the README).
 */
@SpringBootTest(classes = JpaStyle.class, properties = { "write-through.key-prefix=wt-failover-${random.uuid}:",
		"write-through.caches.products.ttl=1h", "write-through.pending-invalidations.initial-backoff=50ms",
		"write-through.pending-invalidations.max-backoff=500ms", "write-through.fence.marker-ttl=20s",
		"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms",
		"spring.jpa.hibernate.ddl-auto=create", "spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
public abstract class AbstractFailoverTests {

	private static final int ROUNDS = Integer.getInteger("failover.rounds", 1);

	private static final int KEYS = Integer.getInteger("failover.keys", 12);

	private static final int WRITERS = Integer.getInteger("failover.writers", 3);

	private static final int READERS = Integer.getInteger("failover.readers", 3);

	private static final Duration SETTLED = Duration.ofSeconds(90);

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private PendingInvalidations pendingInvalidations;

	@Value("${write-through.fence.replicas:0}")
	private int fenceReplicas;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

	/**
	 * The topology's name in the report.
	 * @return the name
	 */
	protected abstract String topology();

	/**
	 * Kills the master that serves a key with SIGKILL and waits until its replica is
	 * promoted.
	 * @param redisKey the key
	 */
	protected abstract void killMaster(byte[] redisKey);

	/**
	 * Hands the master that serves a key over to its replica by the topology's own
	 * command ({@code CLUSTER FAILOVER}, {@code SENTINEL FAILOVER}), and waits until it
	 * is done.
	 * @param redisKey the key
	 */
	protected abstract void failOverManually(byte[] redisKey);

	/**
	 * Restarts what was killed and waits until every master has its replica again.
	 */
	protected abstract void heal();

	/**
	 * Whether a failover may lose writes the master took in this setup, and with them
	 * fences: those stale keys are counted and reported rather than refused. By default
	 * without {@code write-through.fence.replicas} after a master was killed; with it, no
	 * key may be stale.
	 * @param manual whether the failover was asked for rather than a master killed
	 * @return whether stale keys are measured rather than refused
	 */
	protected boolean mayLoseWrites(boolean manual) {
		return fenceReplicas() == 0 && !manual;
	}

	/**
	 * The replicas each fence waits for ({@code write-through.fence.replicas}).
	 * @return the replicas
	 */
	protected final int fenceReplicas() {
		return this.fenceReplicas;
	}

	@Test
	void everyKeyEqualsItsRowAfterAMasterIsKilled() {
		rounds("master killed (SIGKILL), replica promoted", false);
	}

	@Test
	void everyKeyEqualsItsRowAfterAManualFailover() {
		rounds("manual failover", true);
	}

	private void rounds(String fault, boolean manual) {
		List<Long> ids = new ArrayList<>();
		for (int i = 0; i < KEYS; i++) {
			ids.add(this.products.create("key-" + i, 0));
		}
		Load total = new Load();
		int staleKeys = 0;
		Instant started = Instant.now();
		for (int round = 0; round < ROUNDS; round++) {
			byte[] victim = this.cacheManager.getCache(ProductOperations.CACHE).getKeys().entry(ids.get(round % KEYS));
			Load load = new Load();
			load.start(ids, round);
			load.awaitWrites(200);
			if (manual) {
				failOverManually(victim);
			}
			else {
				killMaster(victim);
			}
			load.afterFault();
			load.awaitWritesAfterFault(200);
			load.stop();
			heal();
			await("the pending invalidations draining").atMost(SETTLED)
				.until(() -> this.pendingInvalidations.size() == 0);
			int stale = staleKeys(ids);
			staleKeys += stale;
			total.add(load);
		}
		Duration took = Duration.between(started, Instant.now());
		report(fault, total, staleKeys, ids.size(), took);
		if (!mayLoseWrites(manual)) {
			assertThat(staleKeys)
				.as("keys whose cached value differs from their row after %d round(s) of %s", ROUNDS, fault)
				.isZero();
		}
		assertThat(total.writesAfterFault.sum()).as("writes committed after the fault").isPositive();
	}

	// A key is stale when what a read returns (the cached value, or the row it fills
	// from) differs from the row.
	private int staleKeys(List<Long> ids) {
		int stale = 0;
		for (long id : ids) {
			Optional<ProductView> row = this.products.findInDatabase(id);
			Optional<ProductView> read = this.products.find(id);
			if (!read.equals(row)) {
				System.out.println("failover: stale key " + id + ": read " + read + ", row " + row);
				stale++;
			}
		}
		return stale;
	}

	private void report(String fault, Load load, int staleKeys, int keys, Duration took) {
		double steadyWriteMs = load.steadyWriteNanos.sum() / 1e6 / Math.max(1, load.steadyWrites.sum());
		String line = String.format("| %s | %s | %d | %d | %d | %d | %d | %d of %d | %.2f ms | %ds |%n", topology(),
				fault, fenceReplicas(), ROUNDS, load.writes.sum(), load.reads.sum(), load.errors.sum(), staleKeys,
				keys * ROUNDS, steadyWriteMs, took.toSeconds());
		System.out.print("failover: " + line);
		Path report = Paths.get("target", "failover", "report.md");
		try {
			Files.createDirectories(report.getParent());
			if (!Files.exists(report)) {
				Files.writeString(report,
						"| topology | fault | fence.replicas | rounds | writes | reads | errors"
								+ " | stale keys (of keys checked) | write mean before the fault | took |\n"
								+ "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			}
			Files.writeString(report, line, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private final class Load {

		private final LongAdder writes = new LongAdder();

		private final LongAdder writesAfterFault = new LongAdder();

		private final LongAdder reads = new LongAdder();

		private final LongAdder steadyWrites = new LongAdder();

		private final LongAdder steadyWriteNanos = new LongAdder();

		private final LongAdder errors = new LongAdder();

		private final AtomicBoolean faulted = new AtomicBoolean();

		private final AtomicBoolean stopped = new AtomicBoolean();

		private final AtomicLong sequence = new AtomicLong();

		private final List<Future<?>> workers = new ArrayList<>();

		private ExecutorService executor;

		void start(List<Long> ids, int round) {
			this.executor = Executors.newFixedThreadPool(WRITERS + READERS);
			for (int i = 0; i < WRITERS; i++) {
				this.workers.add(this.executor.submit(() -> work(() -> {
					long id = ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
					long value = this.sequence.incrementAndGet();
					boolean faulted = this.faulted.get();
					long started = System.nanoTime();
					products().update(id, "r" + round + "-" + value, (int) value);
					this.writes.increment();
					if (faulted) {
						this.writesAfterFault.increment();
					}
					else {
						this.steadyWriteNanos.add(System.nanoTime() - started);
						this.steadyWrites.increment();
					}
				})));
			}
			for (int i = 0; i < READERS; i++) {
				this.workers.add(this.executor.submit(() -> work(() -> {
					products().find(ids.get(ThreadLocalRandom.current().nextInt(ids.size())));
					this.reads.increment();
				})));
			}
		}

		private void work(Runnable operation) {
			while (!this.stopped.get()) {
				try {
					operation.run();
				}
				catch (RuntimeException ex) {
					this.errors.increment();
				}
			}
		}

		void awaitWrites(long count) {
			await("writes before the fault").atMost(SETTLED).until(() -> this.writes.sum() >= count);
		}

		void afterFault() {
			this.faulted.set(true);
		}

		void awaitWritesAfterFault(long count) {
			await("writes after the fault").atMost(SETTLED).until(() -> this.writesAfterFault.sum() >= count);
		}

		void stop() {
			this.stopped.set(true);
			this.executor.shutdown();
			try {
				for (Future<?> worker : this.workers) {
					worker.get(60, TimeUnit.SECONDS);
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException("A load thread did not stop", ex);
			}
		}

		void add(Load other) {
			this.writes.add(other.writes.sum());
			this.writesAfterFault.add(other.writesAfterFault.sum());
			this.reads.add(other.reads.sum());
			this.steadyWrites.add(other.steadyWrites.sum());
			this.steadyWriteNanos.add(other.steadyWriteNanos.sum());
			this.errors.add(other.errors.sum());
		}

	}

	private ProductOperations products() {
		return this.products;
	}

}
