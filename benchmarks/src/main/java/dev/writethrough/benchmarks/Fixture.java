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
	 * Opens a library over loopback, with Boot's default pool, on the rows of a value
	 * size.
	 * @param library the library
	 * @param database the database
	 * @param size the value size whose rows to use
	 * @return the store, to close after use
	 */
	public static ProductStore open(Library library, BenchDatabase database, ValueSize size) {
		return open(library, database, NetworkProfile.LOOPBACK, POOL_SIZE, size.firstId(), ProductRows.KEYS,
				size.payload());
	}

	/**
	 * Opens a library in a profile: in the network profile its Redis and database
	 * connections go through latency proxies that close with the store. Seeding and
	 * flushing go straight to the servers.
	 * @param library the library
	 * @param database the database
	 * @param profile loopback or network
	 * @param poolSize the JDBC pool's size
	 * @param firstId the first id of the rows to use
	 * @param rows how many rows
	 * @param payload their payload
	 * @return the store, to close after use
	 */
	static ProductStore open(Library library, BenchDatabase database, NetworkProfile profile, int poolSize,
			long firstId, int rows, String payload) {
		Services.requireReachable();
		try (HikariDataSource seeding = dataSource(database.url(), database, POOL_SIZE)) {
			new ProductRows(new JdbcTemplate(seeding)).seed(firstId, rows, payload);
		}
		flush(redisDatabase(library));
		NetworkProfile.Routes routes = profile.open(NetworkProfile.latency());
		try {
			ProductStore store = switch (library) {
				case HAND_WRITTEN -> new HandWrittenStore(database, routes, poolSize);
				case OURS, OURS_NO_AWAIT -> new SpringStore(
						start(BenchApplications.WriteThroughApplication.class, library, database, routes, poolSize));
				case SPRING -> new SpringStore(
						start(BenchApplications.SpringCacheApplication.class, library, database, routes, poolSize));
				case REDISSON -> new SpringStore(
						start(BenchApplications.RedissonApplication.class, library, database, routes, poolSize));
				case NO_CACHE -> new SpringStore(
						start(BenchApplications.UncachedApplication.class, library, database, routes, poolSize));
			};
			return new RoutedStore(store, routes);
		}
		catch (RuntimeException ex) {
			routes.close();
			throw ex;
		}
	}

	static HikariDataSource dataSource(BenchDatabase database) {
		return dataSource(database.url(), database, POOL_SIZE);
	}

	static HikariDataSource dataSource(String url, BenchDatabase database, int poolSize) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl(url);
		dataSource.setUsername(database.user());
		dataSource.setPassword(database.password());
		dataSource.setMaximumPoolSize(poolSize);
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

	private static ConfigurableApplicationContext start(Class<?> application, Library library, BenchDatabase database,
			NetworkProfile.Routes routes, int poolSize) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("logging.level.root", "WARN");
		properties.put("spring.datasource.url", routes.jdbcUrl(database));
		properties.put("spring.datasource.username", database.user());
		properties.put("spring.datasource.password", database.password());
		properties.put("spring.datasource.hikari.maximum-pool-size", poolSize);
		properties.put("spring.sql.init.mode", "never");
		properties.put("spring.data.redis.host", routes.redisHost());
		properties.put("spring.data.redis.port", routes.redisPort());
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
	 * A store and the proxies its connections go through, closed together.
	 */
	private record RoutedStore(ProductStore store, NetworkProfile.Routes routes) implements ProductStore {

		@Override
		public Product find(long id) {
			return this.store.find(id);
		}

		@Override
		public Product save(Product product) {
			return this.store.save(product);
		}

		@Override
		public List<Product> saveAll(List<Product> products) {
			return this.store.saveAll(products);
		}

		@Override
		public void evictFromCache(long id) {
			this.store.evictFromCache(id);
		}

		@Override
		public void close() {
			try {
				this.store.close();
			}
			finally {
				this.routes.close();
			}
		}

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
