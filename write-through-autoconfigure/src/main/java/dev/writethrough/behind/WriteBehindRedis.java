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

package dev.writethrough.behind;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

import dev.writethrough.redis.RedisCircuitBreaker;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * The Redis operations of the write-behind queues: their scripts and stream commands, on
 * a {@link RedisTemplate} of bytes (whose script executor resends a script Redis no
 * longer knows), through the starter's circuit breaker.
 *
 * @author write-through
 */
final class WriteBehindRedis {

	private final RedisTemplate<byte[], byte[]> template;

	private final RedisCircuitBreaker circuitBreaker;

	WriteBehindRedis(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker) {
		RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
		template.setConnectionFactory(connectionFactory);
		template.setEnableDefaultSerializer(false);
		template.setKeySerializer(RedisSerializer.byteArray());
		template.setValueSerializer(RedisSerializer.byteArray());
		template.afterPropertiesSet();
		this.template = template;
		this.circuitBreaker = circuitBreaker;
	}

	<T> T eval(RedisScript<T> script, byte[][] keys, byte[]... arguments) {
		return this.circuitBreaker.call(() -> this.template.execute(script, Arrays.asList(keys), (Object[]) arguments));
	}

	<T> T execute(Function<RedisConnection, T> action) {
		return this.circuitBreaker.call(() -> this.template.execute((RedisCallback<T>) action::apply));
	}

	// Read once: a script made from a resource checks on every call whether the file
	// changed, a file system call in front of every round trip.
	static <T> RedisScript<T> script(String name, Class<T> resultType) {
		try {
			return RedisScript.of(
					new ClassPathResource(name, WriteBehindRedis.class).getContentAsString(StandardCharsets.UTF_8),
					resultType);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the script " + name, ex);
		}
	}

}
