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

/**
 * The repository each Spring-based library annotates its own way.
 */
public interface ProductRepository {

	/** The cache every library uses. */
	String CACHE = "products";

	/**
	 * Reads a product.
	 * @param id the id
	 * @return the product
	 */
	Product find(long id);

	/**
	 * Writes a product.
	 * @param product the new state
	 * @return the product
	 */
	Product save(Product product);

	/**
	 * Writes products in one transaction.
	 * @param products the new states
	 * @return the products
	 */
	List<Product> saveAll(List<Product> products);

}
