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

package dev.writethrough.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteThrough;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A load harness (not JMH: the figure of interest is the queue's lag under load, which a
 * JMH iteration does not see): the same number of threads write counters as fast as they
 * can, first through a write-through cache (database commit, then the fenced cache step),
 * then through a write-behind cache (the cache and the queue, the database later), on
 * PostgreSQL and Redis. Reports throughput and latency percentiles of each, and for
 * write-behind the flush lag sampled every 100 ms during the load and the time the
 * flushers need to empty the queue afterwards.
 * <p>
 * Arguments: {@code --threads=4 --seconds=20 --keys=1000 --out=<file.md>}, and:
 * <ul>
 * <li>{@code --redis=redis://host:port} a standalone Redis (default {@code WT_REDIS_URL},
 * else 127.0.0.1:6379), or {@code --cluster=host:port,host:port} a Redis Cluster
 * ({@code spring.data.redis.cluster.nodes});</li>
 * <li>{@code --partitions=N} the write-behind cache's partitions (default: the cluster's
 * masters, 1 on a standalone Redis);</li>
 * <li>{@code --strategies=write-behind} to run write-behind alone (default both);</li>
 * <li>{@code --label=<text>} a name for the run in the report.</li>
 * </ul>
 * PostgreSQL is {@code WT_POSTGRES_URL} / {@code WT_POSTGRES_USER} /
 * {@code WT_POSTGRES_PASSWORD}, as for the tests.
 */
public final class WriteBehindLoad {

	private WriteBehindLoad() {
	}

	public static void main(String[] args) throws Exception {
		int threads = intArgument(args, "threads", 4);
		int seconds = intArgument(args, "seconds", 20);
		int keys = intArgument(args, "keys", 1000);
		String out = argument(args, "out", null);
		String cluster = argument(args, "cluster", null);
		String partitions = argument(args, "partitions", null);
		String label = argument(args, "label", null);
		boolean writeThrough = !"write-behind".equals(argument(args, "strategies", "write-through,write-behind"));
		List<String> properties = new ArrayList<>(List.of("--spring.datasource.url=" + Services.postgresUrl(),
				"--spring.datasource.username=" + Services.postgresUser(),
				"--spring.datasource.password=" + Services.postgresPassword(),
				"--spring.datasource.hikari.maximum-pool-size=" + (threads + 2),
				"--write-through.key-prefix=wt-load-" + UUID.randomUUID() + ":",
				"--write-through.caches.through-counters.strategy=write-through",
				"--write-through.caches.behind-counters.strategy=write-behind",
				"--write-through.caches.behind-counters.write-behind.writer=counterWriter",
				"--write-through.caches.behind-counters.write-behind.max-pending=10000000",
				"--logging.level.root=warn"));
		properties.add((cluster != null) ? "--spring.data.redis.cluster.nodes=" + cluster : "--spring.data.redis.url="
				+ argument(args, "redis", "redis://" + Services.redisHost() + ":" + Services.redisPort()));
		if (partitions != null) {
			properties.add("--write-through.caches.behind-counters.write-behind.partitions=" + partitions);
		}
		ConfigurableApplicationContext context = new SpringApplicationBuilder(LoadApplication.class)
			.web(WebApplicationType.NONE)
			.run(properties.toArray(String[]::new));
		try {
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			jdbc.sql("CREATE TABLE IF NOT EXISTS load_counter (id BIGINT PRIMARY KEY, value BIGINT NOT NULL)").update();
			Counters counters = context.getBean(Counters.class);
			WriteBehindQueue queue = context.getBean(WriteBehindQueues.class).get("behind-counters");
			StringBuilder report = new StringBuilder();
			report.append("Write-behind against write-through, ")
				.append(threads)
				.append(" threads writing for ")
				.append(seconds)
				.append(" s each over ")
				.append(keys)
				.append(" keys, PostgreSQL and ")
				.append((cluster != null) ? "a Redis Cluster" : "a standalone Redis")
				.append(" with the write-behind queue in ")
				.append(queue.partitions())
				.append(" partition(s)")
				.append((label != null) ? " (" + label + ")" : "")
				.append(" on this machine (")
				.append(Runtime.getRuntime().availableProcessors())
				.append(" cores, JDK ")
				.append(System.getProperty("java.version"))
				.append("), `WriteBehindLoad`, batch-size 100, flush-interval 1s:\n\n")
				.append("| strategy | writes/s | p50 ms | p99 ms | p99.9 ms | flush lag p99 | flush lag max | queue emptied after the load |\n")
				.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
			Result through = null;
			if (writeThrough) {
				run(threads, 3, keys, (key) -> counters.through(key, key), null);
				through = run(threads, seconds, keys, (key) -> counters.through(key, System.nanoTime()), null);
				report.append(row("write-through", through, null, null));
			}
			run(threads, 3, keys, (key) -> counters.behind(key, key), null);
			awaitEmpty(queue);
			List<Long> lags = new ArrayList<>();
			Result behind = run(threads, seconds, keys, (key) -> counters.behind(key, System.nanoTime()),
					() -> lags.add(queue.lag().toMillis()));
			long stopped = System.nanoTime();
			awaitEmpty(queue);
			Duration drained = Duration.ofNanos(System.nanoTime() - stopped);
			report.append(row("write-behind", behind, lags, drained));
			if (through != null) {
				report.append("\nwrite-behind/write-through throughput: ")
					.append(String.format("%.1f", behind.perSecond() / through.perSecond()))
					.append("x\n");
			}
			System.out.println(report);
			if (out != null) {
				Path path = Path.of(out);
				Files.createDirectories(path.toAbsolutePath().getParent());
				Files.writeString(path, report.toString());
			}
		}
		finally {
			context.close();
		}
	}

	private static void awaitEmpty(WriteBehindQueue queue) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
		while (queue.depth() > 0 && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private static String row(String name, Result result, List<Long> lags, Duration drained) {
		String lag = "";
		String lagMax = "";
		if (lags != null && !lags.isEmpty()) {
			long[] sorted = lags.stream().mapToLong(Long::longValue).sorted().toArray();
			lag = sorted[(int) Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] + " ms";
			lagMax = sorted[sorted.length - 1] + " ms";
		}
		return String.format("| %s | %,.0f | %.3f | %.3f | %.3f | %s | %s | %s |%n", name, result.perSecond(),
				result.percentile(0.5), result.percentile(0.99), result.percentile(0.999), lag, lagMax,
				(drained != null) ? drained.toMillis() + " ms" : "");
	}

	private static Result run(int threads, int seconds, int keys, LongConsumer write, Runnable sampler)
			throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(threads + 1);
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Future<long[]>> futures = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			futures.add(executor.submit(() -> {
				long[] latencies = new long[1 << 16];
				int count = 0;
				while (System.nanoTime() < end) {
					long key = ThreadLocalRandom.current().nextLong(keys);
					long start = System.nanoTime();
					write.accept(key);
					if (count == latencies.length) {
						latencies = Arrays.copyOf(latencies, count * 2);
					}
					latencies[count++] = System.nanoTime() - start;
				}
				return Arrays.copyOf(latencies, count);
			}));
		}
		if (sampler != null) {
			executor.submit(() -> {
				while (System.nanoTime() < end) {
					sampler.run();
					Thread.sleep(100);
				}
				return null;
			});
		}
		List<long[]> all = new ArrayList<>();
		for (Future<long[]> future : futures) {
			all.add(future.get());
		}
		executor.shutdown();
		long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
		return new Result(merged, seconds);
	}

	private static String argument(String[] args, String name, String fallback) {
		for (String arg : args) {
			if (arg.startsWith("--" + name + "=")) {
				return arg.substring(name.length() + 3);
			}
		}
		return fallback;
	}

	private static int intArgument(String[] args, String name, int fallback) {
		String value = argument(args, name, null);
		return (value != null) ? Integer.parseInt(value) : fallback;
	}

	private record Result(long[] sortedNanos, int seconds) {

		double perSecond() {
			return (double) this.sortedNanos.length / this.seconds;
		}

		double percentile(double p) {
			int index = (int) Math.min(this.sortedNanos.length - 1, Math.floor(this.sortedNanos.length * p));
			return this.sortedNanos[index] / 1e6;
		}

	}

	/**
	 * A counter row.
	 *
	 * @param id the key
	 * @param value the value
	 */
	public record Counter(long id, long value) {

	}

	/**
	 * Writes counters through both caches.
	 */
	public static class Counters {

		private final JdbcClient jdbc;

		public Counters(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@WriteThrough(cache = "through-counters", key = "#id")
		public Counter through(long id, long value) {
			this.jdbc.sql(
					"INSERT INTO load_counter (id, value) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value")
				.param(id)
				.param(value)
				.update();
			return new Counter(id, value);
		}

		@WriteThrough(cache = "behind-counters", key = "#id")
		public Counter behind(long id, long value) {
			return new Counter(id, value);
		}

	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class LoadApplication {

		@Bean
		Counters counters(JdbcClient jdbc) {
			return new Counters(jdbc);
		}

		@Bean
		WriteBehindWriter<Long, Counter> counterWriter(JdbcClient jdbc) {
			return (Map<Long, Counter> values) -> values.values()
				.forEach((counter) -> jdbc.sql(
						"INSERT INTO load_counter (id, value) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value")
					.param(counter.id())
					.param(counter.value())
					.update());
		}

	}

}
