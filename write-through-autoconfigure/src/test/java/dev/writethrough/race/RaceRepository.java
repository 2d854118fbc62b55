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

package dev.writethrough.race;

import java.util.Optional;

/**
 * What a race scenario does to one cached row, implemented once with the starter's
 * annotations and once with Spring's {@code @CachePut}/{@code @Cacheable} on a
 * transaction-aware {@code RedisCacheManager}.
 */
public interface RaceRepository {

	/** The cache every scenario uses. */
	String CACHE = "race";

	/** Inserts a row with SQL and returns its id (no cache involved). */
	long insert(String name);

	/** Updates a row and writes it to the cache the way the implementation does. */
	RaceProduct save(RaceProduct product);

	/** Reads a row through {@code @Cacheable}. */
	Optional<RaceProduct> find(long id);

	/**
	 * Reads a row through {@code @Cacheable}, pausing after the database read and before
	 * the fill.
	 */
	Optional<RaceProduct> findPausing(long id, Runnable afterDatabaseRead);

	/** Reads a row with SQL. */
	Optional<RaceProduct> findInDatabase(long id);

}
