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

/**
 * The row every library caches: the same table, the same record, the same JSON for all.
 *
 * @param id the id, also the cache key
 * @param name changed by every write
 * @param payload filler that sets the value's size
 */
public record Product(long id, String name, String payload) {

	/**
	 * The same product with another name, as a write sends it.
	 * @param newName the new name
	 * @return the renamed product
	 */
	public Product renamed(String newName) {
		return new Product(this.id, newName, this.payload);
	}

}
