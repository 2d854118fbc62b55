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

import java.math.BigDecimal;

/**
 * A change to a product; {@code null} fields stay as they are.
 *
 * @param name the new name
 * @param price the new price
 * @param stock the new stock level
 * @param version the version the change was made against, as last read; a different
 * version in the database refuses the change (optimistic locking)
 */
public record ProductChange(String name, BigDecimal price, Integer stock, Long version) {

	/**
	 * A change without a version check.
	 * @param name the new name
	 * @param price the new price
	 * @param stock the new stock level
	 */
	public ProductChange(String name, BigDecimal price, Integer stock) {
		this(name, price, stock, null);
	}

}
