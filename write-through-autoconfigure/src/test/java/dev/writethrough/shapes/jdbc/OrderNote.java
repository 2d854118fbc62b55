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

package dev.writethrough.shapes.jdbc;

import java.time.Instant;

import org.springframework.data.relational.core.mapping.Table;

/**
 * An element of a mapped list, a plain class without setters.
 */
@Table("shape_jdbc_order_note")
public class OrderNote {

	private final String text;

	private final Instant writtenAt;

	public OrderNote(String text, Instant writtenAt) {
		this.text = text;
		this.writtenAt = writtenAt;
	}

}
