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

import java.util.List;
import java.util.Optional;

/**
 * The product operations of one repository style (Spring Data JPA, Spring Data JDBC, a
 * plain {@code JdbcClient} repository), each going through the style's annotated methods;
 * the shared suites run against this.
 */
public interface ProductOperations {

	/** The cache the annotated methods use. */
	String CACHE = "products";

	/** Creates a product through the annotated save; returns its id. */
	long create(String name, int stock);

	/** Updates a product through the annotated save. */
	void update(long id, String name, int stock);

	/** Updates a product through a save whose cached value cannot be serialized. */
	void updateWithUncacheableValue(long id, String name, int stock);

	/** Creates products through the annotated saveAll; returns their ids. */
	List<Long> createAll(List<String> names);

	/** Deletes a product through the annotated deleteById. */
	void delete(long id);

	/** Deletes every product through the annotated (allEntries) deleteAll. */
	void deleteAll();

	/** Reads a product through {@code @Cacheable}. */
	Optional<ProductView> find(long id);

	/** Reads a product through {@code @Cacheable(sync = true)}. */
	Optional<ProductView> findSync(long id);

	/** Reads a product with SQL, bypassing every cache and proxy. */
	Optional<ProductView> findInDatabase(long id);

	/** Inserts a product with SQL, bypassing every cache and proxy; returns its id. */
	long insertInDatabase(String name, int stock);

	/** Counts the products with SQL. */
	long countInDatabase();

}
