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
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * Where the CPU of one operation goes, per library, on loopback: the calling thread, the
 * rest of the JVM (Lettuce's event loop, GC, the JIT), Redis and PostgreSQL, each read
 * from its own counter around a closed loop of one operation kind. A timed benchmark says
 * how long an operation takes; this says which process spends it, so the part the fence
 * costs Redis is told apart from what the starter's own code costs the application. Run
 * with:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.writethrough.benchmarks.CpuBudget [operations]
 * </pre> {@code -Dbench.workloads=read-hit}, {@code -Dbench.libraries=hand-written,ours}
 * and {@code -Dbench.sizes=10KB} narrow it (one size at a time).
 *
 * It needs the local Redis and PostgreSQL and reads PostgreSQL's CPU from {@code /proc},
 * so PostgreSQL must run on the same machine (Linux).
 */
public final class CpuBudget {

	private static final int BATCH = 100;

	private CpuBudget() {
	}

	public static void main(String[] args) {
		int operations = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		List<Library> libraries = Arrays
			.stream(System.getProperty("bench.libraries", "hand-written,ours,spring").split(","))
			.map(Library::of)
			.toList();
		ValueSize size = ValueSize.of(System.getProperty("bench.sizes", "200B"));
		System.out.printf(Locale.ROOT, "%-9s %-13s %9s %10s %10s %9s %9s %11s %13s%n", "operation", "library",
				"wall µs", "caller µs", "JVM rest µs", "Redis µs", "PG µs", "Redis cmds", "caller alloc");
		// Redis counts the commands its scripts call as commands it processed.
		for (String operation : System.getProperty("bench.workloads", "write,read-hit,read-miss,save-all").split(",")) {
			for (Library library : libraries) {
				try (ProductStore store = Fixture.open(library, BenchDatabase.of("postgres"), size)) {
					int count = (operation.equals("save-all")) ? Math.max(1, operations / BATCH) : operations;
					run(store, operation, size, count / 4);
					Sample before = Sample.take();
					run(store, operation, size, count);
					Sample after = Sample.take();
					print(operation, library, before, after, count);
				}
			}
		}
	}

	private static void run(ProductStore store, String operation, ValueSize size, int count) {
		long first = size.firstId();
		for (int i = 0; i < count; i++) {
			long id = first + (i % ProductRows.KEYS);
			switch (operation) {
				case "write" -> store.save(new Product(id, "written-" + i, size.payload()));
				case "read-hit" -> store.find(id);
				case "read-miss" -> {
					store.evictFromCache(id);
					store.find(id);
				}
				case "save-all" -> {
					List<Product> products = new ArrayList<>(BATCH);
					for (int j = 0; j < BATCH; j++) {
						long each = first + ((i * BATCH + j) % ProductRows.KEYS);
						products.add(new Product(each, "written-" + i, size.payload()));
					}
					store.saveAll(products);
				}
				default -> throw new IllegalArgumentException(operation);
			}
		}
	}

	private static void print(String operation, Library library, Sample before, Sample after, int count) {
		double caller = (after.callerCpuNanos - before.callerCpuNanos) / 1000.0 / count;
		double jvm = (after.jvmCpuNanos - before.jvmCpuNanos) / 1000.0 / count;
		System.out.printf(Locale.ROOT, "%-9s %-13s %9.1f %10.1f %10.1f %9.1f %9.1f %11.1f %11d B%n", operation,
				library.label(), (after.wallNanos - before.wallNanos) / 1000.0 / count, caller, jvm - caller,
				(after.redisCpuMicros - before.redisCpuMicros) / count,
				(after.postgresCpuMicros - before.postgresCpuMicros) / count,
				(double) (after.redisCommands - before.redisCommands) / count,
				(after.callerAllocated - before.callerAllocated) / count);
	}

	private record Sample(long wallNanos, long callerCpuNanos, long callerAllocated, long jvmCpuNanos,
			double redisCpuMicros, long redisCommands, double postgresCpuMicros) {

		static Sample take() {
			com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
				.getThreadMXBean();
			com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
				.getOperatingSystemMXBean();
			String[] redis = redisCpuAndCommands();
			return new Sample(System.nanoTime(), threads.getCurrentThreadCpuTime(),
					threads.getCurrentThreadAllocatedBytes(), os.getProcessCpuTime(), Double.parseDouble(redis[0]),
					Long.parseLong(redis[1]), readPostgresCpuMicros());
		}

		// Redis's own CPU (user + system) and the commands it processed, scripts' inner
		// calls not counted.
		private static String[] redisCpuAndCommands() {
			RedisClient client = RedisClient.create(RedisURI.create(Services.redisHost(), Services.redisPort()));
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				String cpu = connection.sync().info("cpu");
				String stats = connection.sync().info("stats");
				double seconds = field(cpu, "used_cpu_user") + field(cpu, "used_cpu_sys");
				long commands = (long) field(stats, "total_commands_processed");
				return new String[] { Double.toString(seconds * 1_000_000), Long.toString(commands) };
			}
			finally {
				client.shutdown();
			}
		}

		private static double field(String info, String name) {
			for (String line : info.split("\r?\n")) {
				if (line.startsWith(name + ":")) {
					return Double.parseDouble(line.substring(name.length() + 1).trim());
				}
			}
			throw new IllegalStateException("INFO has no " + name);
		}

		// The user and system CPU of every postgres process, from /proc (clock ticks of
		// 10 ms: run long enough).
		private static double readPostgresCpuMicros() {
			try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
				long ticks = processes
					.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
					.mapToLong(Sample::postgresTicks)
					.sum();
				return ticks * 10_000.0;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private static long postgresTicks(Path process) {
			try {
				String stat = Files.readString(process.resolve("stat"));
				int open = stat.indexOf('(');
				int close = stat.lastIndexOf(')');
				if (!stat.substring(open + 1, close).equals("postgres")) {
					return 0;
				}
				String[] fields = stat.substring(close + 2).split(" ");
				// utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
				return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			}
			catch (IOException | RuntimeException ex) {
				return 0;
			}
		}

	}

}
