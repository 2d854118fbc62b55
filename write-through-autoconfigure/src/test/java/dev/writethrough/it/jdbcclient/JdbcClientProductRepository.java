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

package dev.writethrough.it.jdbcclient;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import dev.writethrough.it.jdbc.JdbcProduct;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * A hand-written repository on {@link JdbcClient}, annotated like a Spring Data one.
 */
@Repository
public class JdbcClientProductRepository {

	private final JdbcClient jdbc;

	public JdbcClientProductRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@WriteThrough(cache = "products", key = "#result.id")
	public JdbcProduct save(JdbcProduct product) {
		if (product.id() == null) {
			KeyHolder keys = new GeneratedKeyHolder();
			this.jdbc.sql("insert into jdbc_product (name, stock) values (?, ?)")
				.params(product.name(), product.stock())
				.update(keys, "id");
			return product.withId(keys.getKeyAs(Number.class).longValue());
		}
		this.jdbc.sql("update jdbc_product set name = ?, stock = ? where id = ?")
			.params(product.name(), product.stock(), product.id())
			.update();
		return product;
	}

	@WriteThrough(cache = "products", key = "#result.id", value = "T(java.lang.Thread).currentThread()")
	public JdbcProduct saveWithUncacheableValue(JdbcProduct product) {
		return save(product);
	}

	@WriteThrough(cache = "products", key = "#element.id")
	public List<JdbcProduct> saveAll(List<JdbcProduct> products) {
		List<JdbcProduct> saved = new ArrayList<>();
		products.forEach((product) -> saved.add(save(product)));
		return saved;
	}

	@WriteThroughEvict(cache = "products", key = "#id")
	public void deleteById(long id) {
		this.jdbc.sql("delete from jdbc_product where id = ?").param(id).update();
	}

	@WriteThroughEvict(cache = "products", allEntries = true)
	public void deleteAll() {
		this.jdbc.sql("delete from jdbc_product").update();
	}

	@Cacheable(cacheNames = "products", key = "#id")
	public Optional<JdbcProduct> findById(long id) {
		return find(id);
	}

	@Cacheable(cacheNames = "products", key = "#id", sync = true)
	public Optional<JdbcProduct> findOneById(long id) {
		return find(id);
	}

	private Optional<JdbcProduct> find(long id) {
		return this.jdbc.sql("select id, name, stock from jdbc_product where id = ?")
			.param(id)
			.query(JdbcProduct.class)
			.optional();
	}

}
