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

package dev.writethrough.shapes.jdbc;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data JDBC aggregates, run once per database: saved through
 * {@code @WriteThrough}, read back as a cache hit and compared deeply with a fresh load
 * from the database; a saved-back cached copy keeps every child row.
 */
@SpringBootTest(properties = { "write-through.key-prefix=wt-aggregates-${random.uuid}:",
		"write-through.default-ttl=10m", "spring.sql.init.mode=always" })
@ContextConfiguration(classes = AggregateShapesApplication.class)
public abstract class AbstractAggregateShapeTests {

	@Autowired
	private WriteThroughCacheManager caches;

	@Autowired
	private PurchaseOrderRepository orders;

	@Autowired
	private ReceiptRepository receipts;

	@Autowired
	private JdbcAggregateTemplate aggregates;

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
	}

	/**
	 * Registers the schema script of a database.
	 * @param registry the test's property registry
	 * @param platform the script's platform suffix
	 */
	static void schema(DynamicPropertyRegistry registry, String platform) {
		registry.add("spring.sql.init.schema-locations", () -> "classpath:shapes/jdbc-schema-" + platform + ".sql");
	}

	@Test
	void aggregateWithAVersionAnEmbeddedRecordASetAKeyedListAndAMap() {
		PurchaseOrder saved = this.orders.save(order("Ada"));
		assertCachedCopyEqualsTheDatabase("orders", saved.getId(), this.orders::findById, PurchaseOrder.class);
	}

	@Test
	void immutableRecordAggregateWithAMappedSet() {
		Receipt saved = this.receipts.save(new Receipt(null, "R-1", new BigDecimal("12.50"), new LinkedHashSet<>(List
			.of(new ReceiptLine("tea", new BigDecimal("2.50")), new ReceiptLine("cake", new BigDecimal("10.00"))))));
		assertCachedCopyEqualsTheDatabase("receipts", saved.id(), this.receipts::findById, Receipt.class);
	}

	@Test
	void savingAnAggregateReadFromTheCacheKeepsEveryChildRow() {
		PurchaseOrder saved = this.orders.save(order("Grace"));
		long hits = cache("orders").getStatistics().getHits();
		PurchaseOrder fromCache = this.orders.findById(saved.getId()).orElseThrow();
		assertThat(cache("orders").getStatistics().getHits()).as("the order came from the cache").isEqualTo(hits + 1);
		fromCache.setCustomer("Grace Hopper");
		this.orders.save(fromCache);
		assertThat(count("shape_jdbc_order_item", saved.getId())).as("item rows").isEqualTo(2);
		assertThat(count("shape_jdbc_order_note", saved.getId())).as("note rows").isEqualTo(2);
		assertThat(count("shape_jdbc_order_discount", saved.getId())).as("discount rows").isEqualTo(1);
	}

	private long count(String table, Long orderId) {
		return this.jdbc.sql("select count(*) from " + table + " where order_id = ?")
			.param(orderId)
			.query(Long.class)
			.single();
	}

	private static PurchaseOrder order(String customer) {
		PurchaseOrder order = new PurchaseOrder(customer, new ShippingAddress("1 Main St", "Springfield"));
		order.getItems().add(new OrderItem("pen", 10));
		order.getItems().add(new OrderItem("pad", 2));
		order.getNotes().add(new OrderNote("gift wrap", Instant.parse("2026-11-30T10:00:00.123456Z")));
		order.getNotes().add(new OrderNote("leave at the door", Instant.parse("2026-11-30T11:00:00Z")));
		order.getDiscounts().put("loyalty", new Discount(new BigDecimal("5.00")));
		return order;
	}

	private <T> void assertCachedCopyEqualsTheDatabase(String cacheName, Long id, Function<Long, Optional<T>> finder,
			Class<T> type) {
		long hits = cache(cacheName).getStatistics().getHits();
		T cached = finder.apply(id).orElseThrow();
		assertThat(cache(cacheName).getStatistics().getHits()).as("hits of cache '%s' after the read", cacheName)
			.isEqualTo(hits + 1);
		assertThat(cache(cacheName).getStatistics().getRejectedReads()).as("values cache '%s' refused", cacheName)
			.isZero();
		T fresh = this.aggregates.findById(id, type);
		assertThat(cached).usingRecursiveComparison().ignoringCollectionOrder().isEqualTo(fresh);
	}

	private WriteThroughCache cache(String name) {
		WriteThroughCache cache = this.caches.getCache(name);
		assertThat(cache).as("cache '%s'", name).isNotNull();
		return cache;
	}

}
