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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.changecapture.ChangeCapture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The instance that reads the change stream runs in a JVM of its own and is killed with
 * {@code kill -9} while 1,000 rows change under it: the instance in the test's JVM takes
 * over within seconds, resumes from the position the dead one stored, and no change is
 * missed: every one of the 1,000 cached keys is evicted and reads the new row. Runs once
 * per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractChangeCaptureTakeoverTests {

	private static final int CHANGES = 1000;

	private static final long FIRST = 2_000_000;

	private static final String LEASE = "5s";

	private String stream;

	private Process reader;

	private Path readerLog;

	private ConfigurableApplicationContext survivor;

	protected abstract TestServices database();

	@BeforeAll
	void startTheReaderInAnotherJvm() throws IOException {
		database().resetTables();
		this.stream = TestServices.uniqueStreamName("takeover_" + database().name().toLowerCase());
		this.readerLog = Path.of("target", "change-capture-reader-" + this.stream + ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
						"-Xshare:auto", "-cp", System.getProperty("java.class.path"),
						ChangeCaptureApplication.class.getName()));
		Map<String, Object> properties = new LinkedHashMap<>(ChangeCaptureApplication.defaults(this.stream));
		properties.put("write-through.change-capture.instance", "doomed");
		// The default lease: two JVMs start on a small machine, and a lease that lapses
		// while
		// the reader starts would hand the stream over before the kill.
		properties.put("write-through.change-capture.leader-lease", LEASE);
		command.addAll(database().arguments(properties));
		this.reader = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.readerLog.toFile())
			.start();
	}

	@AfterAll
	void stopEverything() throws Exception {
		if (this.reader != null && this.reader.isAlive()) {
			this.reader.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
		}
		if (this.survivor != null) {
			this.survivor.close();
		}
		database().dropStream(this.stream);
	}

	@Test
	void anotherInstanceTakesOverFromAKilledReaderAndNoChangeIsMissed() throws Exception {
		JdbcTemplate jdbc = new JdbcTemplate(
				new DriverManagerDataSource(database().url(), database().user(), database().password()));
		awaitTheReaderLeads();
		this.survivor = ChangeCaptureApplication.start(database(), this.stream,
				Map.of("write-through.change-capture.instance", "survivor", "write-through.change-capture.leader-lease",
						LEASE));
		ChangeCapture changeCapture = this.survivor.getBean(ChangeCapture.class);
		OwnerRepository owners = this.survivor.getBean(OwnerRepository.class);
		WriteThroughCache cache = this.survivor.getBean(WriteThroughCacheManager.class).getCache("owners");
		StringRedisTemplate redis = this.survivor.getBean(StringRedisTemplate.class);
		assertThat(String.valueOf(changeCapture.getLeader())).as("the reader JVM holds the lease")
			.startsWith("doomed/");
		assertThat(changeCapture.isLeader()).as("the survivor waits while the reader lives").isFalse();
		awaitTheReaderEvicts(jdbc, owners, cache, redis);

		List<Object[]> rows = new ArrayList<>();
		for (long id = FIRST; id < FIRST + CHANGES; id++) {
			rows.add(new Object[] { id, "before" });
		}
		jdbc.batchUpdate("insert into cc_owners (id, name, version) values (?, ?, 0)", rows);
		await().atMost(Duration.ofSeconds(60)).until(() -> {
			boolean all = true;
			for (long id = FIRST; id < FIRST + CHANGES; id++) {
				if (!cached(redis, cache, id)) {
					owners.findById(id);
					all = false;
				}
			}
			return all;
		});

		long killedAt = 0;
		Instant killed = null;
		long start = System.nanoTime();
		for (long id = FIRST; id < FIRST + CHANGES; id++) {
			LockSupport.parkNanos(start + (id - FIRST) * TimeUnit.MILLISECONDS.toNanos(5) - System.nanoTime());
			jdbc.update("update cc_owners set name = 'after' where id = ?", id);
			if (killedAt == 0 && id - FIRST >= 300 && evictedAmong(redis, cache, FIRST, 300) >= 100) {
				new ProcessBuilder("kill", "-9", Long.toString(this.reader.pid())).start().waitFor();
				killedAt = System.nanoTime();
				killed = Instant.now();
			}
		}
		assertThat(killedAt).as("the reader was killed mid-stream").isPositive();
		assertThat(this.reader.waitFor(10, TimeUnit.SECONDS)).isTrue();
		await().atMost(Duration.ofSeconds(30)).until(changeCapture::isLeader);
		Duration takeover = Duration.between(killed, changeCapture.getLeaderSince());

		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(
					() -> assertThat(stillCached(redis, cache)).as("keys of changed rows still cached").isEmpty());
		for (long id = FIRST; id < FIRST + CHANGES; id++) {
			assertThat(owners.findById(id)).as("owner " + id).get().extracting(Owner::getName).isEqualTo("after");
		}
		ChangeStreams.report(database(), "takeover",
				"reader JVM killed with kill -9 after 300+ of " + CHANGES
						+ " changes; the other instance read the stream "
						+ String.format("%.1f", takeover.toMillis() / 1000.0) + " s later (lease " + LEASE + "); "
						+ CHANGES + " of " + CHANGES + " keys evicted and read the new row");
	}

	// The reader in the other JVM holds the lease before the survivor starts, so the
	// survivor can only read once the reader is gone.
	private void awaitTheReaderLeads() {
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(TestServices.redisUrl()));
		connectionFactory.afterPropertiesSet();
		connectionFactory.start();
		try {
			StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
			String leaderKey = this.stream + ":{changecapture:" + this.stream + "}:leader";
			await().atMost(Duration.ofSeconds(120))
				.until(() -> String.valueOf(redis.opsForValue().get(leaderKey)).startsWith("doomed/")
						|| !this.reader.isAlive());
			assertThat(this.reader.isAlive()).as("the reader JVM runs (its log: %s)", this.readerLog).isTrue();
		}
		finally {
			connectionFactory.destroy();
		}
	}

	private void awaitTheReaderEvicts(JdbcTemplate jdbc, OwnerRepository owners, WriteThroughCache cache,
			StringRedisTemplate redis) {
		jdbc.update("delete from cc_owners where id = ?", ChangeStreams.PROBE_ID);
		jdbc.update("insert into cc_owners (id, name, version) values (?, 'probe', 0)", ChangeStreams.PROBE_ID);
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			owners.findById(ChangeStreams.PROBE_ID);
			if (!cached(redis, cache, ChangeStreams.PROBE_ID)) {
				return false;
			}
			jdbc.update("update cc_owners set version = version + 1 where id = ?", ChangeStreams.PROBE_ID);
			return waitedForEviction(redis, cache);
		});
	}

	private static boolean waitedForEviction(StringRedisTemplate redis, WriteThroughCache cache) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (System.nanoTime() < deadline) {
			if (!cached(redis, cache, ChangeStreams.PROBE_ID)) {
				return true;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
		}
		return false;
	}

	private static long evictedAmong(StringRedisTemplate redis, WriteThroughCache cache, long first, int count) {
		long evicted = 0;
		for (long id = first; id < first + count; id++) {
			if (!cached(redis, cache, id)) {
				evicted++;
			}
		}
		return evicted;
	}

	private static List<Long> stillCached(StringRedisTemplate redis, WriteThroughCache cache) {
		List<Long> cached = new ArrayList<>();
		for (long id = FIRST; id < FIRST + CHANGES; id++) {
			if (cached(redis, cache, id)) {
				cached.add(id);
			}
		}
		return cached;
	}

	private static boolean cached(StringRedisTemplate redis, WriteThroughCache cache, long id) {
		return Boolean.TRUE.equals(redis.hasKey(new String(cache.getKeys().entry(id), StandardCharsets.UTF_8)));
	}

}
