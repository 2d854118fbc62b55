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

package dev.writethrough.sample;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue's use cases. Updates load the row from the database inside their
 * transaction, so the JPA version check sees the database's state.
 */
@Service
public class ProductService {

	private final ProductRepository products;

	public ProductService(ProductRepository products) {
		this.products = products;
	}

	public List<Product> findAll() {
		return this.products.findAll();
	}

	public Optional<Product> find(long id) {
		return this.products.findById(id);
	}

	public Product create(String name, BigDecimal price, int stock) {
		return this.products.save(new Product(name, price, stock));
	}

	@Transactional
	public Optional<Product> update(long id, ProductChange change) {
		return this.products.findForUpdateById(id).map((product) -> {
			if (change.version() != null && !change.version().equals(product.getVersion())) {
				throw new ObjectOptimisticLockingFailureException(Product.class, id);
			}
			if (change.name() != null) {
				product.setName(change.name());
			}
			if (change.price() != null) {
				product.setPrice(change.price());
			}
			if (change.stock() != null) {
				product.setStock(change.stock());
			}
			return this.products.save(product);
		});
	}

	@Transactional
	public boolean delete(long id) {
		if (!this.products.existsById(id)) {
			return false;
		}
		this.products.deleteById(id);
		return true;
	}

}
