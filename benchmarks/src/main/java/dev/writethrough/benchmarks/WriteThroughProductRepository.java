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

import dev.writethrough.WriteThrough;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The repository on the starter, annotated as its README shows: {@code @WriteThrough}
 * writes (the starter starts the transaction) and {@code @Cacheable} reads. The key of
 * {@link #save} is known before the call, so its fence travels while the row is updated.
 */
public class WriteThroughProductRepository implements ProductRepository {

	private final ProductRows rows;

	public WriteThroughProductRepository(JdbcTemplate jdbc) {
		this.rows = new ProductRows(jdbc);
	}

	@Override
	@Cacheable(cacheNames = CACHE, key = "#id")
	public Product find(long id) {
		return this.rows.find(id);
	}

	@Override
	@WriteThrough(cache = CACHE, key = "#product.id")
	public Product save(Product product) {
		return this.rows.update(product);
	}

	@Override
	@WriteThrough(cache = CACHE, key = "#element.id")
	public List<Product> saveAll(List<Product> products) {
		return this.rows.updateAll(products);
	}

}
