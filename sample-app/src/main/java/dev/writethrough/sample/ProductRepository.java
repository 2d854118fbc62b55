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

import java.util.List;
import java.util.Optional;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Products: saves write through to the {@code products} cache once the transaction
 * commits, deletes evict, and finds by id are served from the cache.
 */
public interface ProductRepository extends JpaRepository<Product, Long> {

	@Override
	@WriteThrough(cache = "products", key = "#result.id")
	<S extends Product> S save(S product);

	@Override
	@WriteThrough(cache = "products", key = "#element.id")
	<S extends Product> List<S> saveAll(Iterable<S> products);

	@Override
	@WriteThroughEvict(cache = "products", key = "#id")
	void deleteById(Long id);

	@Override
	@Cacheable(cacheNames = "products", key = "#id")
	Optional<Product> findById(Long id);

	/**
	 * Reads a product from the database, for an update: not cached, so the entity is
	 * managed by the update's transaction.
	 * @param id the id
	 * @return the product
	 */
	Optional<Product> findForUpdateById(Long id);

}
