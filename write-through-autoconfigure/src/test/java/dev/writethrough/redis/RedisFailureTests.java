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

package dev.writethrough.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How failures the Redis client raises are named, as Spring Data Redis wraps them.
 */
class RedisFailureTests {

	@Test
	void aScriptRedisDoesNotKnowIsNamedWithWhatToDo() {
		RedisFailure failure = RedisFailure.of(new RedisSystemException("Error in execution",
				new RedisCommandExecutionException("NOSCRIPT No matching script. Please use EVAL.")));
		assertThat(failure.kind()).isEqualTo(RedisFailure.Kind.NO_SCRIPT);
		assertThat(failure.isRefusal()).isTrue();
		assertThat(failure.describe()).contains("EVAL/EVALSHA").contains("NOSCRIPT");
	}

	@Test
	void aTimeoutIsNotCalledUnreachable() {
		RedisFailure failure = RedisFailure.of(new org.springframework.dao.QueryTimeoutException(
				"Redis command timed out", new RedisCommandTimeoutException("Command timed out after 1 second(s)")));
		assertThat(failure.kind()).isEqualTo(RedisFailure.Kind.TIMED_OUT);
		assertThat(failure.describe()).contains("did not answer in time").contains("spring.data.redis.timeout");
	}

	@Test
	void aRefusedConnectionIsUnreachable() {
		RedisFailure failure = RedisFailure.of(new RedisConnectionFailureException("Unable to connect to Redis",
				new RedisConnectionException("Unable to connect to 127.0.0.1:1")));
		assertThat(failure.kind()).isEqualTo(RedisFailure.Kind.UNREACHABLE);
		assertThat(failure.label()).isEqualTo("unreachable");
	}

	@Test
	void aValueTheStarterCannotWriteDoesNotBlameRedis() {
		RedisFailure failure = RedisFailure.of(new SerializationException("Cannot serialize Lamp"));
		assertThat(failure.isRedis()).isFalse();
		assertThat(failure.describe()).isEqualTo("Cannot serialize Lamp");
	}

}
