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

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * A Spring Data JPA repository annotated the way the README shows.
 */
public interface JpaProductRepository extends JpaRepository<JpaProduct, Long> {

	@Override
	@WriteThrough(cache = "products", key = "#result.id")
	<S extends JpaProduct> S save(S product);

	@Override
	@WriteThrough(cache = "products", key = "#element.id")
	<S extends JpaProduct> List<S> saveAll(Iterable<S> products);

	@Override
	@WriteThroughEvict(cache = "products", key = "#id")
	void deleteById(Long id);

	@Override
	@WriteThroughEvict(cache = "products", allEntries = true)
	void deleteAll();

	@Override
	@Cacheable(cacheNames = "products", key = "#id")
	Optional<JpaProduct> findById(Long id);

	@Cacheable(cacheNames = "products", key = "#id", sync = true)
	Optional<JpaProduct> findOneById(Long id);

	@WriteThrough(cache = "products", key = "#result.id", value = "T(java.lang.Thread).currentThread()")
	default JpaProduct saveWithUncacheableValue(JpaProduct product) {
		return save(product);
	}

}
