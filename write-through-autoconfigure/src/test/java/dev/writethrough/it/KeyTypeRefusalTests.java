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

import java.util.UUID;

import dev.writethrough.WriteThrough;
import dev.writethrough.it.support.JdbcTestApplication;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * A key whose type is only known at run time and has no {@code toString()} of its own:
 * the first write is refused before the commit, with a message naming the method, instead
 * of committing and leaving an eviction that can never be sent. On PostgreSQL.
 *
 * @author write-through
 */
@SpringBootTest(classes = KeyTypeRefusalTests.Application.class,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-keytype-${random.uuid}:" })
class KeyTypeRefusalTests {

	@Autowired
	private Pages pages;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private PendingInvalidations pendingInvalidations;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void aKeyWithoutAToStringOfItsOwnRefusesTheWriteBeforeTheCommit() {
		String page = "opaque-" + UUID.randomUUID();

		assertThatIllegalStateException().isThrownBy(() -> this.pages.save(new OpaqueKey(), page))
			.withMessageContaining(
					"@WriteThrough on " + Pages.class.getName() + ".save(Object, String) refused the write")
			.withMessageContaining("has no toString() of its own")
			.withMessageContaining("Nothing was written; the transaction is rolled back");

		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM page_views WHERE page = ?").param(page).query(Long.class).single())
			.as("the row of the refused write")
			.isZero();
		assertThat(this.pendingInvalidations.size()).as("evictions left waiting").isZero();
	}

	@Test
	void aKeyWithItsOwnToStringIsWritten() {
		String page = "named-" + UUID.randomUUID();

		this.pages.save(page, page);

		assertThat(
				this.jdbc.sql("SELECT COUNT(*) FROM page_views WHERE page = ?").param(page).query(Long.class).single())
			.isOne();
	}

	static final class OpaqueKey {

	}

	/**
	 * Writes a page row under a key of any type.
	 */
	public static class Pages {

		private final JdbcClient jdbc;

		Pages(JdbcClient jdbc) {
			this.jdbc = jdbc;
		}

		@WriteThrough(cache = "pages", key = "#key", value = "#page")
		public void save(Object key, String page) {
			this.jdbc.sql("INSERT INTO page_views (page, views) VALUES (?, 1)").param(page).update();
		}

	}

	@JdbcTestApplication
	@EnableCaching
	static class Application {

		@Bean
		Pages pages(JdbcClient jdbc) {
			return new Pages(jdbc);
		}

	}

}
