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

package dev.writethrough.torture;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TcpProxy;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.tx.PendingInvalidations;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.awaitility.Awaitility;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One torture run: two application instances sharing one PostgreSQL and one
 * {@code redis-server} (each reaching it through a TCP proxy of its own), concurrent
 * writers and readers on a small hot key set with random rollbacks and outer
 * transactions, and faults injected for real while the load runs: cut connections,
 * refused connections, delayed traffic, a killed and restarted {@code redis-server}, and
 * a writer in another JVM killed between its commit and its cache step.
 * <p>
 * Every read is checked afterwards against the commits: a read is stale when it returned
 * a version older than one whose transaction had already committed when the read began.
 * At the end the load stops, faults heal, pending invalidations drain, and every key's
 * cached value is compared with its row.
 */
final class TortureRun {

	private static final Log logger = LogFactory.getLog(TortureRun.class);

	private static final Duration MARKER_TTL = Duration.ofSeconds(3);

	private static final int FAULT_KINDS = 5;

	private final TortureImplementation implementation;

	private final TortureSettings settings;

	private final String keyPrefix = "torture-" + UUID.randomUUID() + ":";

	private final long firstId = ThreadLocalRandom.current().nextLong(1L << 40, 1L << 50);

	private final Map<Long, ConcurrentSkipListMap<Long, Commit>> commits = new ConcurrentHashMap<>();

	private final List<List<Read>> reads = new ArrayList<>();

	private final AtomicLong operations = new AtomicLong();

	private final AtomicLong commitCount = new AtomicLong();

	private final AtomicLong rollbacks = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicLong writerNames = new AtomicLong();

	private final Map<String, Integer> faults = new LinkedHashMap<>();

	// When each fault began and ended (System.nanoTime), to name those a stale read
	// overlapped.
	private final List<FaultWindow> faultWindows = new ArrayList<>();

	private final AtomicLong faultRounds = new AtomicLong();

	private volatile boolean loadRunning = true;

	TortureRun(TortureImplementation implementation, TortureSettings settings) {
		this.implementation = implementation;
		this.settings = settings;
	}

	TortureReport run() throws Exception {
		try (RedisServerProcess redis = RedisServerProcess.start();
				TcpProxy firstProxy = TcpProxy.start("127.0.0.1", redis.port());
				TcpProxy secondProxy = TcpProxy.start("127.0.0.1", redis.port());
				ConfigurableApplicationContext first = start(firstProxy.port());
				ConfigurableApplicationContext second = start(secondProxy.port())) {
			TortureRows rows = first.getBean(TortureRows.class);
			for (int i = 0; i < this.settings.keys(); i++) {
				rows.insert(id(i));
				this.commits.computeIfAbsent(id(i), (id) -> new ConcurrentSkipListMap<>())
					.put(0L, new Commit("seed", System.nanoTime()));
			}
			long started = System.nanoTime();
			long deadline = started + this.settings.duration().toNanos();
			// Runs until the operations are done and every kind of fault has struck at
			// least once, or until the deadline.
			BooleanSupplier go = () -> this.loadRunning && System.nanoTime() < deadline
					&& (this.operations.get() < this.settings.operations() || this.faultRounds.get() < FAULT_KINDS);
			ExecutorService threads = Executors.newCachedThreadPool();
			List<CompletableFuture<Void>> load = new ArrayList<>();
			for (ConfigurableApplicationContext instance : List.of(first, second)) {
				String name = (instance == first) ? "a" : "b";
				for (int i = 0; i < this.settings.writers(); i++) {
					load.add(CompletableFuture.runAsync(() -> write(instance, name, go), threads));
				}
				for (int i = 0; i < this.settings.readers(); i++) {
					List<Read> mine = new ArrayList<>();
					this.reads.add(mine);
					load.add(CompletableFuture.runAsync(() -> read(instance, mine, go), threads));
				}
			}
			CompletableFuture<Void> faulting = CompletableFuture
				.runAsync(() -> injectFaults(redis, firstProxy, secondProxy, go), threads);
			CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).get();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			this.loadRunning = false;
			faulting.get();
			threads.shutdown();
			firstProxy.heal();
			secondProxy.heal();
			redis.restart();
			awaitQuiet(first, second);
			return report(elapsed, first, rows);
		}
	}

	private ConfigurableApplicationContext start(int redisPort) {
		return new SpringApplicationBuilder(this.implementation.application()).web(WebApplicationType.NONE)
			.properties(properties(redisPort))
			.run();
	}

	private Map<String, Object> properties(int redisPort) {
		Map<String, Object> properties = new HashMap<>();
		TestDatabase.POSTGRES.register((name, value) -> properties.put(name, value.get()));
		properties.put("spring.datasource.hikari.maximum-pool-size",
				this.settings.writers() + this.settings.readers() + 2);
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:torture-schema.sql");
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", redisPort);
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("spring.data.redis.connect-timeout", "1s");
		properties.put("write-through.key-prefix", this.keyPrefix);
		properties.put("write-through.enabled", this.implementation != TortureImplementation.SPRING);
		properties.put("write-through.fence.marker-ttl", MARKER_TTL.toMillis() + "ms");
		// Faults make every instance log each failure; the report counts what matters.
		properties.put("logging.level.dev.writethrough", "error");
		properties.put("logging.level.io.lettuce", "error");
		properties.put("logging.level.org.springframework.cache.interceptor.LoggingCacheErrorHandler", "error");
		properties.put("logging.level.org.springframework.transaction.support.TransactionSynchronizationUtils", "off");
		return properties;
	}

	private long id(int index) {
		return this.firstId + index;
	}

	private long randomId() {
		return id(ThreadLocalRandom.current().nextInt(this.settings.keys()));
	}

	private void write(ConfigurableApplicationContext instance, String name, BooleanSupplier go) {
		TortureRepository repository = instance.getBean(TortureRepository.class);
		TransactionTemplate transaction = instance.getBean(TransactionTemplate.class);
		while (go.getAsBoolean()) {
			int dice = ThreadLocalRandom.current().nextInt(100);
			long id = randomId();
			String writer = name + "-" + this.writerNames.incrementAndGet();
			try {
				if (dice < 70) {
					committed(repository.save(id, writer));
				}
				else if (dice < 80) {
					transaction.executeWithoutResult((status) -> {
						repository.save(id, writer);
						status.setRollbackOnly();
					});
					this.rollbacks.incrementAndGet();
				}
				else if (dice < 90) {
					long other = randomId();
					// Lock rows in id order, so two outer transactions cannot deadlock.
					long low = Math.min(id, other);
					long high = Math.max(id, other);
					List<TortureItem> items = transaction.execute((status) -> (low != high)
							? List.of(repository.save(low, writer + "-1"), repository.save(high, writer + "-2"))
							: List.of(repository.save(low, writer + "-1")));
					items.forEach(this::committed);
				}
				else {
					try {
						transaction.executeWithoutResult((status) -> {
							repository.save(id, writer);
							throw new RolledBack();
						});
					}
					catch (RolledBack ex) {
						this.rollbacks.incrementAndGet();
					}
				}
			}
			catch (RuntimeException ex) {
				// A cache that throws after the commit leaves the caller not knowing: ask
				// the
				// database whether this writer's rows are there.
				this.errors.incrementAndGet();
				recordIfCommitted(instance, writer);
			}
			this.operations.incrementAndGet();
		}
	}

	private void committed(TortureItem item) {
		this.commits.get(item.id()).put(item.version(), new Commit(item.writer(), System.nanoTime()));
		this.commitCount.incrementAndGet();
	}

	private void recordIfCommitted(ConfigurableApplicationContext instance, String writer) {
		long now = System.nanoTime();
		instance.getBean(JdbcClient.class)
			.sql("select id, version, writer from torture_item where writer in (?, ?, ?)")
			.params(writer, writer + "-1", writer + "-2")
			.query(TortureItem.class)
			.list()
			.forEach((item) -> {
				this.commits.get(item.id()).put(item.version(), new Commit(item.writer(), now));
				this.commitCount.incrementAndGet();
			});
	}

	private void read(ConfigurableApplicationContext instance, List<Read> mine, BooleanSupplier go) {
		TortureRepository repository = instance.getBean(TortureRepository.class);
		while (go.getAsBoolean()) {
			long id = randomId();
			long began = System.nanoTime();
			try {
				Optional<TortureItem> item = repository.find(id);
				item.ifPresent((value) -> mine.add(new Read(id, value.version(), value.writer(), began)));
			}
			catch (RuntimeException ex) {
				this.errors.incrementAndGet();
			}
			this.operations.incrementAndGet();
		}
	}

	private void injectFaults(RedisServerProcess redis, TcpProxy first, TcpProxy second, BooleanSupplier go) {
		int round = 0;
		while (pause(this.settings.faultInterval(), go)) {
			long began = System.nanoTime();
			switch (round++ % FAULT_KINDS) {
				case 0 -> {
					first.cut();
					fault("connections cut", began);
				}
				case 1 -> {
					second.refuse(true);
					pause(Duration.ofMillis(500), go);
					second.refuse(false);
					fault("connections refused for 0.5 s", began);
				}
				case 2 -> {
					first.delay(Duration.ofMillis(20));
					second.delay(Duration.ofMillis(5));
					pause(Duration.ofSeconds(1), go);
					first.delay(Duration.ZERO);
					second.delay(Duration.ZERO);
					fault("traffic delayed for 1 s", began);
				}
				case 3 -> {
					redis.kill();
					pause(Duration.ofMillis(500), go);
					redis.restart();
					fault("redis-server killed and restarted", began);
				}
				default -> {
					killWriterBetweenCommitAndCacheStep(redis);
					fault("writer JVM killed after its commit", began);
				}
			}
		}
	}

	private synchronized void fault(String kind, long began) {
		this.faults.merge(kind, 1, Integer::sum);
		this.faultWindows.add(new FaultWindow(kind, began, System.nanoTime()));
		this.faultRounds.incrementAndGet();
	}

	// A pause in a fault schedule: how long a fault lasts, not a wait for another thread.
	private static boolean pause(Duration duration, BooleanSupplier go) {
		long end = System.nanoTime() + duration.toNanos();
		while (go.getAsBoolean()) {
			long left = end - System.nanoTime();
			if (left <= 0) {
				return true;
			}
			try {
				TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(50)));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return false;
	}

	private void killWriterBetweenCommitAndCacheStep(RedisServerProcess redis) {
		long id = randomId();
		String writer = "jvm-" + this.writerNames.incrementAndGet();
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
						"-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
						TortureWriterProcess.class.getName(), this.implementation.id(), String.valueOf(id), writer));
		properties(redis.port()).forEach((name, value) -> command.add("--" + name + "=" + value));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the writer JVM", ex);
		}
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			CompletableFuture<Long> committed = CompletableFuture.supplyAsync(() -> committedVersion(out));
			long version = committed.get(120, TimeUnit.SECONDS);
			this.commits.get(id).put(version, new Commit(writer, System.nanoTime()));
			this.commitCount.incrementAndGet();
		}
		catch (Exception ex) {
			throw new IllegalStateException("The writer JVM did not commit: " + ex.getMessage(), ex);
		}
		finally {
			process.destroyForcibly();
			try {
				process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static long committedVersion(BufferedReader out) {
		try {
			List<String> tail = new ArrayList<>();
			String line;
			while ((line = out.readLine()) != null) {
				if (line.startsWith(TortureWriterProcess.COMMITTED)) {
					return Long.parseLong(line.substring(TortureWriterProcess.COMMITTED.length()).trim());
				}
				tail.add(line);
				if (tail.size() > 40) {
					tail.remove(0);
				}
			}
			throw new IllegalStateException("The writer JVM ended without committing:\n" + String.join("\n", tail));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private void awaitQuiet(ConfigurableApplicationContext... instances) {
		for (ConfigurableApplicationContext instance : instances) {
			instance.getBeanProvider(PendingInvalidations.class)
				.ifAvailable((pending) -> Awaitility.await("pending invalidations drained")
					.atMost(Duration.ofSeconds(60))
					.until(() -> pending.size() == 0));
		}
	}

	private TortureReport report(Duration elapsed, ConfigurableApplicationContext instance, TortureRows rows) {
		Map<Long, Superseded> superseded = new HashMap<>();
		this.commits.forEach((id, log) -> superseded.put(id, new Superseded(log)));
		long readCount = 0;
		long stale = 0;
		long phantom = 0;
		List<Long> windows = new ArrayList<>();
		Read longest = null;
		long longestSince = 0;
		for (List<Read> mine : this.reads) {
			for (Read read : mine) {
				readCount++;
				Commit commit = this.commits.get(read.id()).get(read.version());
				if (commit == null || !commit.writer().equals(read.writer())) {
					phantom++;
					continue;
				}
				long since = superseded.get(read.id()).since(read.version());
				if (since < read.began()) {
					stale++;
					windows.add(read.began() - since);
					if (longest == null || read.began() - since > longest.began() - longestSince) {
						longest = read;
						longestSince = since;
					}
				}
			}
		}
		long[] sorted = windows.stream().mapToLong(Long::longValue).sorted().toArray();
		double p99 = (sorted.length > 0) ? sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6 : 0;
		double max = (sorted.length > 0) ? sorted[sorted.length - 1] / 1e6 : 0;
		Cache cache = instance.getBean(CacheManager.class).getCache(TortureRepository.CACHE);
		int staleKeys = 0;
		for (int i = 0; i < this.settings.keys(); i++) {
			long id = id(i);
			TortureItem row = rows.find(id).orElseThrow();
			Cache.ValueWrapper cached = cache.get(id);
			if (cached != null && !row.equals(cached.get())) {
				staleKeys++;
				logger.warn("Key " + id + " holds " + cached.get() + " while the database holds " + row);
			}
		}
		Map<String, Integer> faultCounts;
		String longestStale;
		synchronized (this) {
			faultCounts = new LinkedHashMap<>(this.faults);
			longestStale = (longest != null) ? describe(longest, longestSince) : null;
		}
		return new TortureReport(this.implementation, elapsed, this.operations.get(), readCount, this.commitCount.get(),
				this.rollbacks.get(), this.errors.get(), faultCounts, stale, phantom, p99, max, this.settings.keys(),
				staleKeys, longestStale);
	}

	// The longest stale read, and the faults from a second before the commit that
	// superseded its value to the read (a fault's effects outlast it: reconnections, a
	// retry's backoff).
	private String describe(Read read, long supersededAt) {
		StringBuilder overlapped = new StringBuilder();
		for (FaultWindow window : this.faultWindows) {
			if (window.began() <= read.began() && window.ended() >= supersededAt - TimeUnit.SECONDS.toNanos(1)) {
				overlapped.append((overlapped.length() > 0) ? "; " : "")
					.append(window.kind())
					.append(" from ")
					.append(millis(window.began() - supersededAt))
					.append(" to ")
					.append(millis(window.ended() - supersededAt))
					.append(" ms");
			}
		}
		return String.format(
				"key %d, version %d read %d ms after the commit that superseded it; faults in that"
						+ " time (ms from that commit, from a second before it): %s",
				read.id(), read.version(), millis(read.began() - supersededAt),
				(overlapped.length() > 0) ? overlapped : "none");
	}

	private static long millis(long nanos) {
		return Math.round(nanos / 1e6);
	}

	private record FaultWindow(String kind, long began, long ended) {

	}

	private record Commit(String writer, long committedAt) {

	}

	private record Read(long id, long version, String writer, long began) {

	}

	/**
	 * For each version of a key, the earliest time a newer version had committed.
	 */
	private static final class Superseded {

		private final long[] versions;

		private final long[] since;

		Superseded(ConcurrentSkipListMap<Long, Commit> log) {
			this.versions = log.keySet().stream().mapToLong(Long::longValue).toArray();
			long[] committedAt = log.values().stream().mapToLong(Commit::committedAt).toArray();
			this.since = new long[this.versions.length];
			long earliest = Long.MAX_VALUE;
			for (int i = this.versions.length - 1; i >= 0; i--) {
				this.since[i] = earliest;
				earliest = Math.min(earliest, committedAt[i]);
			}
		}

		long since(long version) {
			int index = Arrays.binarySearch(this.versions, version);
			return this.since[index];
		}

	}

	private static final class RolledBack extends RuntimeException {

		RolledBack() {
			super("rolled back on purpose", null, false, false);
		}

	}

}
