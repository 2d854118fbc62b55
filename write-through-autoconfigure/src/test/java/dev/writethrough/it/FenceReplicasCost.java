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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import dev.writethrough.it.support.RedisTopologies;
import dev.writethrough.it.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what {@code write-through.fence.replicas=1} costs on the write path:
 * single-key write-through writes ({@code @WriteThrough} with a JDBC upsert on
 * PostgreSQL) on the Cluster and on the Sentinel setup, with the replicas healthy,
 * fence.replicas 0 and 1 alternating over two rounds: the latency of one writer, and the
 * throughput of 4. Not a test of the build (its name is not a test's); run it with
 * {@code ./mvnw -B -pl write-through-autoconfigure test -Dtest=FenceReplicasCost}.
 *
 * @author write-through
 */
class FenceReplicasCost {

	@Test
	void writeLatencyAndThroughputWithAndWithoutWaitingForAReplica() throws Exception {
		int writes = Integer.getInteger("cost.writes", 3000);
		Map<String, Object> database = new LinkedHashMap<>();
		TestDatabase.POSTGRES.register((name, value) -> database.put(name, value.get()));
		List<String> lines = new ArrayList<>();
		for (String topology : List.of("Cluster", "Sentinel")) {
			Map<String, Object> redis = new LinkedHashMap<>();
			Consumer<Map<String, Object>> registration = (target) -> {
				if (topology.equals("Cluster")) {
					RedisTopologies.cluster().register((name, value) -> target.put(name, value.get()));
				}
				else {
					RedisTopologies.sentinel().register((name, value) -> target.put(name, value.get()));
				}
			};
			registration.accept(redis);
			for (int round = 1; round <= 2; round++) {
				for (int replicas : new int[] { 0, 1 }) {
					try (ConfigurableApplicationContext context = start(database, redis, replicas)) {
						FenceRepairTests.ViewCounter writer = context.getBean(FenceRepairTests.ViewCounter.class);
						String latency = latency(writer, writes);
						String throughput = throughput(writer, writes);
						lines.add(String.format(Locale.ROOT,
								"%-8s round %d  fence.replicas %d  one writer: %s   4 writers: %s", topology, round,
								replicas, latency, throughput));
					}
				}
			}
		}
		lines.forEach((line) -> System.out.println("cost: " + line));
		assertThat(lines).hasSize(8);
	}

	private static String latency(FenceRepairTests.ViewCounter writer, int writes) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < writes / 5; i++) {
			writer.save(run + "-warm-" + (i % 50), i);
		}
		long[] nanos = new long[writes];
		for (int i = 0; i < writes; i++) {
			long start = System.nanoTime();
			writer.save(run + "-" + (i % 50), i);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return String.format(Locale.ROOT, "p50 %6.2f ms  p99 %6.2f ms", nanos[writes / 2] / 1e6,
				nanos[(int) (writes * 0.99)] / 1e6);
	}

	private static String throughput(FenceRepairTests.ViewCounter writer, int writes) throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		ExecutorService executor = Executors.newFixedThreadPool(4);
		try {
			long start = System.nanoTime();
			List<Future<?>> done = new ArrayList<>();
			for (int thread = 0; thread < 4; thread++) {
				int offset = thread;
				done.add(executor.submit(() -> {
					for (int i = 0; i < writes / 4; i++) {
						writer.save(run + "-" + offset + "-" + (i % 50), i);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get();
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			return String.format(Locale.ROOT, "%6.0f writes/s", (writes / 4 * 4) / seconds);
		}
		finally {
			executor.shutdownNow();
		}
	}

	private static ConfigurableApplicationContext start(Map<String, Object> database, Map<String, Object> redis,
			int replicas) {
		Map<String, Object> properties = new LinkedHashMap<>(database);
		properties.putAll(redis);
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", "wt-cost-" + UUID.randomUUID() + ":");
		properties.put("write-through.fence.replicas", String.valueOf(replicas));
		properties.put("logging.level.dev.writethrough", "error");
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(FenceRepairTests.Application.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(arguments.toArray(String[]::new));
	}

}
