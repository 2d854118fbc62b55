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

package dev.writethrough.torture;

import dev.writethrough.it.support.JdbcTestApplication;
import dev.writethrough.it.support.SpringRedisCaches;
import java.time.Duration;

import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.cache.interceptor.LoggingCacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The applications the torture test runs, two instances of one of them at a time.
 */
public final class TortureApplications {

	private TortureApplications() {
	}

	/**
	 * The starter.
	 */
	@JdbcTestApplication
	@EnableCaching
	public static class WriteThroughApplication {

		@Bean
		TortureRows tortureRows(JdbcClient jdbc) {
			return new TortureRows(jdbc);
		}

		@Bean
		WriteThroughTortureRepository tortureRepository(TortureRows rows) {
			return new WriteThroughTortureRepository(rows);
		}

	}

	/**
	 * The starter, with the row's version on every write.
	 */
	@JdbcTestApplication
	@EnableCaching
	public static class VersionedWriteThroughApplication {

		@Bean
		TortureRows tortureRows(JdbcClient jdbc) {
			return new TortureRows(jdbc);
		}

		@Bean
		VersionedWriteThroughTortureRepository tortureRepository(TortureRows rows) {
			return new VersionedWriteThroughTortureRepository(rows);
		}

	}

	/**
	 * Spring's transaction-aware {@link RedisCacheManager} as Boot users configure it,
	 * with a logging error handler so that reads fall back to the database while Redis is
	 * down, as the starter's do.
	 */
	@JdbcTestApplication
	@EnableCaching
	public static class SpringCacheApplication implements CachingConfigurer {

		@Bean
		CacheManager cacheManager(RedisConnectionFactory connectionFactory, Environment environment) {
			return SpringRedisCaches.transactionAware(RedisCacheWriter.nonLockingRedisCacheWriter(connectionFactory),
					environment.getRequiredProperty("write-through.key-prefix"), TortureItem.class,
					Duration.ofHours(1));
		}

		@Override
		public CacheErrorHandler errorHandler() {
			return new LoggingCacheErrorHandler();
		}

		@Bean
		TortureRows tortureRows(JdbcClient jdbc) {
			return new TortureRows(jdbc);
		}

		@Bean
		SpringCacheTortureRepository tortureRepository(TortureRows rows) {
			return new SpringCacheTortureRepository(rows);
		}

	}

}
