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

package dev.writethrough.race;

import dev.writethrough.it.support.JdbcTestApplication;
import dev.writethrough.it.support.SpringRedisCaches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cache stampede across two application instances: 200 concurrent misses on one key,
 * 100 in each of two application contexts that share one Redis and one PostgreSQL,
 * counting how often the database is asked. The load takes 200 ms, so the misses overlap
 * it.
 */
class StampedeTests {

	private static final Log logger = LogFactory.getLog(StampedeTests.class);

	private static final int READERS = 200;

	@Test
	void writeThroughLeasesLoadOnceAcrossTwoInstancesWithSync() throws Exception {
		int loads = stampede(WriteThroughApplication.class, StampedeRepository::findSynchronized);
		assertThat(loads).as("database loads for %d misses on two instances", READERS).isEqualTo(1);
	}

	@Test
	void writeThroughLeasesLoadOnceAcrossTwoInstancesWithoutSync() throws Exception {
		int loads = stampede(WriteThroughApplication.class, StampedeRepository::find);
		assertThat(loads).as("database loads for %d misses on two instances", READERS).isEqualTo(1);
	}

	@Test
	void springSyncOnBootsDefaultCacheWriterDoesNotProtect() throws Exception {
		// Spring Data Redis 4.1's RedisCache hands sync = true to its cache writer, which
		// only serializes loads when it is a locking writer; Boot builds a non-locking
		// one.
		int loads = stampede(SpringCacheApplication.class, StampedeRepository::findSynchronized);
		assertThat(loads).as("database loads for %d misses on two instances", READERS).isGreaterThan(2);
	}

	@Test
	void springSyncOnALockingCacheWriterLoadsOnce() throws Exception {
		int loads = stampede(SpringCacheApplication.class, StampedeRepository::findSynchronized,
				Map.of("stampede.locking-cache-writer", "true"));
		assertThat(loads).as("database loads for %d misses on two instances", READERS).isEqualTo(1);
	}

	@Test
	void withoutProtectionMostConcurrentMissesLoad() throws Exception {
		int loads = stampede(SpringCacheApplication.class, StampedeRepository::find);
		assertThat(loads).as("database loads for %d misses on two instances", READERS).isGreaterThan(2);
	}

	private int stampede(Class<?> application, BiFunction<StampedeRepository, Long, Optional<RaceProduct>> read)
			throws Exception {
		return stampede(application, read, Map.of());
	}

	private int stampede(Class<?> application, BiFunction<StampedeRepository, Long, Optional<RaceProduct>> read,
			Map<String, String> extraProperties) throws Exception {
		AtomicInteger loads = new AtomicInteger();
		Map<String, Object> properties = properties();
		properties.putAll(extraProperties);
		properties.put("write-through.enabled", application == WriteThroughApplication.class);
		try (ConfigurableApplicationContext first = start(application, properties, loads);
				ConfigurableApplicationContext second = start(application, properties, loads)) {
			long id = first.getBean(JdbcClient.class)
				.sql("insert into race_product (name) values ('stampede') returning id")
				.query(Long.class)
				.single();
			List<StampedeRepository> instances = List.of(first.getBean(StampedeRepository.class),
					second.getBean(StampedeRepository.class));
			ExecutorService threads = Executors.newFixedThreadPool(READERS);
			try {
				CountDownLatch ready = new CountDownLatch(READERS);
				CountDownLatch go = new CountDownLatch(1);
				List<Future<Optional<RaceProduct>>> reads = new ArrayList<>();
				for (int i = 0; i < READERS; i++) {
					StampedeRepository instance = instances.get(i % 2);
					reads.add(threads.submit(() -> {
						ready.countDown();
						go.await();
						return read.apply(instance, id);
					}));
				}
				assertThat(ready.await(30, TimeUnit.SECONDS)).as("all readers ready").isTrue();
				go.countDown();
				for (Future<Optional<RaceProduct>> result : reads) {
					assertThat(result.get(60, TimeUnit.SECONDS)).as("what a reader read")
						.hasValue(new RaceProduct(id, "stampede", 0L));
				}
			}
			finally {
				threads.shutdownNow();
			}
			logger.info(application.getSimpleName() + " " + extraProperties + ": " + loads.get()
					+ " database loads for " + READERS + " concurrent misses on two instances");
			return loads.get();
		}
	}

	private static Map<String, Object> properties() {
		Map<String, Object> properties = new HashMap<>();
		TestRedis.register((name, value) -> properties.put(name, value.get()));
		TestDatabase.POSTGRES.register((name, value) -> properties.put(name, value.get()));
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:race-schema-postgresql.sql");
		String prefix = "stampede-" + UUID.randomUUID() + ":";
		properties.put("write-through.key-prefix", prefix);
		// Generous for a 2-core CI machine running 200 threads: the point is who loads,
		// not how fast.
		properties.put("write-through.leases.wait", "5s");
		properties.put("write-through.leases.ttl", "10s");
		properties.put("stampede.key-prefix", prefix);
		return properties;
	}

	private static ConfigurableApplicationContext start(Class<?> application, Map<String, Object> properties,
			AtomicInteger loads) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties(properties)
			.initializers((context) -> context.getBeanFactory().registerSingleton("stampedeLoads", loads))
			.run();
	}

	@JdbcTestApplication
	@EnableCaching
	static class WriteThroughApplication {

		@Bean
		StampedeRepository stampedeRepository(JdbcClient jdbc, AtomicInteger stampedeLoads) {
			return new StampedeRepository(jdbc, stampedeLoads);
		}

	}

	@JdbcTestApplication
	@EnableCaching
	static class SpringCacheApplication {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory, Environment environment) {
			RedisCacheWriter writer = environment.getProperty("stampede.locking-cache-writer", Boolean.class, false)
					? RedisCacheWriter.lockingRedisCacheWriter(connectionFactory)
					: RedisCacheWriter.nonLockingRedisCacheWriter(connectionFactory);
			return SpringRedisCaches.transactionAware(writer, environment.getRequiredProperty("stampede.key-prefix"),
					RaceProduct.class, Duration.ofMinutes(10));
		}

		@Bean
		StampedeRepository stampedeRepository(JdbcClient jdbc, AtomicInteger stampedeLoads) {
			return new StampedeRepository(jdbc, stampedeLoads);
		}

	}

}
