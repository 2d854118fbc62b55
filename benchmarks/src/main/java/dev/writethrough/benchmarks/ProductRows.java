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
package dev.writethrough.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * The SQL every library runs, so that they differ only in how they cache: one row read by
 * primary key, one row updated, or a batch of rows updated. Every statement is counted
 * ({@link DatabaseLoad}), so a workload can report how much work reaches the database.
 */
public final class ProductRows {

	/** How many rows (and cache keys) each value size has. */
	public static final int KEYS = 1000;

	private static final RowMapper<Product> MAPPER = (rs, row) -> new Product(rs.getLong(1), rs.getString(2),
			rs.getString(3));

	private final JdbcTemplate jdbc;

	/**
	 * Create a new instance.
	 * @param jdbc the template of the library's own data source
	 */
	public ProductRows(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads a row.
	 * @param id its id
	 * @return the row, or {@code null}
	 */
	public Product find(long id) {
		DatabaseLoad.statements(1);
		List<Product> rows = this.jdbc.query("SELECT id, name, payload FROM bench_product WHERE id = ?", MAPPER, id);
		return rows.isEmpty() ? null : rows.get(0);
	}

	/**
	 * Updates a row.
	 * @param product the new state
	 * @return the product
	 */
	public Product update(Product product) {
		DatabaseLoad.statements(1);
		this.jdbc.update("UPDATE bench_product SET name = ?, payload = ? WHERE id = ?", product.name(),
				product.payload(), product.id());
		return product;
	}

	/**
	 * Updates rows in one JDBC batch.
	 * @param products the new states
	 * @return the products
	 */
	public List<Product> updateAll(List<Product> products) {
		DatabaseLoad.statements(products.size());
		this.jdbc.batchUpdate("UPDATE bench_product SET name = ?, payload = ? WHERE id = ?", products, products.size(),
				(statement, product) -> {
					statement.setString(1, product.name());
					statement.setString(2, product.payload());
					statement.setLong(3, product.id());
				});
		return products;
	}

	/**
	 * Creates the table if needed and makes sure the {@link #KEYS} rows of a value size
	 * are there with the right payload.
	 * @param size the value size
	 */
	public void seed(ValueSize size) {
		seed(size.firstId(), KEYS, size.payload());
	}

	/**
	 * Creates the table if needed and makes sure rows {@code first} to
	 * {@code first + count - 1} are there with the given payload.
	 * @param first the first id
	 * @param count how many rows
	 * @param payload their payload
	 */
	public void seed(long first, int count, String payload) {
		this.jdbc.execute("CREATE TABLE IF NOT EXISTS bench_product (id BIGINT PRIMARY KEY,"
				+ " name VARCHAR(100) NOT NULL, payload VARCHAR(20000) NOT NULL)");
		Integer present = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM bench_product WHERE id BETWEEN ? AND ? AND LENGTH(payload) = ?", Integer.class,
				first, first + count - 1, payload.length());
		if (present != null && present == count) {
			return;
		}
		this.jdbc.update("DELETE FROM bench_product WHERE id BETWEEN ? AND ?", first, first + count - 1);
		List<Object[]> rows = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			rows.add(new Object[] { first + i, "product-" + i, payload });
		}
		this.jdbc.batchUpdate("INSERT INTO bench_product (id, name, payload) VALUES (?, ?, ?)", rows);
	}

}
