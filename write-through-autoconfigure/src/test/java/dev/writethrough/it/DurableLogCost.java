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

import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Measures what the durable invalidation log costs on the write path: single-key
 * write-through writes ({@code @WriteThrough} with a JDBC upsert) on PostgreSQL, with
 * Redis up and with Redis down, with the durable log on and off (off is the behaviour
 * before it). Not a test; run with the test class path, for example: <pre>
 * java -cp write-through-autoconfigure/target/test-classes:write-through-autoconfigure/target/classes:$(cat cp.txt) \
 *     dev.writethrough.it.DurableLogCost 3000
 * </pre>
 *
 * @author write-through
 */
class DurableLogCost {

	@Test
	void writeLatencyWithAndWithoutTheDurableLog() {
		int writes = Integer.getInteger("cost.writes", 3000);
		Map<String, Object> database = new LinkedHashMap<>();
		TestDatabase.POSTGRES.register((name, value) -> database.put(name, value.get()));
		List<String> lines = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			for (boolean durable : new boolean[] { false, true }) {
				try (RedisServerProcess redis = RedisServerProcess.start()) {
					ConfigurableApplicationContext context = start(database, redis.port(), durable);
					try {
						FenceRepairTests.ViewCounter counter = context.getBean(FenceRepairTests.ViewCounter.class);
						String up = measure(counter, writes);
						redis.kill();
						String down = measure(counter, writes);
						lines
							.add(String.format(Locale.ROOT, "round %d  durable log %-3s  Redis up: %s   Redis down: %s",
									round + 1, durable ? "on" : "off", up, down));
					}
					finally {
						context.close();
					}
				}
			}
		}
		lines.forEach(System.out::println);
		assertThat(lines).hasSize(4);
	}

	private static String measure(FenceRepairTests.ViewCounter counter, int writes) {
		String run = UUID.randomUUID().toString().substring(0, 8);
		for (int i = 0; i < writes / 5; i++) {
			counter.save(run + "-warm-" + (i % 50), i);
		}
		long[] nanos = new long[writes];
		for (int i = 0; i < writes; i++) {
			long start = System.nanoTime();
			counter.save(run + "-" + (i % 50), i);
			nanos[i] = System.nanoTime() - start;
		}
		Arrays.sort(nanos);
		return String.format(Locale.ROOT, "p50 %7.1f us  p99 %8.1f us", nanos[writes / 2] / 1000.0,
				nanos[(int) (writes * 0.99)] / 1000.0);
	}

	private static ConfigurableApplicationContext start(Map<String, Object> database, int port, boolean durable) {
		Map<String, Object> properties = new LinkedHashMap<>(database);
		properties.put("spring.data.redis.url", "redis://127.0.0.1:" + port);
		properties.put("spring.data.redis.timeout", "1s");
		properties.put("spring.data.redis.connect-timeout", "500ms");
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", "wt-cost-" + UUID.randomUUID() + ":");
		properties.put("write-through.pending-invalidations.durable.enabled", String.valueOf(durable));
		properties.put("logging.level.dev.writethrough", "error");
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(FenceRepairTests.Application.class).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run(arguments.toArray(String[]::new));
	}

}
