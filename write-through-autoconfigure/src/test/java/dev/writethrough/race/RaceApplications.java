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

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
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
	@JdbcTestApplication
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
	@JdbcTestApplication
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
	@JdbcTestApplication
	@EnableCaching
	static class SpringCacheApplication {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory) {
			// Spring Data Redis 4 sends puts asynchronously by default; immediate writes
			// make each put finish before its writer thread returns, so the scenarios
			// decide the order of the puts, not the event loop.
			RedisCacheWriter writer = RedisCacheWriter.create(connectionFactory,
					(writerConfiguration) -> writerConfiguration.immediateWrites());
			return SpringRedisCaches.transactionAware(writer, "spring-race-" + System.nanoTime() + ":",
					RaceProduct.class, Duration.ofMinutes(10));
		}

		@Bean
		SpringCacheRaceRepository raceRepository(JdbcClient jdbc) {
			return new SpringCacheRaceRepository(jdbc);
		}

	}

}
