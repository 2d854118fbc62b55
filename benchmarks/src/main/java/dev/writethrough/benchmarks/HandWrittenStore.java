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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The limit the others are measured against: what a careful developer writes by hand.
 * Reads are a Lettuce {@code GET} and a JSON decode (on a miss, the row, then a
 * {@code SET}); writes are a {@code JdbcTemplate} transaction and its commit, then a
 * {@code SET} with the TTL ({@code saveAll}: the {@code SET}s pipelined). No fence, no
 * read lease, no protection against out-of-order {@code SET}s.
 */
final class HandWrittenStore implements ProductStore {

	private static final long TTL_SECONDS = 3600;

	private static final String PREFIX = "bench-hw:products:";

	private final HikariDataSource dataSource;

	private final ProductRows rows;

	private final TransactionTemplate transactions;

	private final RedisClient client;

	private final StatefulRedisConnection<byte[], byte[]> connection;

	private final RedisCommands<byte[], byte[]> redis;

	private final RedisAsyncCommands<byte[], byte[]> async;

	private final ObjectReader reader;

	private final ObjectWriter writer;

	HandWrittenStore(BenchDatabase database, NetworkProfile.Routes routes, int poolSize) {
		this.dataSource = Fixture.dataSource(routes.jdbcUrl(database), database, poolSize);
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		this.rows = new ProductRows(jdbc);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.client = RedisClient.create(RedisURI.Builder.redis(routes.redisHost(), routes.redisPort())
			.withDatabase(Fixture.REDIS_DATABASE_HAND_WRITTEN)
			.build());
		this.connection = this.client.connect(ByteArrayCodec.INSTANCE);
		this.redis = this.connection.sync();
		this.async = this.connection.async();
		JsonMapper mapper = JsonMapper.builder().build();
		this.reader = mapper.readerFor(Product.class);
		this.writer = mapper.writerFor(Product.class);
	}

	ProductRows rows() {
		return this.rows;
	}

	@Override
	public Product find(long id) {
		byte[] key = key(id);
		byte[] cached = this.redis.get(key);
		if (cached != null) {
			return this.reader.readValue(cached);
		}
		Product product = this.rows.find(id);
		if (product != null) {
			this.redis.set(key, this.writer.writeValueAsBytes(product), SetArgs.Builder.ex(TTL_SECONDS));
		}
		return product;
	}

	@Override
	public Product save(Product product) {
		this.transactions.executeWithoutResult((status) -> this.rows.update(product));
		this.redis.set(key(product.id()), this.writer.writeValueAsBytes(product), SetArgs.Builder.ex(TTL_SECONDS));
		return product;
	}

	@Override
	public List<Product> saveAll(List<Product> products) {
		this.transactions.executeWithoutResult((status) -> this.rows.updateAll(products));
		List<RedisFuture<String>> sets = new ArrayList<>(products.size());
		for (Product product : products) {
			sets.add(this.async.set(key(product.id()), this.writer.writeValueAsBytes(product),
					SetArgs.Builder.ex(TTL_SECONDS)));
		}
		if (!LettuceFutures.awaitAll(10, TimeUnit.SECONDS, sets.toArray(new RedisFuture<?>[0]))) {
			throw new IllegalStateException("Redis did not take the SETs of saveAll within 10 s");
		}
		return products;
	}

	@Override
	public void evictFromCache(long id) {
		this.redis.del(key(id));
	}

	private static byte[] key(long id) {
		return (PREFIX + id).getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
		this.dataSource.close();
	}

}
