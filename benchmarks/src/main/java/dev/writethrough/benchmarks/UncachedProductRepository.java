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

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The repository with no cache: every read goes to the database.
 */
public class UncachedProductRepository implements ProductRepository {

	private final ProductRows rows;

	public UncachedProductRepository(JdbcTemplate jdbc) {
		this.rows = new ProductRows(jdbc);
	}

	@Override
	public Product find(long id) {
		return this.rows.find(id);
	}

	@Override
	@Transactional
	public Product save(Product product) {
		return this.rows.update(product);
	}

	@Override
	@Transactional
	public List<Product> saveAll(List<Product> products) {
		return this.rows.updateAll(products);
	}

}
