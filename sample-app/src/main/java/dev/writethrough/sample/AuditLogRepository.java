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

import java.util.Optional;

import dev.writethrough.WriteThrough;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.data.jpa.repository.JpaRepository;

/**
 * The audit log. Its cache is write-around: a save commits and evicts, and the first read
 * fills the cache for five minutes.
 */
public interface AuditLogRepository extends JpaRepository<AuditEntry, Long> {

	@Override
	@WriteThrough(cache = "audit", key = "#result.id")
	<S extends AuditEntry> S save(S entry);

	@Override
	@Cacheable(cacheNames = "audit", key = "#id")
	Optional<AuditEntry> findById(Long id);

}
