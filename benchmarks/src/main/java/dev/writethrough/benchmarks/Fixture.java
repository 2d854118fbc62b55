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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens one library on one database with the rows of one value size, on a Redis database
 * of its own that starts empty, so no library reads another's keys.
 */
public final class Fixture {

	static final int REDIS_DATABASE_HAND_WRITTEN = 11;

	static final int REDIS_DATABASE_OURS = 12;

	static final int REDIS_DATABASE_OURS_NO_AWAIT = 15;

	static final int REDIS_DATABASE_SPRING = 13;

	static final int REDIS_DATABASE_REDISSON = 14;

	/** Every library's JDBC pool, the size Spring Boot gives Hikari by default. */
	static final int POOL_SIZE = 10;

	private Fixture() {
	}

	/**
	 * Opens a library.
	 * @param library the library
	 * @param database the database
	 * @param size the value size whose rows to use
	 * @return the store, to close after use
	 */
	public static ProductStore open(Library library, BenchDatabase database, ValueSize size) {
		Services.requireReachable();
		try (HikariDataSource seeding = dataSource(database)) {
			new ProductRows(new JdbcTemplate(seeding)).seed(size);
		}
		flush(redisDatabase(library));
		return switch (library) {
			case HAND_WRITTEN -> new HandWrittenStore(database);
			case OURS, OURS_NO_AWAIT ->
				new SpringStore(start(BenchApplications.WriteThroughApplication.class, library, database));
			case SPRING -> new SpringStore(start(BenchApplications.SpringCacheApplication.class, library, database));
			case REDISSON -> new SpringStore(start(BenchApplications.RedissonApplication.class, library, database));
			case NO_CACHE -> new SpringStore(start(BenchApplications.UncachedApplication.class, library, database));
		};
	}

	static HikariDataSource dataSource(BenchDatabase database) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(database.url());
		dataSource.setUsername(database.user());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(POOL_SIZE);
		return dataSource;
	}

	private static int redisDatabase(Library library) {
		return switch (library) {
			case HAND_WRITTEN, NO_CACHE -> REDIS_DATABASE_HAND_WRITTEN;
			case OURS -> REDIS_DATABASE_OURS;
			case OURS_NO_AWAIT -> REDIS_DATABASE_OURS_NO_AWAIT;
			case SPRING -> REDIS_DATABASE_SPRING;
			case REDISSON -> REDIS_DATABASE_REDISSON;
		};
	}

	private static void flush(int database) {
		RedisClient client = RedisClient
			.create(RedisURI.Builder.redis(Services.redisHost(), Services.redisPort()).withDatabase(database).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			connection.sync().flushdb();
		}
		finally {
			client.shutdown();
		}
	}

	private static ConfigurableApplicationContext start(Class<?> application, Library library, BenchDatabase database) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("spring.datasource.url", database.url());
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.datasource.hikari.maximum-pool-size", POOL_SIZE);
		properties.put("spring.sql.init.mode", "never");
		properties.put("spring.data.redis.host", Services.redisHost());
		properties.put("spring.data.redis.port", Services.redisPort());
		properties.put("spring.data.redis.database", redisDatabase(library));
		properties.put("spring.data.redis.timeout", "2s");
		properties.put("write-through.enabled", library == Library.OURS || library == Library.OURS_NO_AWAIT);
		properties.put("write-through.await-cache-update", library != Library.OURS_NO_AWAIT);
		properties.put("write-through.key-prefix", "bench-wt:");
		properties.put("write-through.caches." + ProductRepository.CACHE + ".ttl", BenchApplications.TTL.toString());
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(properties)
			.run();
	}

	/**
	 * A library started in a Spring context.
	 */
	private static final class SpringStore implements ProductStore {

		private final ConfigurableApplicationContext context;

		private final ProductRepository repository;

		private final Cache cache;

		SpringStore(ConfigurableApplicationContext context) {
			this.context = context;
			this.repository = context.getBean(ProductRepository.class);
			CacheManager cacheManager = context.getBeanProvider(CacheManager.class).getIfAvailable();
			this.cache = (cacheManager != null) ? cacheManager.getCache(ProductRepository.CACHE) : null;
		}

		@Override
		public Product find(long id) {
			return this.repository.find(id);
		}

		@Override
		public Product save(Product product) {
			return this.repository.save(product);
		}

		@Override
		public List<Product> saveAll(List<Product> products) {
			return this.repository.saveAll(products);
		}

		@Override
		public void evictFromCache(long id) {
			if (this.cache != null) {
				this.cache.evict(id);
			}
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

}
