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

package dev.writethrough.shapes.jpa;

import jakarta.persistence.AttributeOverride;
import jakarta.persistence.AttributeOverrides;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An entity with embedded values: a class twice (overridden columns) and a record.
 */
@Entity
@Table(name = "shape_customer")
public class Customer extends BaseEntity {

	private String name;

	@Embedded
	private Address billing;

	@Embedded
	@AttributeOverrides({ @AttributeOverride(name = "street", column = @Column(name = "ship_street")),
			@AttributeOverride(name = "city", column = @Column(name = "ship_city")),
			@AttributeOverride(name = "zip", column = @Column(name = "ship_zip")) })
	private Address shipping;

	@Embedded
	private GeoPoint location;

	protected Customer() {
	}

	public Customer(String name, Address billing, Address shipping, GeoPoint location) {
		this.name = name;
		this.billing = billing;
		this.shipping = shipping;
		this.location = location;
	}

}
