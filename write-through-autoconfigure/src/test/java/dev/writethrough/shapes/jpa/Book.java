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

import com.fasterxml.jackson.annotation.JsonBackReference;
import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * The many side of a bidirectional one-to-many: its back reference is what a web mapper
 * drops.
 */
@Entity
@Table(name = "shape_book")
public class Book extends BaseEntity {

	private String title;

	private int pages;

	@JsonBackReference
	@ManyToOne
	private Author author;

	protected Book() {
	}

	public Book(String title, int pages) {
		this.title = title;
		this.pages = pages;
	}

	public Author getAuthor() {
		return this.author;
	}

	void setAuthor(Author author) {
		this.author = author;
	}

}
