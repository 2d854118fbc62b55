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

package dev.writethrough.torture;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The SQL of the torture test, shared by both implementations.
 */
public class TortureRows {

	private final JdbcClient jdbc;

	public TortureRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long id) {
		this.jdbc.sql("insert into torture_item (id, version, writer) values (?, 0, 'seed')").param(id).update();
	}

	TortureItem update(long id, String writer) {
		return this.jdbc
			.sql("update torture_item set version = version + 1, writer = ? where id = ?"
					+ " returning id, version, writer")
			.params(writer, id)
			.query(TortureItem.class)
			.single();
	}

	/** Reads a row with SQL, no cache involved. */
	Optional<TortureItem> find(long id) {
		return this.jdbc.sql("select id, version, writer from torture_item where id = ?")
			.param(id)
			.query(TortureItem.class)
			.optional();
	}

}
