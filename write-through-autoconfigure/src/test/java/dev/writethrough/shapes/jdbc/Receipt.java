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

import java.math.BigDecimal;
import java.util.Set;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An immutable aggregate written as a record, with a mapped set of records.
 *
 * @param id the id, {@code null} until inserted
 * @param number the receipt number
 * @param total the total
 * @param lines the lines
 */
@Table("shape_jdbc_receipt")
public record Receipt(@Id Long id, String number, BigDecimal total,
		@MappedCollection(idColumn = "receipt_id") Set<ReceiptLine> lines) {

	/**
	 * A copy with another id, as Spring Data JDBC needs for an immutable aggregate.
	 * @param id the id
	 * @return the copy
	 */
	public Receipt withId(Long id) {
		return new Receipt(id, this.number, this.total, this.lines);
	}

}
