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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * An entity with element collections: values, embeddables in order, and a map.
 */
@Entity
@Table(name = "shape_item")
public class Item extends BaseEntity {

	private String name;

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "shape_item_tag")
	@Column(name = "tag")
	private final Set<String> tags = new LinkedHashSet<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "shape_item_dimension")
	@OrderColumn(name = "position")
	private final List<Dimension> dimensions = new ArrayList<>();

	@ElementCollection(fetch = FetchType.EAGER)
	@CollectionTable(name = "shape_item_attribute")
	@MapKeyColumn(name = "attribute_name")
	@Column(name = "attribute_value")
	private final Map<String, String> attributes = new LinkedHashMap<>();

	protected Item() {
	}

	public Item(String name) {
		this.name = name;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	public List<Dimension> getDimensions() {
		return this.dimensions;
	}

	public Map<String, String> getAttributes() {
		return this.attributes;
	}

}
