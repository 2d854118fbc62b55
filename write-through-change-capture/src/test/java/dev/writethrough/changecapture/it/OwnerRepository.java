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

package dev.writethrough.changecapture.it;

import java.util.Optional;

import dev.writethrough.WriteThrough;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * Owners cached by id: change capture derives the mapping (table {@code cc_owners}, key
 * column {@code id}, version column {@code version}, child table {@code cc_pets} by
 * {@code owner_id}) from this repository and the entity.
 */
public interface OwnerRepository extends JpaRepository<Owner, Long> {

	@Override
	@WriteThrough(cache = "owners", key = "#result.id")
	<S extends Owner> S save(S owner);

	@Override
	@Cacheable(cacheNames = "owners", key = "#id")
	Optional<Owner> findById(Long id);

}
