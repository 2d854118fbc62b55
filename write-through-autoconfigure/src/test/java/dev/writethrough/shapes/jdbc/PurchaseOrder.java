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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A Spring Data JDBC aggregate with a version, an embedded record and mapped collections:
 * a set, a keyed list and a map, each a field with only a getter.
 */
@Table("shape_jdbc_order")
public class PurchaseOrder {

	@Id
	private Long id;

	@Version
	private Integer version;

	private String customer;

	@Embedded.Nullable(prefix = "ship_")
	private ShippingAddress address;

	@MappedCollection(idColumn = "order_id")
	private Set<OrderItem> items = new LinkedHashSet<>();

	@MappedCollection(idColumn = "order_id", keyColumn = "position")
	private List<OrderNote> notes = new ArrayList<>();

	@MappedCollection(idColumn = "order_id", keyColumn = "label")
	private Map<String, Discount> discounts = new LinkedHashMap<>();

	protected PurchaseOrder() {
	}

	public PurchaseOrder(String customer, ShippingAddress address) {
		this.customer = customer;
		this.address = address;
	}

	public Long getId() {
		return this.id;
	}

	public void setCustomer(String customer) {
		this.customer = customer;
	}

	public Set<OrderItem> getItems() {
		return this.items;
	}

	public List<OrderNote> getNotes() {
		return this.notes;
	}

	public Map<String, Discount> getDiscounts() {
		return this.discounts;
	}

}
