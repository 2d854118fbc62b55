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

import com.fasterxml.jackson.annotation.JsonManagedReference;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;

/**
 * The one side of a bidirectional one-to-many, annotated for a web API that must not
 * loop.
 */
@Entity
@Table(name = "shape_author")
public class Author extends BaseEntity {

	private String name;

	@JsonManagedReference
	@OneToMany(mappedBy = "author", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
	@OrderColumn(name = "position")
	private List<Book> books = new ArrayList<>();

	protected Author() {
	}

	public Author(String name) {
		this.name = name;
	}

	public List<Book> getBooks() {
		return this.books;
	}

	public void addBook(Book book) {
		this.books.add(book);
		book.setAuthor(this);
	}

}
