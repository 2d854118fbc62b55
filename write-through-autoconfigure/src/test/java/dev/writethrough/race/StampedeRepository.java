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
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reads one row through {@code @Cacheable}, with and without {@code sync}, counting the
 * database loads. The load is a query that takes 200 ms in PostgreSQL, as a slow report
 * query would, so that concurrent misses overlap it.
 */
public class StampedeRepository {

	/** The cache the stampede runs on. */
	public static final String CACHE = "stampede";

	private final JdbcClient jdbc;

	private final AtomicInteger loads;

	public StampedeRepository(JdbcClient jdbc, AtomicInteger loads) {
		this.jdbc = jdbc;
		this.loads = loads;
	}

	@Cacheable(cacheNames = CACHE, key = "#id", sync = true)
	public Optional<RaceProduct> findSynchronized(long id) {
		return load(id);
	}

	@Cacheable(cacheNames = CACHE, key = "#id")
	public Optional<RaceProduct> find(long id) {
		return load(id);
	}

	private Optional<RaceProduct> load(long id) {
		this.loads.incrementAndGet();
		return this.jdbc
			.sql("select p.id, p.name, p.version from race_product p, (select pg_sleep(0.2)) slow where p.id = ?")
			.param(id)
			.query(RaceProduct.class)
			.optional();
	}

}
