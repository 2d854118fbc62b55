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

import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;
import java.util.function.Consumer;

import dev.writethrough.PendingWrites;
import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.it.support.RedisServerProcess;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A write-through cache over a {@code redis-server} of a test's own, built as this
 * package's specification tests build it: JSON values, leases on, entries for 5 minutes,
 * writers' markers for 2.
 */
final class OwnRedisCaches {

	private OwnRedisCaches() {
	}

	/**
	 * A started connection factory to the server.
	 * @param server the server
	 * @param beforeStart what to do with the factory before it connects, such as adding a
	 * command listener to its client
	 * @return the factory, to destroy after the test
	 */
	static LettuceConnectionFactory connectionFactory(RedisServerProcess server,
			Consumer<LettuceConnectionFactory> beforeStart) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", server.port()));
		factory.afterPropertiesSet();
		beforeStart.accept(factory);
		factory.start();
		return factory;
	}

	/**
	 * A cache over the store.
	 * @param name the cache name
	 * @param store the store
	 * @param leaseTtl how long a read lease lives
	 * @param leaseWait how long a reader waits for another reader's fill
	 * @param writes the bypass rule and the pending log
	 * @return the cache
	 */
	static WriteThroughCache cache(String name, RedisCacheStore store, Duration leaseTtl, Duration leaseWait,
			PendingWrites writes) {
		return new WriteThroughCache(name,
				new WriteThroughCache.Settings("wt:", WriteStrategy.WRITE_THROUGH,
						new EntryExpiry(Duration.ofMinutes(5), 0, Duration.ofMinutes(2), leaseTtl), true, leaseWait,
						1024 * 1024),
				store, new JsonValueSerializer(JsonMapper.builder().build(), new SerializationAllowList()), writes);
	}

	/**
	 * Pending writes made of two functions.
	 * @param mustBypass whether a read of a key bypasses the cache
	 * @param evictionFailed what is done with an eviction Redis did not take
	 * @return the pending writes
	 */
	static PendingWrites pendingWrites(BiPredicate<String, Object> mustBypass,
			BiConsumer<WriteThroughCache, @Nullable Object> evictionFailed) {
		return new PendingWrites() {

			@Override
			public boolean mustBypass(String cacheName, Object key) {
				return mustBypass.test(cacheName, key);
			}

			@Override
			public void evictionFailed(WriteThroughCache cache, @Nullable Object key) {
				evictionFailed.accept(cache, key);
			}

		};
	}

}
