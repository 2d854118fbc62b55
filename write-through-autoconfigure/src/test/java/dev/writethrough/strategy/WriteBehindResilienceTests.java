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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.it.support.TcpProxy;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Write-behind under real faults, on PostgreSQL: a shutdown writes what is queued, a
 * database that goes away and comes back gets every write with the last value per key,
 * and a flusher JVM killed in the middle of a batch loses nothing, because another
 * instance takes its batch over.
 */
@ExtendWith(OutputCaptureExtension.class)
class WriteBehindResilienceTests {

	private static final Duration FLUSHED = Duration.ofSeconds(60);

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final String keyPrefix = "wt-resilience-" + UUID.randomUUID() + ":";

	@Test
	void warnsAtStartWhenRedisKeepsNoAppendOnlyFile(CapturedOutput output) {
		ConfigurableApplicationContext context = start(services());
		try {
			String appendOnly = context.getBean(StringRedisTemplate.class)
				.execute((RedisCallback<String>) (
						connection) -> connection.serverCommands().getConfig("appendonly").getProperty("appendonly"));
			if ("no".equals(appendOnly)) {
				assertThat(output).contains("Redis keeps no append-only file (appendonly no)")
					.containsPattern("loses the writes queued for write-behind caches \\[[a-z, -]*page-views");
			}
			else {
				assertThat(output).doesNotContain("Redis keeps no append-only file");
			}
		}
		finally {
			context.close();
		}
	}

	@Test
	void aWriteWhileRedisIsDownIsRefusedWithAMessageAndWritesNothing() {
		Map<String, Object> services = services();
		try (RedisServerProcess redis = RedisServerProcess.start()) {
			services.put("spring.data.redis.url", "redis://127.0.0.1:" + redis.port());
			ConfigurableApplicationContext context = start(services);
			try {
				PageViewService pageViews = context.getBean(PageViewService.class);
				redis.kill();

				assertThatExceptionOfType(CacheUnavailableException.class)
					.isThrownBy(() -> pageViews.record(page(1), 1))
					.withMessageContaining(
							"write-behind cache 'page-views' keeps its queue in Redis, which did not take the write")
					.withMessageContaining("Redis is unreachable")
					.withMessageContaining("Nothing was written for key '" + page(1) + "'");

				redis.restart();
				WriteBehindQueues queues = context.getBean(WriteBehindQueues.class);
				// Lettuce reconnects in its own time: a failed look is looked at again.
				await().atMost(FLUSHED)
					.ignoreExceptions()
					.untilAsserted(
							() -> assertThat(queues.get("page-views").depth()).as("nothing was queued").isZero());
				assertThat(PageViewRows.find(context.getBean(JdbcClient.class), page(1))).isNull();
			}
			finally {
				context.close();
			}
		}
	}

	@Test
	void twoInstancesShareTheQueueAndTheDatabaseEndsWithTheLastValueOfEveryKey() throws Exception {
		Map<String, Object> services = services();
		services.put("write-through.caches.page-views.write-behind.batch-size", "10");
		services.put("write-through.caches.page-views.write-behind.flush-interval", "10ms");
		ConfigurableApplicationContext first = start(services);
		ConfigurableApplicationContext second = start(services);
		try {
			List<PageViewService> instances = List.of(first.getBean(PageViewService.class),
					second.getBean(PageViewService.class));
			ExecutorService writers = Executors.newFixedThreadPool(4);
			List<Future<?>> done = new ArrayList<>();
			for (int writer = 0; writer < 4; writer++) {
				PageViewService pageViews = instances.get(writer % 2);
				int offset = writer;
				done.add(writers.submit(() -> {
					for (int i = 0; i < 300; i++) {
						pageViews.record(page(i % 5), i * 4 + offset);
					}
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
			writers.shutdown();
			WriteBehindQueues queues = first.getBean(WriteBehindQueues.class);
			await().atMost(FLUSHED).until(() -> queues.get("page-views").depth() == 0);

			JdbcClient jdbc = first.getBean(JdbcClient.class);
			for (int key = 0; key < 5; key++) {
				PageViews cached = first.getBean(PageViewService.class).find(page(key));
				assertThat(cached).as("the cached value of key " + key).isNotNull();
				assertThat(PageViewRows.find(jdbc, page(key))).as("the row of key " + key + ", against the cache")
					.isEqualTo(cached);
			}
			assertThat(first.getBean(CountingWriteBehindListener.class).flushedBatches())
				.as("batches the first instance wrote")
				.isPositive();
			assertThat(second.getBean(CountingWriteBehindListener.class).flushedBatches())
				.as("batches the second instance wrote")
				.isPositive();
		}
		finally {
			first.close();
			second.close();
		}
	}

	@Test
	void shutdownWritesWhatIsQueued() {
		Set<Thread> flushersBefore = pageViewFlushers();
		ConfigurableApplicationContext context = start(services(),
				"write-through.caches.page-views.write-behind.flush-interval=1h");
		// Write once the new flusher has looked at the empty queue and sleeps its hour.
		await().atMost(FLUSHED)
			.until(() -> pageViewFlushers().stream()
				.filter((thread) -> !flushersBefore.contains(thread))
				.anyMatch(WriteBehindResilienceTests::pausesForItsInterval));
		PageViewService pageViews = context.getBean(PageViewService.class);
		for (int i = 0; i < 30; i++) {
			pageViews.record(page(i), i);
		}
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		assertThat(PageViewRows.find(jdbc, page(0))).as("nothing flushed before the shutdown").isNull();
		assertThat(context.getBean(WriteBehindQueues.class).get("page-views").depth()).isEqualTo(30);

		context.close();

		ConfigurableApplicationContext reader = start(services());
		try {
			JdbcClient readerJdbc = reader.getBean(JdbcClient.class);
			for (int i = 0; i < 30; i++) {
				assertThat(PageViewRows.find(readerJdbc, page(i))).isEqualTo(new PageViews(page(i), i));
			}
		}
		finally {
			reader.close();
		}
	}

	private static Set<Thread> pageViewFlushers() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("write-behind-page-views"))
			.collect(Collectors.toSet());
	}

	private static boolean pausesForItsInterval(Thread flusher) {
		return Arrays.stream(flusher.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().endsWith("WriteBehindFlusher")
					&& frame.getMethodName().equals("pause"));
	}

	@Test
	void aDatabaseThatGoesAwayGetsEveryWriteWithTheLastValuePerKeyWhenItIsBack() {
		Map<String, Object> services = services();
		try (TcpProxy proxy = TcpProxy.start("127.0.0.1", 5432)) {
			services.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test");
			services.put("spring.datasource.hikari.connection-timeout", "1000");
			ConfigurableApplicationContext context = start(services,
					"write-through.caches.page-views.write-behind.max-attempts=1000");
			try {
				PageViewService pageViews = context.getBean(PageViewService.class);
				CountingWriteBehindListener listener = context.getBean(CountingWriteBehindListener.class);
				proxy.refuse(true);
				proxy.cut();
				for (int round = 1; round <= 3; round++) {
					for (int i = 0; i < 5; i++) {
						pageViews.record(page(i), round * 10 + i);
					}
				}
				await().atMost(FLUSHED).until(() -> listener.failedBatches() >= 3);
				assertThat(pageViews.find(page(4))).as("served from the cache while the database is away")
					.isEqualTo(new PageViews(page(4), 34));

				proxy.refuse(false);

				JdbcClient jdbc = context.getBean(JdbcClient.class);
				// The pool reconnects in its own time: a failed look is looked at again.
				await().atMost(FLUSHED).ignoreExceptions().untilAsserted(() -> {
					for (int i = 0; i < 5; i++) {
						assertThat(PageViewRows.find(jdbc, page(i))).isEqualTo(new PageViews(page(i), 30 + i));
					}
				});
				WriteBehindQueues queues = context.getBean(WriteBehindQueues.class);
				assertThat(queues.get("page-views").deadLetters()).as("nothing parked").isZero();
				await().atMost(FLUSHED).until(() -> queues.get("page-views").depth() == 0);
			}
			finally {
				context.close();
			}
		}
	}

	@Test
	void aFlusherJvmKilledInTheMiddleOfABatchLosesNothing() throws Exception {
		Map<String, Object> services = services();
		services.put("write-through.caches.page-views.write-behind.claim-timeout", "1s");
		List<String> command = new ArrayList<>(
				List.of(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"),
						"-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
						HaltingFlusherProcess.class.getName(), this.run));
		properties(services).forEach((name, value) -> command.add("--" + name + "=" + value));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> output = new ArrayList<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				output.add(line);
			}
		}
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		assertThat(output).as("the flusher JVM's output")
			.anyMatch((line) -> line.equals("QUEUED"))
			.anyMatch((line) -> line.startsWith(HaltingFlusherProcess.HALTING));
		assertThat(process.exitValue()).isEqualTo(3);

		ConfigurableApplicationContext survivor = start(services);
		try {
			JdbcClient jdbc = survivor.getBean(JdbcClient.class);
			await().atMost(FLUSHED).untilAsserted(() -> {
				for (int i = 0; i < HaltingFlusherProcess.KEYS; i++) {
					assertThat(PageViewRows.find(jdbc, page(i))).as("key " + i)
						.isEqualTo(new PageViews(page(i), 200 + i));
				}
			});
			WriteBehindQueues queues = survivor.getBean(WriteBehindQueues.class);
			await().atMost(FLUSHED).until(() -> queues.get("page-views").depth() == 0);
		}
		finally {
			survivor.close();
		}
	}

	private String page(int i) {
		return this.run + "-" + i;
	}

	private Map<String, Object> services() {
		Map<String, Object> services = new LinkedHashMap<>();
		TestRedis.register((name, value) -> services.put(name, value.get()));
		TestDatabase.POSTGRES.register((name, value) -> services.put(name, value.get()));
		return services;
	}

	private Map<String, Object> properties(Map<String, Object> services) {
		Map<String, Object> properties = new LinkedHashMap<>(services);
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", this.keyPrefix);
		properties.put("write-through.caches.audit.strategy", "write-around");
		for (String cache : List.of("page-views", "bounded-views", "blocking-views")) {
			properties.put("write-through.caches." + cache + ".strategy", "write-behind");
			properties.put("write-through.caches." + cache + ".write-behind.writer", "pageViewWriter");
			properties.putIfAbsent("write-through.caches." + cache + ".write-behind.flush-interval", "50ms");
			properties.put("write-through.caches." + cache + ".write-behind.initial-backoff", "50ms");
			properties.put("write-through.caches." + cache + ".write-behind.max-backoff", "200ms");
		}
		return properties;
	}

	private ConfigurableApplicationContext start(Map<String, Object> services, String... overrides) {
		Map<String, Object> properties = properties(services);
		for (String override : overrides) {
			int equals = override.indexOf('=');
			properties.put(override.substring(0, equals), override.substring(equals + 1));
		}
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(StrategyApplication.class, Listener.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		@Bean
		CountingWriteBehindListener countingWriteBehindListener() {
			return new CountingWriteBehindListener();
		}

	}

}
