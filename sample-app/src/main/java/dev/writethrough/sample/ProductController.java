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

package dev.writethrough.sample;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * CRUD over products at {@code /products}.
 */
@RestController
@RequestMapping("/products")
public class ProductController {

	private final ProductService service;

	public ProductController(ProductService service) {
		this.service = service;
	}

	@GetMapping
	public List<Product> list() {
		return this.service.findAll();
	}

	@GetMapping("/{id}")
	public ResponseEntity<Product> get(@PathVariable long id) {
		return ResponseEntity.of(this.service.find(id));
	}

	@PostMapping
	public ResponseEntity<Product> create(@RequestBody ProductChange product) {
		Product created = this.service.create(product.name(), product.price(),
				(product.stock() != null) ? product.stock() : 0);
		return ResponseEntity.created(URI.create("/products/" + created.getId())).body(created);
	}

	@PutMapping("/{id}")
	public ResponseEntity<Product> update(@PathVariable long id, @RequestBody ProductChange change) {
		return ResponseEntity.of(this.service.update(id, change));
	}

	@DeleteMapping("/{id}")
	public ResponseEntity<Void> delete(@PathVariable long id) {
		return this.service.delete(id) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

}
