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
package dev.writethrough.benchmarks;

import java.util.List;

import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The repository as a Spring team writes it on a transaction-aware cache manager
 * (Spring's {@code RedisCacheManager} or Redisson's): {@code @Transactional} and
 * {@code @CachePut} writes, so puts run after the commit, and {@code @Cacheable} reads.
 * Spring has no per-element {@code @CachePut}, so {@link #saveAll} puts each element into
 * the transaction-aware cache itself.
 */
public class SpringCacheProductRepository implements ProductRepository {

	private final ProductRows rows;

	private final CacheManager cacheManager;

	public SpringCacheProductRepository(JdbcTemplate jdbc, CacheManager cacheManager) {
		this.rows = new ProductRows(jdbc);
		this.cacheManager = cacheManager;
	}

	@Override
	@Cacheable(cacheNames = CACHE, key = "#id")
	public Product find(long id) {
		return this.rows.find(id);
	}

	@Override
	@Transactional
	@CachePut(cacheNames = CACHE, key = "#product.id")
	public Product save(Product product) {
		return this.rows.update(product);
	}

	@Override
	@Transactional
	public List<Product> saveAll(List<Product> products) {
		List<Product> saved = this.rows.updateAll(products);
		Cache cache = this.cacheManager.getCache(CACHE);
		for (Product product : saved) {
			cache.put(product.id(), product);
		}
		return saved;
	}

}
