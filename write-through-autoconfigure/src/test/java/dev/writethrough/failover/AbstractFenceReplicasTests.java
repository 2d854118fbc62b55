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

package dev.writethrough.failover;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.ProductOperations;
import dev.writethrough.it.ProductView;
import dev.writethrough.it.jpa.JpaStyle;
import dev.writethrough.it.support.RedisNode;
import dev.writethrough.it.support.TestDatabase;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code write-through.fence.replicas=1} in {@code fail} mode, run once per topology: a
 * write is cached when the master's replica acknowledges its fence, and refused before it
 * touches the database when the replica does not (frozen with SIGSTOP).
 */
@SpringBootTest(classes = JpaStyle.class,
		properties = { "write-through.key-prefix=wt-replicas-${random.uuid}:", "write-through.caches.products.ttl=1h",
				"write-through.fence.replicas=1", "write-through.fence.replica-timeout=100ms",
				"write-through.on-cache-unavailable=fail", "spring.jpa.hibernate.ddl-auto=create",
				"spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
public abstract class AbstractFenceReplicasTests {

	@Autowired
	private ProductOperations products;

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.POSTGRES.register(registry);
	}

	/**
	 * The replica of the master that serves a key.
	 * @param redisKey the key
	 * @return its replica
	 */
	protected abstract RedisNode replicaServing(byte[] redisKey);

	@Test
	void aWriteWhoseFenceTheReplicaAcknowledgesIsCached() {
		long id = this.products.create("lamp", 3);
		this.products.update(id, "desk", 5);
		assertThat(rawValue(id)).as("the value after the write").contains("\"name\":\"desk\"");
	}

	@Test
	void aWriteWhoseFenceNoReplicaAcknowledgesIsRefusedBeforeItTouchesTheDatabase() {
		long id = this.products.create("lamp", 3);
		RedisNode replica = replicaServing(cache().getKeys().entry(id));
		replica.freeze();
		try {
			assertThatExceptionOfType(CacheUnavailableException.class)
				.isThrownBy(() -> this.products.update(id, "desk", 5));
		}
		finally {
			replica.thaw();
		}
		assertThat(this.products.findInDatabase(id)).as("the row after the refused write")
			.isEqualTo(Optional.of(new ProductView(id, "lamp", 3)));
		this.products.update(id, "chair", 7);
		assertThat(this.products.find(id)).as("a read once the replica answers")
			.isEqualTo(Optional.of(new ProductView(id, "chair", 7)));
	}

	private WriteThroughCache cache() {
		return this.cacheManager.getCache(ProductOperations.CACHE);
	}

	private String rawValue(Object key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache().getKeys().entry(key));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

}
