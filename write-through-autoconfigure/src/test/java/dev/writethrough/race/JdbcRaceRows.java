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

package dev.writethrough.race;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The SQL of the race scenarios, shared by both implementations.
 */
class JdbcRaceRows {

	private final JdbcClient jdbc;

	JdbcRaceRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long insert(String name) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("insert into race_product (name) values (?)").param(name).update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	RaceProduct update(RaceProduct product) {
		// UPDATE ... RETURNING is PostgreSQL's; the row is read back in the same
		// transaction.
		this.jdbc.sql("update race_product set name = ?, version = version + 1 where id = ?")
			.params(product.name(), product.id())
			.update();
		return find(product.id()).orElseThrow();
	}

	Optional<RaceProduct> find(long id) {
		return this.jdbc.sql("select id, name, version from race_product where id = ?")
			.param(id)
			.query(RaceProduct.class)
			.optional();
	}

}
