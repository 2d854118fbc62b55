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

import java.time.Duration;

import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.serializer.JacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext;

/**
 * Spring's own transaction-aware {@link RedisCacheManager}, the peer the starter is
 * compared with, configured as a Boot user would.
 */
public final class SpringRedisCaches {

	private SpringRedisCaches() {
	}

	/**
	 * A transaction-aware cache manager storing JSON values of one type.
	 * @param writer the cache writer (locking or not, immediate or asynchronous writes)
	 * @param keyPrefix the prefix of every key
	 * @param valueType the type of the cached values
	 * @param ttl the entries' time to live
	 * @return the cache manager
	 */
	public static RedisCacheManager transactionAware(RedisCacheWriter writer, String keyPrefix, Class<?> valueType,
			Duration ttl) {
		RedisCacheConfiguration configuration = RedisCacheConfiguration.defaultCacheConfig()
			.entryTtl(ttl)
			.prefixCacheNameWith(keyPrefix)
			.serializeValuesWith(RedisSerializationContext.SerializationPair
				.fromSerializer(new JacksonJsonRedisSerializer<>(valueType)));
		return RedisCacheManager.builder(writer).cacheDefaults(configuration).transactionAware().build();
	}

}
