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

package dev.writethrough.it.jdbc;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A Spring Data JDBC aggregate, written as a record: records are cached as they are.
 *
 * @param id the id, {@code null} until inserted
 * @param name the name
 * @param stock the stock level
 */
@Table("jdbc_product")
public record JdbcProduct(@Id @Column("id") Long id, @Column("name") String name, @Column("stock") int stock) {

	/**
	 * A copy with another id, as Spring Data JDBC needs for an immutable aggregate.
	 * @param id the id
	 * @return the copy
	 */
	public JdbcProduct withId(Long id) {
		return new JdbcProduct(id, this.name, this.stock);
	}

}
