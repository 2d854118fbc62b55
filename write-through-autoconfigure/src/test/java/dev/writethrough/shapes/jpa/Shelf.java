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

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A shelf of a library; its library is a lazy reference.
 */
@Entity
@Table(name = "shape_shelf")
public class Shelf extends BaseEntity {

	private String label;

	@ManyToOne(fetch = FetchType.LAZY)
	private Library library;

	protected Shelf() {
	}

	public Shelf(String label) {
		this.label = label;
	}

	public Library getLibrary() {
		return this.library;
	}

	void setLibrary(Library library) {
		this.library = library;
	}

}
