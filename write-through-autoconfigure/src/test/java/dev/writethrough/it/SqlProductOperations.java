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

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The SQL side of {@link ProductOperations}: reads and writes the table directly, so the
 * suites can see the database without any cache.
 */
public abstract class SqlProductOperations implements ProductOperations {

	private final JdbcClient jdbc;

	private final String table;

	protected SqlProductOperations(JdbcClient jdbc, String table) {
		this.jdbc = jdbc;
		this.table = table;
	}

	@Override
	public Optional<ProductView> findInDatabase(long id) {
		return this.jdbc.sql("select id, name, stock from " + this.table + " where id = ?")
			.param(id)
			.query((rs, row) -> new ProductView(rs.getLong("id"), rs.getString("name"), rs.getInt("stock")))
			.optional();
	}

	@Override
	public long insertInDatabase(String name, int stock) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("insert into " + this.table + " (name, stock) values (?, ?)")
			.params(name, stock)
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	@Override
	public long countInDatabase() {
		return this.jdbc.sql("select count(*) from " + this.table).query(Long.class).single();
	}

}
