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

package dev.writethrough.it;

import java.io.IOException;
import java.net.ServerSocket;

import dev.writethrough.CacheUnavailableException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * With {@code write-through.on-cache-unavailable=fail} and no Redis listening, a write is
 * refused before it touches the database; reads still serve from the database.
 */
@SpringBootTest(properties = { "write-through.on-cache-unavailable=fail", "write-through.caches.products.ttl=10m",
		"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=500ms",
		"spring.jpa.hibernate.ddl-auto=create", "spring.sql.init.mode=always", "spring.jpa.open-in-view=false" })
public abstract class AbstractFailModeTests {

	@Autowired
	private ProductOperations products;

	@Autowired
	@Qualifier("writethroughHealthIndicator")
	private HealthIndicator health;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		int closedPort = closedPort();
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> closedPort);
	}

	private static int closedPort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void aWriteIsRefusedBeforeItTouchesTheDatabase() {
		long rows = this.products.countInDatabase();
		assertThatExceptionOfType(CacheUnavailableException.class).isThrownBy(() -> this.products.create("lamp", 3))
			.withMessageContaining("cache 'products' is unavailable")
			.withMessageContaining("Redis is unreachable")
			.withMessageContaining("did not touch the database");
		assertThat(this.products.countInDatabase()).isEqualTo(rows);
	}

	@Test
	void readsStillServeFromTheDatabaseAndHealthIsDown() {
		long id = this.products.insertInDatabase("lamp", 3);
		assertThat(this.products.find(id)).hasValue(new ProductView(id, "lamp", 3));
		assertThat(this.health.health().getStatus()).isEqualTo(Status.DOWN);
	}

}
