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

package dev.writethrough.changecapture.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.audit.CacheAudit;
import dev.writethrough.audit.ConsistencyAuditor;
import dev.writethrough.changecapture.ChangeCapture;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The torture test with writers outside the starter: annotated writers (read the cached
 * owner, rename it, save it), plain-JDBC writers (UPDATE an owner, INSERT a pet into the
 * child table, DELETE a pet, DELETE an owner, INSERT it again) and readers run together
 * on a few hot owners. The same run is made twice: with change capture on, once quiet
 * every cached owner equals its rows (0 stale keys) and the consistency auditor, running
 * throughout, reports 100 % consistent; with change capture off, stale keys remain (so
 * the test can fail), and the auditor, started once quiet, finds and evicts every one.
 * <p>
 * A key is stale when its cached owner differs from the rows (name, version, pets by id
 * and name), read here with plain SQL, independently of the auditor. The CI run lasts a
 * few seconds per setting; {@code -Dexternal-torture.duration=60s} runs longer, and
 * {@code -Dexternal-torture.keys=} changes the number of owners (default 40).
 */
abstract class AbstractExternalWriterTortureTests {

	private static final Duration DURATION = DurationStyle
		.detectAndParse(System.getProperty("external-torture.duration", "6s"));

	private static final int KEYS = Integer.getInteger("external-torture.keys", 40);

	private static final int ANNOTATED_WRITERS = 2;

	private static final int EXTERNAL_WRITERS = 2;

	private static final int READERS = 2;

	protected abstract TestServices database();

	@Test
	void withChangeCaptureNoKeyStaysStaleAndTheAuditorReportsFullConsistency() throws Exception {
		Run run = new Run(true);
		try {
			run.load();
			await("every key equal to its rows once the stream caught up").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> run.staleKeys().isEmpty());
			CacheAudit audit = run.audit();
			report(run, "with change capture on: 0 of " + KEYS + " keys stale once quiet; auditor over the run: "
					+ describe(audit));
			assertThat(audit.samples()).as("entries the auditor compared during the run").isPositive();
			assertThat(audit.stale()).as("stale entries the auditor found with change capture on").isZero();
			assertThat(audit.consistency()).isEqualTo(1.0);
		}
		finally {
			run.close();
		}
	}

	@Test
	void withoutChangeCaptureKeysStayStaleAndTheAuditorFindsAndEvictsThem() throws Exception {
		Run run = new Run(false);
		try {
			run.auditor.stop();
			run.load();
			List<Long> stale = run.staleKeys();
			assertThat(stale).as("keys stale once quiet, without change capture").isNotEmpty();
			run.auditor.start();
			await("the auditor evicts every stale key").atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> run.staleKeys().isEmpty());
			CacheAudit audit = run.audit();
			report(run,
					"without change capture: " + stale.size() + " of " + KEYS + " keys stale once quiet; the"
							+ " auditor, started then, found " + audit.stale() + " stale entries and evicted them: "
							+ describe(audit));
			assertThat(audit.stale()).as("stale entries the auditor found").isGreaterThanOrEqualTo(stale.size());
			assertThat(audit.nines()).isNotNull();
		}
		finally {
			run.close();
		}
	}

	private void report(Run run, String figure) {
		ChangeStreams.report(database(), "external-writer torture",
				DURATION.toSeconds() + " s, " + KEYS + " owners, " + ANNOTATED_WRITERS + " annotated writers, "
						+ EXTERNAL_WRITERS + " JDBC writers, " + READERS + " readers (" + run.annotatedWrites
						+ " annotated writes, " + run.conflicts
						+ " refused by the database (a version check failed or a deadlock), " + run.externalWrites
						+ " JDBC writes, " + run.externalConflicts
						+ " JDBC writes refused by a deadlock or lock timeout, " + run.reads + " reads); " + figure);
	}

	private static String describe(CacheAudit audit) {
		return audit.samples() + " samples, " + audit.consistent() + " consistent, " + audit.stale() + " stale, "
				+ audit.unsettled() + " unsettled, consistency " + audit.consistency() + ", nines " + audit.nines();
	}

	/**
	 * One run of the application under load.
	 */
	private final class Run implements AutoCloseable {

		private final String stream;

		private final boolean changeCapture;

		private final ConfigurableApplicationContext context;

		private final OwnerRepository owners;

		private final WriteThroughCache cache;

		private final ConsistencyAuditor auditor;

		private final JdbcTemplate jdbc;

		private final StringRedisTemplate redis;

		private final List<Long> ids = new ArrayList<>();

		private final AtomicLong annotatedWrites = new AtomicLong();

		private final AtomicLong conflicts = new AtomicLong();

		private final AtomicLong externalWrites = new AtomicLong();

		private final AtomicLong externalConflicts = new AtomicLong();

		private final AtomicLong reads = new AtomicLong();

		private final AtomicLong petIds = new AtomicLong(10_000_000);

		Run(boolean changeCapture) {
			this.changeCapture = changeCapture;
			database().resetTables();
			this.stream = TestServices.uniqueStreamName("torture_" + database().name().toLowerCase());
			Map<String, Object> extra = new LinkedHashMap<>();
			extra.put("write-through.change-capture.enabled", String.valueOf(changeCapture));
			extra.put("write-through.audit.enabled", "true");
			extra.put("write-through.audit.rate", "200/s");
			extra.put("write-through.audit.grace-period", "1s");
			this.context = ChangeCaptureApplication.start(database(), this.stream, extra);
			this.owners = this.context.getBean(OwnerRepository.class);
			this.cache = this.context.getBean(WriteThroughCacheManager.class).getCache("owners");
			this.auditor = this.context.getBean(ConsistencyAuditor.class);
			this.redis = this.context.getBean(StringRedisTemplate.class);
			this.jdbc = new JdbcTemplate(
					new DriverManagerDataSource(database().url(), database().user(), database().password()));
			if (changeCapture) {
				ChangeStreams.awaitStreaming(this.context.getBean(ChangeCapture.class), this.jdbc);
			}
			for (long id = 1; id <= KEYS; id++) {
				this.owners.save(new Owner(id, "owner-" + id));
				this.ids.add(id);
			}
		}

		void load() throws Exception {
			AtomicBoolean running = new AtomicBoolean(true);
			ExecutorService threads = Executors.newFixedThreadPool(ANNOTATED_WRITERS + EXTERNAL_WRITERS + READERS);
			List<Future<?>> work = new ArrayList<>();
			for (int i = 0; i < ANNOTATED_WRITERS; i++) {
				work.add(threads.submit(() -> repeat(running, this::annotatedWrite)));
			}
			for (int i = 0; i < EXTERNAL_WRITERS; i++) {
				work.add(threads.submit(() -> repeat(running, this::externalWrite)));
			}
			for (int i = 0; i < READERS; i++) {
				work.add(threads.submit(() -> repeat(running, () -> {
					this.owners.findById(randomId());
					this.reads.incrementAndGet();
				})));
			}
			try {
				// The load runs for its duration; a worker that fails ends the wait.
				long deadline = System.nanoTime() + DURATION.toNanos();
				for (Future<?> future : work) {
					try {
						future.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
					}
					catch (java.util.concurrent.TimeoutException ex) {
						// Still running, as it should.
					}
				}
			}
			finally {
				running.set(false);
				threads.shutdown();
				assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
			}
			for (Future<?> future : work) {
				future.get();
			}
		}

		private void repeat(AtomicBoolean running, Runnable operation) {
			while (running.get()) {
				operation.run();
			}
		}

		private void annotatedWrite() {
			long id = randomId();
			Owner owner = this.owners.findById(id).orElse(null);
			if (owner == null) {
				return;
			}
			owner.setName("annotated-" + this.annotatedWrites.incrementAndGet());
			try {
				this.owners.save(owner);
			}
			catch (RuntimeException ex) {
				// The database refused it: a version check failed on a copy older than
				// the row,
				// or a deadlock with a JDBC writer.
				this.conflicts.incrementAndGet();
			}
		}

		private void externalWrite() {
			try {
				externalStatement();
				this.externalWrites.incrementAndGet();
			}
			catch (ConcurrencyFailureException ex) {
				// A deadlock or lock timeout with another writer (MariaDB reports them on
				// the child table's deletes): the statement changed nothing, as for any
				// application whose SQL the database refuses.
				this.externalConflicts.incrementAndGet();
			}
		}

		private void externalStatement() {
			long id = randomId();
			int choice = ThreadLocalRandom.current().nextInt(100);
			if (choice < 35) {
				this.jdbc.update("update cc_owners set name = ? where id = ?", "external-" + this.externalWrites.get(),
						id);
			}
			else if (choice < 45) {
				this.jdbc.update("update cc_owners set name = ?, version = version + 1 where id = ?",
						"external-versioned-" + this.externalWrites.get(), id);
			}
			else if (choice < 75) {
				this.jdbc.update("insert into cc_pets (id, owner_id, name) values (?, ?, ?)",
						this.petIds.incrementAndGet(), id, "pet-" + this.externalWrites.get());
			}
			else if (choice < 90) {
				this.jdbc.update("delete from cc_pets where id = (select min(id) from (select id from cc_pets where"
						+ " owner_id = ?) as p)", id);
			}
			else if (choice < 95) {
				this.jdbc.update("delete from cc_owners where id = ?", id);
			}
			else {
				this.jdbc.update("insert into cc_owners (id, name, version) select ?, 'reinserted', 0 where not exists"
						+ " (select 1 from cc_owners where id = ?)", id, id);
			}
		}

		private long randomId() {
			return this.ids.get(ThreadLocalRandom.current().nextInt(this.ids.size()));
		}

		/**
		 * The keys whose cached owner differs from its rows, read with plain SQL.
		 */
		List<Long> staleKeys() {
			List<Long> stale = new ArrayList<>();
			for (long id : this.ids) {
				byte[] raw = this.redis.execute((org.springframework.data.redis.core.RedisCallback<byte[]>) (
						connection) -> connection.stringCommands().get(this.cache.redisKey(id)));
				if (raw == null) {
					continue;
				}
				Owner cached = (Owner) this.cache.deserializeValue(raw);
				List<Map<String, Object>> row = this.jdbc
					.queryForList("select name, version from cc_owners where id = ?", id);
				if (cached == null || row.isEmpty()) {
					if (cached != null || !row.isEmpty()) {
						stale.add(id);
					}
					continue;
				}
				List<String> pets = this.jdbc
					.queryForList("select id, name from cc_pets where owner_id = ? order by id", id)
					.stream()
					.map((pet) -> pet.get("id") + ":" + pet.get("name"))
					.toList();
				List<String> cachedPets = cached.getPets()
					.stream()
					.map((pet) -> pet.getId() + ":" + pet.getName())
					.toList();
				boolean equal = Objects.equals(cached.getName(), row.get(0).get("name"))
						&& Objects.equals(cached.getVersion(), ((Number) row.get(0).get("version")).longValue())
						&& cachedPets.equals(pets);
				if (!equal) {
					stale.add(id);
				}
			}
			return stale;
		}

		CacheAudit audit() {
			CacheAudit audit = this.auditor.report().get("owners");
			assertThat(audit).as("the auditor's report of cache 'owners'").isNotNull();
			assertThat(audit.status()).as("cache 'owners' (%s)", audit.skipped()).isEqualTo("audited");
			return audit;
		}

		@Override
		public void close() {
			this.context.close();
			if (this.changeCapture) {
				database().dropStream(this.stream);
			}
		}

	}

}
