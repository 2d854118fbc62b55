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

import java.time.Duration;

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
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The two applications the race scenarios run on.
 */
final class RaceApplications {

	private RaceApplications() {
	}

	/**
	 * The starter, with a short writer marker so a dead writer's key converges quickly.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
					"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
					"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration" })
	@EnableCaching
	static class WriteThroughApplication {

		@Bean
		WriteThroughRaceRepository raceRepository(JdbcClient jdbc) {
			return new WriteThroughRaceRepository(jdbc);
		}

	}

	/**
	 * The starter, with a version on every write.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
					"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
					"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration" })
	@EnableCaching
	static class VersionedWriteThroughApplication {

		@Bean
		VersionedWriteThroughRaceRepository raceRepository(JdbcClient jdbc) {
			return new VersionedWriteThroughRaceRepository(jdbc);
		}

	}

	/**
	 * Spring's transaction-aware {@link RedisCacheManager}, the starter switched off.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(
			excludeName = { "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
					"org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration",
					"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration" })
	@EnableCaching
	static class SpringCacheApplication {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory) {
			RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
				.entryTtl(Duration.ofMinutes(10))
				.prefixCacheNameWith("spring-race-" + System.nanoTime() + ":")
				.serializeValuesWith(RedisSerializationContext.SerializationPair
					.fromSerializer(new JacksonJsonRedisSerializer<>(RaceProduct.class)));
			// Spring Data Redis 4 sends puts asynchronously by default; immediate writes
			// make each put finish before its writer thread returns, so the scenarios
			// decide the order of the puts, not the event loop.
			RedisCacheWriter writer = RedisCacheWriter.create(connectionFactory,
					(writerConfiguration) -> writerConfiguration.immediateWrites());
			return RedisCacheManager.builder(writer).cacheDefaults(configuration).transactionAware().build();
		}

		@Bean
		SpringCacheRaceRepository raceRepository(JdbcClient jdbc) {
			return new SpringCacheRaceRepository(jdbc);
		}

	}

}
