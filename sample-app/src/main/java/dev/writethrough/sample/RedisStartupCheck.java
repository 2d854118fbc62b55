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

package dev.writethrough.sample;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Says at start-up, once, whether Redis answers, and how to start it if it does not. The
 * application serves from the database either way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RedisStartupCheck implements ApplicationRunner {

	private static final Log logger = LogFactory.getLog(RedisStartupCheck.class);

	private final RedisConnectionFactory connectionFactory;

	private final DataRedisConnectionDetails connectionDetails;

	RedisStartupCheck(RedisConnectionFactory connectionFactory, DataRedisConnectionDetails connectionDetails) {
		this.connectionFactory = connectionFactory;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public void run(ApplicationArguments args) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.ping();
			logger.info("Redis answers: reads are served from the cache");
		}
		catch (RuntimeException ex) {
			logger.warn("Redis does not answer at " + describe() + " (" + ex.getMessage() + "). The application"
					+ " serves every read from the database until it does. Start Redis with 'redis-server"
					+ " --daemonize yes' (or 'docker run -d -p 6379:6379 redis:7'), or point spring.data.redis.host"
					+ " and spring.data.redis.port at yours");
		}
	}

	private String describe() {
		DataRedisConnectionDetails.Standalone standalone = this.connectionDetails.getStandalone();
		return (standalone != null) ? standalone.getHost() + ":" + standalone.getPort() : "the configured address";
	}

}
