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

package dev.writethrough.race;

/**
 * The row the race scenarios fight over.
 *
 * @param id the id
 * @param name the name, which each writer changes
 * @param version raised by every update; {@code null} in a product about to be saved
 */
public record RaceProduct(Long id, String name, Long version) {

	/**
	 * A product to save.
	 * @param id the id
	 * @param name the new name
	 */
	public RaceProduct(Long id, String name) {
		this(id, name, null);
	}

}
