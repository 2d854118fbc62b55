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
 * What a benchmark calls, whichever library is behind it.
 */
public interface ProductStore extends AutoCloseable {

	/**
	 * Reads a product, through the cache if the library has one.
	 * @param id the id
	 * @return the product
	 */
	Product find(long id);

	/**
	 * Writes a product: a committed transaction, then the cache.
	 * @param product the new state
	 * @return the product
	 */
	Product save(Product product);

	/**
	 * Writes products in one transaction, then the cache.
	 * @param products the new states
	 * @return the products
	 */
	List<Product> saveAll(List<Product> products);

	/**
	 * Removes a key from the cache only, outside any transaction, so the next read
	 * misses.
	 * @param id the id
	 */
	void evictFromCache(long id);

	@Override
	void close();

}
