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

import java.util.List;
import java.util.Optional;

import dev.writethrough.WriteThrough;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The race repository on the starter: {@code @WriteThrough} writes, {@code @Cacheable}
 * reads.
 */
public class WriteThroughRaceRepository implements RaceRepository {

	private final JdbcRaceRows rows;

	public WriteThroughRaceRepository(JdbcClient jdbc) {
		this.rows = new JdbcRaceRows(jdbc);
	}

	@Override
	public long insert(String name) {
		return this.rows.insert(name);
	}

	@Override
	@WriteThrough(cache = CACHE, key = "#result.id")
	public RaceProduct save(RaceProduct product) {
		return this.rows.update(product);
	}

	/**
	 * Renames a row whose key is known before the call, running a callback inside the
	 * method, after the update.
	 */
	@WriteThrough(cache = CACHE, key = "#id")
	public RaceProduct rename(long id, String name, Runnable inside) {
		RaceProduct renamed = this.rows.update(new RaceProduct(id, name));
		inside.run();
		return renamed;
	}

	/**
	 * Renames the rows given as an argument, running a callback inside the method, after
	 * the updates.
	 */
	@WriteThrough(cache = CACHE, key = "#element.id")
	public List<RaceProduct> renameAll(List<RaceProduct> products, Runnable inside) {
		List<RaceProduct> renamed = products.stream().map(this.rows::update).toList();
		inside.run();
		return renamed;
	}

	/**
	 * Renames only the first of the rows given as an argument and returns it alone.
	 */
	@WriteThrough(cache = CACHE, key = "#element.id")
	public List<RaceProduct> renameFirst(List<RaceProduct> products) {
		return List.of(this.rows.update(products.get(0)));
	}

	@Override
	@Cacheable(cacheNames = CACHE, key = "#id")
	public Optional<RaceProduct> find(long id) {
		return this.rows.find(id);
	}

	@Override
	@Cacheable(cacheNames = CACHE, key = "#id")
	public Optional<RaceProduct> findPausing(long id, Runnable afterDatabaseRead) {
		Optional<RaceProduct> row = this.rows.find(id);
		afterDatabaseRead.run();
		return row;
	}

	@Override
	public Optional<RaceProduct> findInDatabase(long id) {
		return this.rows.find(id);
	}

}
