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

import java.time.Duration;
import java.util.Map;

import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.codec.TypedJsonJackson3Codec;
import org.redisson.config.Config;
import org.redisson.spring.cache.CacheConfig;
import org.redisson.spring.cache.RedissonSpringCacheManager;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One Spring Boot application per library, each started in its own context (and, under
 * JMH, its own JVM) with Boot's auto-configured Hikari pool and Lettuce connection.
 */
final class BenchApplications {

	static final Duration TTL = Duration.ofHours(1);

	private BenchApplications() {
	}

	/**
	 * The starter: its auto-configured cache manager, {@code @WriteThrough} writes.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class WriteThroughApplication {

		@Bean
		WriteThroughProductRepository productRepository(JdbcTemplate jdbc) {
			return new WriteThroughProductRepository(jdbc);
		}

	}

	/**
	 * Spring's {@link RedisCacheManager}, transaction-aware, with immediate writes:
	 * Spring Data Redis 4 sends puts asynchronously by default, which would let a write
	 * return before its {@code SET} reached Redis, unlike every other library here.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class SpringCacheApplication {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory) {
			RedisCacheWriter writer = RedisCacheWriter.create(connectionFactory,
					(configuration) -> configuration.immediateWrites());
			RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
				.entryTtl(TTL)
				.prefixCacheNameWith("bench-spring:")
				.serializeValuesWith(RedisSerializationContext.SerializationPair
					.fromSerializer(new JacksonJsonRedisSerializer<>(Product.class)));
			return RedisCacheManager.builder(writer).cacheDefaults(configuration).transactionAware().build();
		}

		@Bean
		SpringCacheProductRepository productRepository(JdbcTemplate jdbc, CacheManager cacheManager) {
			return new SpringCacheProductRepository(jdbc, cacheManager);
		}

	}

	/**
	 * Redisson's {@link RedissonSpringCacheManager}, transaction-aware, values as JSON
	 * with Jackson 3 like the others; entries live in a Redis hash per cache, with a TTL
	 * per entry.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@EnableCaching
	static class RedissonApplication {

		@Bean(destroyMethod = "shutdown")
		RedissonClient redisson(@Value("${spring.data.redis.host}") String host,
				@Value("${spring.data.redis.port}") int port) {
			Config config = new Config();
			config.useSingleServer()
				.setAddress("redis://" + host + ":" + port)
				.setDatabase(Fixture.REDIS_DATABASE_REDISSON)
				.setConnectionMinimumIdleSize(2)
				.setConnectionPoolSize(10);
			return Redisson.create(config);
		}

		@Bean
		CacheManager cacheManager(RedissonClient redisson) {
			RedissonSpringCacheManager manager = new RedissonSpringCacheManager(redisson,
					Map.of(ProductRepository.CACHE, new CacheConfig(TTL.toMillis(), 0)),
					new TypedJsonJackson3Codec(Long.class, Product.class));
			manager.setTransactionAware(true);
			return manager;
		}

		@Bean
		SpringCacheProductRepository productRepository(JdbcTemplate jdbc, CacheManager cacheManager) {
			return new SpringCacheProductRepository(jdbc, cacheManager);
		}

	}

	/**
	 * No cache: the repository straight to the database.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class UncachedApplication {

		@Bean
		UncachedProductRepository productRepository(JdbcTemplate jdbc) {
			return new UncachedProductRepository(jdbc);
		}

	}

}
