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

package dev.writethrough.shapes.jpa;

import java.util.Optional;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/**
 * Spring Petclinic's owners, cached by id, by page of last name, by slice of city and as
 * a record projection; a save refreshes the owner and evicts the pages and slices.
 */
public interface OwnerRepository extends JpaRepository<Owner, Long> {

	@Override
	@WriteThrough(cache = "owners", key = "#result.id")
	@WriteThroughEvict(cache = { "owner-pages", "owner-slices" }, allEntries = true)
	<S extends Owner> S save(S owner);

	@Override
	@Cacheable(cacheNames = "owners", key = "#id")
	Optional<Owner> findById(Long id);

	@Cacheable(cacheNames = "owner-pages", key = "#lastName + ':' + #pageable.pageNumber + ':' + #pageable.pageSize")
	Page<Owner> findByLastName(String lastName, Pageable pageable);

	@Cacheable(cacheNames = "owner-slices", key = "#city + ':' + #pageable.pageNumber + ':' + #pageable.pageSize")
	Slice<Owner> findByCity(String city, Pageable pageable);

	@Query("select new dev.writethrough.shapes.jpa.OwnerSummary(o.id, o.lastName, o.city) from Owner o where o.id = :id")
	@Cacheable(cacheNames = "owner-summaries", key = "#id")
	OwnerSummary findSummaryById(Long id);

}
