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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.writethrough.WriteBehindQueueFullException;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughEndpoint;
import dev.writethrough.actuate.WriteThroughEndpoint.WriteBehindDescriptor;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.redis.CacheKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A write-behind queue partitioned over several streams, run once per Redis topology: the
 * default number of partitions is the number of masters, the writes of one key keep their
 * order under concurrent writers on two instances, and the streams of an earlier layout
 * (the one stream of the version before partitions, or another number of partitions) are
 * written to the database at start, not lost.
 */
abstract class AbstractWriteBehindPartitionTests {

	private static final Duration FLUSHED = Duration.ofSeconds(60);

	private static final String CACHE = "page-views";

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	private final String keyPrefix = "wt-partitions-" + UUID.randomUUID() + ":";

	private LettuceConnectionFactory connectionFactory;

	private StringRedisTemplate redisTemplate;

	/**
	 * The Redis properties of the topology.
	 * @return the properties
	 */
	abstract Map<String, Object> redis();

	/**
	 * How many masters serve the topology.
	 * @return the number of masters
	 */
	abstract int masters();

	/**
	 * Which master serves a key.
	 * @param key the key
	 * @return the master's address
	 */
	abstract String masterOf(byte[] key);

	@Test
	void thePartitionsDefaultToTheNumberOfMasters() {
		try (ConfigurableApplicationContext context = start()) {
			WriteBehindQueue queue = queue(context);
			assertThat(queue.partitions()).isEqualTo(masters());
			assertThat(context.getBean(WriteThroughCacheManager.class).getCache(CACHE).getKeys().partitions())
				.isEqualTo(masters());
		}
	}

	@Test
	void concurrentWritesOfTheSameKeysOnTwoInstancesEndWithEveryRowAtTheLastWrite() throws Exception {
		String[] partitions = { "write-through.caches.page-views.write-behind.partitions=3",
				"write-through.caches.page-views.write-behind.batch-size=10",
				"write-through.caches.page-views.write-behind.flush-interval=10ms" };
		try (ConfigurableApplicationContext first = start(partitions);
				ConfigurableApplicationContext second = start(partitions)) {
			List<PageViewService> instances = List.of(first.getBean(PageViewService.class),
					second.getBean(PageViewService.class));
			// The flushers wait at the database while the writes pile up in every
			// partition, so they have an order to get wrong.
			List<RecordingPageViewWriter> databaseWriters = List.of(first.getBean(RecordingPageViewWriter.class),
					second.getBean(RecordingPageViewWriter.class));
			databaseWriters.forEach(RecordingPageViewWriter::close);
			int pages = 12;
			int writers = 4;
			AtomicLong sequence = new AtomicLong();
			// Writes of one key from all writers, one at a time, so the last is the
			// highest; writes of different keys run at once.
			Object[] locks = new Object[pages];
			Arrays.setAll(locks, (i) -> new Object());
			Map<String, Long> last = new java.util.concurrent.ConcurrentHashMap<>();
			CyclicBarrier ready = new CyclicBarrier(writers);
			ExecutorService executor = Executors.newFixedThreadPool(writers);
			List<Future<?>> done = new ArrayList<>();
			for (int writer = 0; writer < writers; writer++) {
				PageViewService pageViews = instances.get(writer % 2);
				done.add(executor.submit(() -> {
					ready.await(10, TimeUnit.SECONDS);
					for (int i = 0; i < 240; i++) {
						int page = ThreadLocalRandom.current().nextInt(pages);
						synchronized (locks[page]) {
							long views = sequence.incrementAndGet();
							pageViews.record(page(page), views);
							last.put(page(page), views);
						}
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(60, TimeUnit.SECONDS);
			}
			executor.shutdown();
			databaseWriters.forEach(RecordingPageViewWriter::open);
			WriteBehindQueue queue = queue(first);
			await().atMost(FLUSHED).until(() -> queue.depth() == 0);

			CacheKeys keys = first.getBean(WriteThroughCacheManager.class).getCache(CACHE).getKeys();
			Set<Integer> used = new HashSet<>();
			Set<String> masters = new HashSet<>();
			JdbcClient jdbc = first.getBean(JdbcClient.class);
			for (int i = 0; i < pages; i++) {
				PageViews lastWrite = new PageViews(page(i), last.get(page(i)));
				assertThat(PageViewRows.find(jdbc, page(i))).as("the row of %s", page(i)).isEqualTo(lastWrite);
				assertThat(instances.get(i % 2).find(page(i))).as("the cached value of %s", page(i))
					.isEqualTo(lastWrite);
				used.add(keys.partition(page(i)));
				masters.add(masterOf(keys.entry(page(i))));
			}
			assertThat(used).as("the pages' partitions").hasSizeGreaterThan(1);
			assertThat(masters).as("masters holding the pages' entries").hasSize(Math.min(3, masters()));
		}
	}

	@Test
	void theEndpointsFiguresTheLimitAndTheReplayCoverEveryPartition() throws Exception {
		try (ConfigurableApplicationContext context = start("write-through.caches.page-views.write-behind.partitions=3",
				"write-through.caches.page-views.write-behind.max-pending=8",
				"write-through.caches.page-views.write-behind.when-full=fail",
				"write-through.caches.page-views.write-behind.max-attempts=2",
				"write-through.caches.page-views.write-behind.initial-backoff=50ms",
				"write-through.caches.page-views.write-behind.max-backoff=100ms",
				"management.endpoints.web.exposure.include=writethrough")) {
			PageViewService pageViews = context.getBean(PageViewService.class);
			RecordingPageViewWriter writer = context.getBean(RecordingPageViewWriter.class);
			WriteThroughEndpoint endpoint = context.getBean(WriteThroughEndpoint.class);
			CacheKeys keys = context.getBean(WriteThroughCacheManager.class).getCache(CACHE).getKeys();
			writer.close();
			pageViews.record(page(100), 1);
			assertThat(writer.awaitEntered()).as("the flusher holds the first write at the database").isTrue();
			Set<Integer> used = new HashSet<>();
			for (int i = 0; i < 7; i++) {
				pageViews.record(page(i), i);
				used.add(keys.partition(page(i)));
			}
			assertThat(used).as("partitions written").hasSizeGreaterThan(1);
			WriteBehindDescriptor queue = endpoint.describe().caches().get(CACHE).writeBehind();
			assertThat(queue.partitions()).isEqualTo(3);
			assertThat(queue.queueDepth()).as("writes of every partition").isEqualTo(8);
			assertThat(queue.lagMs()).isNotNull();
			assertThatExceptionOfType(WriteBehindQueueFullException.class)
				.as("max-pending is the total of the partitions")
				.isThrownBy(() -> pageViews.record(page(7), 7))
				.withMessageContaining("holds 8 writes");

			String poison = page(6);
			writer.failFor(poison);
			writer.open();
			await().atMost(FLUSHED)
				.untilAsserted(() -> assertThat(endpoint.describe().caches().get(CACHE).writeBehind().deadLetters())
					.isEqualTo(1));
			await().atMost(FLUSHED).until(() -> queue(context).depth() == 0);
			assertThat(endpoint.describe().caches().get(CACHE).writeBehind().parked()).singleElement()
				.satisfies((parked) -> assertThat(parked).containsEntry("key", poison));

			writer.failFor(null);
			assertThat(endpoint.replay(CACHE, "replay")).isEqualTo(new WriteBehindQueue.ReplayResult(1, 0, 0));
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			await().atMost(FLUSHED)
				.untilAsserted(() -> assertThat(PageViewRows.find(jdbc, poison)).isEqualTo(new PageViews(poison, 6)));
			assertThat(queue(context).deadLetters()).isZero();
		}
	}

	@Test
	void aClearEvictsWhatIsFlushedInEveryPartitionAndKeepsWhatIsQueued() throws Exception {
		try (ConfigurableApplicationContext context = start(
				"write-through.caches.page-views.write-behind.partitions=3")) {
			PageViewService pageViews = context.getBean(PageViewService.class);
			RecordingPageViewWriter writer = context.getBean(RecordingPageViewWriter.class);
			WriteThroughCache cache = context.getBean(WriteThroughCacheManager.class).getCache(CACHE);
			for (int i = 0; i < 6; i++) {
				pageViews.record(page(i), i);
			}
			await().atMost(FLUSHED).until(() -> queue(context).depth() == 0);
			writer.close();
			pageViews.record(page(100), 1);
			assertThat(writer.awaitEntered()).as("the flusher holds a write at the database").isTrue();
			for (int i = 10; i < 13; i++) {
				pageViews.record(page(i), i);
			}
			Set<Integer> flushed = new HashSet<>();
			for (int i = 0; i < 6; i++) {
				flushed.add(cache.getKeys().partition(page(i)));
			}
			assertThat(flushed).as("partitions of the flushed entries").hasSizeGreaterThan(1);

			WriteThroughCache.Cleared cleared = cache.clearEntries();

			assertThat(cleared.keptQueued()).as("entries whose write is still queued").isEqualTo(4);
			StringRedisTemplate redis = redisTemplate();
			for (int i = 0; i < 6; i++) {
				assertThat(exists(redis, cache.getKeys().entry(page(i)))).as("flushed %s", page(i)).isFalse();
			}
			for (int i = 10; i < 13; i++) {
				assertThat(exists(redis, cache.getKeys().entry(page(i)))).as("queued %s", page(i)).isTrue();
			}
			writer.open();
			await().atMost(FLUSHED).until(() -> queue(context).depth() == 0);
		}
	}

	@Test
	void theStreamOfTheVersionBeforePartitionsIsWrittenAtStart() {
		Map<String, Long> written = queueAndStop(1, 20);
		// The version before partitions kept no record of them.
		redisTemplate().delete(new String(CacheKeys.partitioned(this.keyPrefix, CACHE, 1).structure("partitions"),
				StandardCharsets.UTF_8));

		try (ConfigurableApplicationContext context = start(
				"write-through.caches.page-views.write-behind.partitions=3")) {
			assertTheWritesLandedAndTheOldLayoutIsGone(context, written, 1);
		}
	}

	@Test
	void aChangeOfPartitionsWritesTheStreamsNoLongerMappedAtStart() {
		Map<String, Long> written = queueAndStop(3, 30);

		try (ConfigurableApplicationContext context = start(
				"write-through.caches.page-views.write-behind.partitions=2")) {
			assertTheWritesLandedAndTheOldLayoutIsGone(context, written, 3);
			assertThat(redisTemplate().opsForSet()
				.members(new String(CacheKeys.partitioned(this.keyPrefix, CACHE, 1).structure("partitions"),
						StandardCharsets.UTF_8)))
				.as("the partitions recorded")
				.containsExactly("2");
		}
	}

	// Queues writes under one number of partitions in an instance whose flusher sleeps,
	// then stops it without writing them.
	private Map<String, Long> queueAndStop(int partitions, int pages) {
		Set<Thread> before = flushers();
		Map<String, Long> written = new LinkedHashMap<>();
		try (ConfigurableApplicationContext context = start(
				"write-through.caches.page-views.write-behind.partitions=" + partitions,
				"write-through.caches.page-views.write-behind.flush-interval=1h",
				"write-through.caches.page-views.write-behind.shutdown-timeout=0s")) {
			await().atMost(FLUSHED)
				.until(() -> flushers().stream()
					.filter((thread) -> !before.contains(thread))
					.anyMatch(AbstractWriteBehindPartitionTests::pausesForItsInterval));
			PageViewService pageViews = context.getBean(PageViewService.class);
			for (int i = 0; i < pages; i++) {
				pageViews.record(page(i), i);
				pageViews.record(page(i), 100 + i);
				written.put(page(i), 100L + i);
			}
			assertThat(queue(context).depth()).as("writes queued, not yet written").isEqualTo(2L * pages);
			JdbcClient jdbc = context.getBean(JdbcClient.class);
			assertThat(written.keySet()).allSatisfy((page) -> assertThat(PageViewRows.find(jdbc, page)).isNull());
		}
		return written;
	}

	private void assertTheWritesLandedAndTheOldLayoutIsGone(ConfigurableApplicationContext context,
			Map<String, Long> written, int oldPartitions) {
		JdbcClient jdbc = context.getBean(JdbcClient.class);
		written.forEach((page, views) -> assertThat(PageViewRows.find(jdbc, page)).as("row of %s", page)
			.isEqualTo(new PageViews(page, views)));
		CacheKeys old = CacheKeys.partitioned(this.keyPrefix, CACHE, oldPartitions);
		StringRedisTemplate redis = redisTemplate();
		for (int p = 0; p < oldPartitions; p++) {
			String queueKey = new String(old.structure(p, "queue"), StandardCharsets.UTF_8);
			assertThat(redis.hasKey(queueKey)).as("old stream %s", queueKey).isFalse();
		}
		for (String page : written.keySet()) {
			assertThat(exists(redis, old.entry(page))).as("old entry of %s", page).isFalse();
		}
		assertThat(queue(context).depth()).isZero();

		PageViewService pageViews = context.getBean(PageViewService.class);
		String first = written.keySet().iterator().next();
		assertThat(pageViews.find(first)).isEqualTo(new PageViews(first, written.get(first)));
		pageViews.record(first, 999);
		await().atMost(FLUSHED)
			.untilAsserted(() -> assertThat(PageViewRows.find(jdbc, first)).isEqualTo(new PageViews(first, 999)));
	}

	private ConfigurableApplicationContext start(String... overrides) {
		Map<String, Object> properties = new LinkedHashMap<>(redis());
		TestDatabase.POSTGRES.register((name, value) -> properties.put(name, value.get()));
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", this.keyPrefix);
		// The application's annotations name these caches too.
		properties.put("write-through.caches.audit.strategy", "write-around");
		for (String cache : List.of(CACHE, "bounded-views", "blocking-views")) {
			properties.put("write-through.caches." + cache + ".strategy", "write-behind");
			properties.put("write-through.caches." + cache + ".write-behind.writer", "pageViewWriter");
			properties.put("write-through.caches." + cache + ".write-behind.flush-interval", "50ms");
		}
		for (String override : overrides) {
			int equals = override.indexOf('=');
			properties.put(override.substring(0, equals), override.substring(equals + 1));
		}
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(StrategyApplication.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

	private StringRedisTemplate redisTemplate() {
		return this.redisTemplate;
	}

	@BeforeEach
	void connect() {
		Map<String, Object> redis = redis();
		Object nodes = redis.get("spring.data.redis.cluster.nodes");
		this.connectionFactory = (nodes != null)
				? new LettuceConnectionFactory(new RedisClusterConfiguration(List.of(nodes.toString().split(","))))
				: new LettuceConnectionFactory(LettuceConnectionFactory
					.createRedisConfiguration(redis.get("spring.data.redis.url").toString()));
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.redisTemplate = new StringRedisTemplate(this.connectionFactory);
	}

	@AfterEach
	void disconnect() {
		this.connectionFactory.destroy();
	}

	private static WriteBehindQueue queue(ConfigurableApplicationContext context) {
		return context.getBean(WriteBehindQueues.class).get(CACHE);
	}

	private static boolean exists(StringRedisTemplate redis, byte[] key) {
		return Boolean.TRUE
			.equals(redis.execute((RedisCallback<Boolean>) (connection) -> connection.keyCommands().exists(key)));
	}

	private static Set<Thread> flushers() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("write-behind-" + CACHE))
			.collect(Collectors.toSet());
	}

	private static boolean pausesForItsInterval(Thread flusher) {
		return Arrays.stream(flusher.getStackTrace())
			.anyMatch((frame) -> frame.getClassName().endsWith("WriteBehindFlusher")
					&& frame.getMethodName().equals("pause"));
	}

	private String page(int i) {
		return this.run + "-page-" + i;
	}

}
