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

package dev.writethrough.it.support;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outage tests rely on a killed and restarted server still holding its data, as a
 * real server that came back would: a stale key survives the outage.
 */
class RedisServerProcessTests {

	@Test
	void aKilledAndRestartedServerStillHoldsItsKeys() {
		try (RedisServerProcess server = RedisServerProcess.start()) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", server.port()));
			factory.afterPropertiesSet();
			factory.start();
			try {
				StringRedisTemplate redis = new StringRedisTemplate(factory);
				redis.opsForValue().set("stale", "lamp");
				server.kill();
				assertThat(TestRedis.answersPing("127.0.0.1", server.port())).as("answers after kill").isFalse();
				server.restart();
				assertThat(redis.opsForValue().get("stale")).isEqualTo("lamp");
			}
			finally {
				factory.destroy();
			}
		}
	}

}
