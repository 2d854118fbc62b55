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
import java.util.List;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/**
 * An entity with a lazy collection (JPA's default for one-to-many).
 */
@Entity
@Table(name = "shape_library")
public class Library extends BaseEntity {

	private String name;

	@OneToMany(mappedBy = "library", cascade = CascadeType.ALL)
	private final List<Shelf> shelves = new ArrayList<>();

	protected Library() {
	}

	public Library(String name) {
		this.name = name;
	}

	public List<Shelf> getShelves() {
		return this.shelves;
	}

	public void addShelf(Shelf shelf) {
		this.shelves.add(shelf);
		shelf.setLibrary(this);
	}

}
