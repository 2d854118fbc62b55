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

package dev.writethrough.tx;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.EntryExpiry;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.redis.PersistentStateMapper;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.SerializationAllowList;
import io.lettuce.core.ClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The pending-invalidation log against a real {@code redis-server} that the test kills
 * and restarts: keys whose eviction failed are evicted once Redis answers, and a log that
 * overflows clears the whole cache instead of forgetting a key.
 */
class PendingInvalidationsTests {

	private RedisServerProcess server;

	private LettuceConnectionFactory connectionFactory;

	private RetriedInvalidations pending;

	private WriteThroughCache cache;

	private WriteThroughCache otherCache;

	@BeforeEach
	void startRedis() {
		this.server = RedisServerProcess.start();
		LettuceClientConfiguration client = LettuceClientConfiguration.builder()
			.commandTimeout(Duration.ofSeconds(1))
			.clientOptions(ClientOptions.builder()
				.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
				.build())
			.build();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.server.port()), client);
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.pending = new RetriedInvalidations(2, Duration.ofMillis(20), Duration.ofMillis(200));
		RedisCacheStore store = RedisCacheStore.create(this.connectionFactory);
		RedisSerializer<Object> serializer = PersistentStateMapper.serializer(JsonMapper.builder().build(),
				new SerializationAllowList());
		UnsettledWrites writes = new UnsettledWrites(new TransactionBoundCacheWrites(
				new StaticListableBeanFactory().getBeanProvider(PlatformTransactionManager.class), this.pending,
				OnCacheUnavailable.PROCEED, WriteListener.NONE, null, null), this.pending);
		WriteThroughCache.Settings settings = new WriteThroughCache.Settings("wt:", WriteStrategy.WRITE_THROUGH,
				new EntryExpiry(Duration.ofMinutes(5), 0, Duration.ofMinutes(2), Duration.ofSeconds(2)), true,
				Duration.ofMillis(300), 1024 * 1024);
		this.cache = new WriteThroughCache("products", settings, store, serializer, writes);
		this.otherCache = new WriteThroughCache("orders", settings, store, serializer, writes);
	}

	@AfterEach
	void stopRedis() {
		this.pending.destroy();
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void anEvictionThatFailedIsRetriedUntilRedisAnswers() {
		this.cache.put(1L, "stale");
		this.server.kill();
		this.cache.evict(1L);
		assertThat(this.pending.size()).isEqualTo(1);
		assertThat(this.pending.isPending("products", 1L)).isTrue();
		assertThat(this.cache.get(1L)).as("a read of a pending key").isNull();
		this.server.restart();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.pending.size() == 0);
		assertThat(raw("wt:{products:1}")).isNull();
	}

	@Test
	void aFullLogClearsTheWholeCacheOnceRedisAnswersAndLeavesOtherCachesAlone() {
		this.cache.put(1L, "stale");
		this.cache.put(2L, "stale");
		this.cache.put(3L, "stale");
		this.otherCache.put(1L, "kept");
		this.server.kill();
		this.cache.evict(1L);
		this.cache.evict(2L);
		this.cache.evict(3L);
		assertThat(this.pending.size()).as("entries after overflow: one whole-cache clear").isEqualTo(1);
		assertThat(this.pending.isPending("products", 42L)).as("any key of the overflowing cache").isTrue();
		assertThat(this.pending.isPending("orders", 1L)).isFalse();
		this.server.restart();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.pending.size() == 0);
		assertThat(raw("wt:{products:1}")).isNull();
		assertThat(raw("wt:{products:2}")).isNull();
		assertThat(raw("wt:{products:3}")).isNull();
		assertThat(raw("wt:{orders:1}")).as("the other cache's entry").isNotNull();
	}

	private String raw(String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			byte[] value = connection.stringCommands().get(key.getBytes(StandardCharsets.UTF_8));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

}
