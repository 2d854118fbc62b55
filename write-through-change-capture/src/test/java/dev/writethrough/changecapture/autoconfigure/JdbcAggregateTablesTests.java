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

package dev.writethrough.changecapture.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.writethrough.changecapture.autoconfigure.ChangeCaptureMappings.DerivedEntity;
import org.junit.jupiter.api.Test;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.Table;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tables of a Spring Data JDBC aggregate, read from the relational mapping context:
 * the root's, and those of the entities it holds whose rows reference the root.
 */
class JdbcAggregateTablesTests {

	private final RelationalMappingContext context = new RelationalMappingContext();

	@Test
	void derivesTheRootAndTheTablesThatReferenceIt() {
		DerivedEntity owner = JdbcAggregateTables.derive(this.context, "owners", Owner.class);

		assertThat(owner).isNotNull();
		assertThat(owner.table()).isEqualTo("owners");
		assertThat(owner.keyColumns()).containsExactly("id");
		assertThat(owner.versionColumn()).isEqualTo("version");
		assertThat(owner.children()).as("pets and their visits reference the owner; an invoice's lines do not")
			.containsOnlyKeys("pet", "visit", "invoice");
		assertThat(owner.children().get("pet")).containsExactly("owners");
		assertThat(owner.children().get("visit")).containsExactly("owners");
		assertThat(owner.children().get("invoice")).containsExactly("owners");
	}

	@Test
	void anEntityWithoutAnIdIsNoAggregateRoot() {
		assertThat(JdbcAggregateTables.derive(this.context, "pets", Pet.class)).isNull();
	}

	@Table("owners")
	record Owner(@Id Long id, String name, @Version Long version, Set<Pet> pets, Set<Invoice> invoices) {
	}

	record Pet(String name, Set<Visit> visits) {
	}

	record Visit(String note) {
	}

	record Invoice(@Id Long id, Set<InvoiceLine> lines) {
	}

	record InvoiceLine(String item) {
	}

}
