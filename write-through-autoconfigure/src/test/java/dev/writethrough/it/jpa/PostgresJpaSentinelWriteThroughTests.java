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

package dev.writethrough.it.jpa;

import dev.writethrough.it.AbstractWriteThroughTests;
import dev.writethrough.it.support.RedisSentinelNodes;
import dev.writethrough.it.support.RedisTopologies;
import dev.writethrough.it.support.TestDatabase;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.RedisServer;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The write path on a Redis master and replica behind 3 sentinels.
 */
@ContextConfiguration(classes = JpaStyle.class)
class PostgresJpaSentinelWriteThroughTests extends AbstractWriteThroughTests {

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		RedisTopologies.sentinel().register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void theApplicationFindsItsMasterThroughTheSentinels() throws Exception {
		try (RedisSentinelConnection connection = this.redis.getSentinelConnection()) {
			assertThat(connection.masters()).extracting(RedisServer::getName)
				.containsExactly(RedisSentinelNodes.MASTER_NAME);
		}
		try (RedisConnection connection = this.redis.getConnection()) {
			assertThat(connection.serverCommands().info("replication").getProperty("role")).isEqualTo("master");
		}
	}

}
