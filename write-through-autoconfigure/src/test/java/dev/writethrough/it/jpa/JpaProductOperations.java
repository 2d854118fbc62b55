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

package dev.writethrough.it.jpa;

import java.util.List;
import java.util.Optional;

import dev.writethrough.it.ProductView;
import dev.writethrough.it.SqlProductOperations;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Products through the Spring Data JPA repository.
 */
public class JpaProductOperations extends SqlProductOperations {

	private final JpaProductRepository repository;

	public JpaProductOperations(JpaProductRepository repository, JdbcClient jdbc) {
		super(jdbc, "jpa_product");
		this.repository = repository;
	}

	@Override
	public long create(String name, int stock) {
		return this.repository.save(new JpaProduct(null, name, stock)).getId();
	}

	@Override
	public void update(long id, String name, int stock) {
		this.repository.save(new JpaProduct(id, name, stock));
	}

	@Override
	public void updateWithUncacheableValue(long id, String name, int stock) {
		this.repository.saveWithUncacheableValue(new JpaProduct(id, name, stock));
	}

	@Override
	public List<Long> createAll(List<String> names) {
		return this.repository.saveAll(names.stream().map((name) -> new JpaProduct(null, name, 1)).toList())
			.stream()
			.map(JpaProduct::getId)
			.toList();
	}

	@Override
	public void delete(long id) {
		this.repository.deleteById(id);
	}

	@Override
	public void deleteAll() {
		this.repository.deleteAll();
	}

	@Override
	public Optional<ProductView> find(long id) {
		return this.repository.findById(id).map(JpaProductOperations::view);
	}

	@Override
	public Optional<ProductView> findSync(long id) {
		return this.repository.findOneById(id).map(JpaProductOperations::view);
	}

	private static ProductView view(JpaProduct product) {
		return new ProductView(product.getId(), product.getName(), product.getStock());
	}

}
