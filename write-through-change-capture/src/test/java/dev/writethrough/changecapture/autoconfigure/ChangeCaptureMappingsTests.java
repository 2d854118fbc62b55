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

import dev.writethrough.changecapture.MariaDbBinlogDriver;
import dev.writethrough.changecapture.TableMapping;
import dev.writethrough.changecapture.autoconfigure.ChangeCaptureMappings.DerivedEntity;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How configured and derived mappings combine, and what the connector is told.
 */
class ChangeCaptureMappingsTests {

	private final ChangeCaptureProperties properties = new ChangeCaptureProperties();

	@Test
	void aConfiguredTableNeedsNoEntity() {
		cache("products").setTable("catalogue.products");
		cache("products").setKeyColumns(List.of("sku"));

		List<TableMapping> mappings = ChangeCaptureMappings.resolve(this.properties, List.of()).getMappings();

		assertThat(mappings).containsExactly(TableMapping.root("products", "catalogue.products", List.of("sku"), null));
		assertThat(mappings.get(0).matches("catalogue", "PRODUCTS")).isTrue();
		assertThat(mappings.get(0).matches("other", "products")).isFalse();
	}

	@Test
	void theDerivedMappingTakesChildTablesAndConfigurationAddsAndOverrides() {
		DerivedEntity owner = new DerivedEntity("owners", Object.class, "owners", List.of("id"), "version",
				Map.of("pets", List.of("owner_id")));
		ChangeCaptureProperties.ChildTable visits = new ChangeCaptureProperties.ChildTable();
		visits.setKeyQuery("select owner_id from pets where id = :pet_id");
		cache("owners").getChildTables().put("visits", visits);
		cache("owners").setVersionColumn("");

		List<TableMapping> mappings = ChangeCaptureMappings.resolve(this.properties, List.of(owner)).getMappings();

		assertThat(mappings).containsExactly(TableMapping.root("owners", "owners", List.of("id"), null),
				TableMapping.child("owners", "pets", List.of("owner_id"), null),
				TableMapping.child("owners", "visits", List.of(), "select owner_id from pets where id = :pet_id"));
	}

	@Test
	void aCacheReadByACompositeIdIsNotFollowedUnlessItsKeyColumnsAreConfigured() {
		DerivedEntity lines = new DerivedEntity("orderLines", Object.class, "order_lines", List.of("order_id", "line"),
				null, Map.of("line_notes", List.of("order_id", "line")));
		DerivedEntity owner = new DerivedEntity("owners", Object.class, "owners", List.of("id"), null, Map.of());

		assertThat(ChangeCaptureMappings.resolve(this.properties, List.of(lines, owner)).getMappings())
			.as("evicting 'order_id,line' would miss the key the composite id's toString() made")
			.containsExactly(TableMapping.root("owners", "owners", List.of("id"), null));

		cache("orderLines").setKeyColumns(List.of("order_id", "line"));
		assertThat(ChangeCaptureMappings.resolve(this.properties, List.of(lines, owner)).getMappings()).contains(
				TableMapping.root("orderLines", "order_lines", List.of("order_id", "line"), null),
				TableMapping.child("orderLines", "line_notes", List.of("order_id", "line"), null));
	}

	@Test
	void aChildTableOfACacheWithoutATableIsRefusedWithTheFix() {
		ChangeCaptureProperties.ChildTable pets = new ChangeCaptureProperties.ChildTable();
		pets.setKeyColumns(List.of("owner_id"));
		cache("owners").getChildTables().put("pets", pets);

		assertThatIllegalStateException().isThrownBy(() -> ChangeCaptureMappings.resolve(this.properties, List.of()))
			.withMessageContaining("write-through.caches.owners.change-capture.table");
	}

	@Test
	void aTableWithoutKeyColumnsIsRefusedWithTheFix() {
		cache("products").setTable("products");

		assertThatIllegalStateException().isThrownBy(() -> ChangeCaptureMappings.resolve(this.properties, List.of()))
			.withMessageContaining("write-through.caches.products.change-capture.key-columns");
	}

	@Test
	void postgresqlGetsASlotAndPublicationNamedAfterTheStreamAndFullRowsWhereNeeded() {
		List<TableMapping> mappings = List.of(TableMapping.root("owners", "owners", List.of("id"), "version"),
				TableMapping.child("owners", "pets", List.of("owner_id"), null),
				TableMapping.root("products", "products", List.of("id"), null));
		this.properties.getChangeCapture().setName("orders_app");

		Map<String, String> connector = DebeziumConnectorProperties.of(this.properties.getChangeCapture(),
				"jdbc:postgresql://db.example:5433/shop", "app", "secret", mappings);

		assertThat(connector).containsEntry("plugin.name", "pgoutput")
			.containsEntry("slot.name", "orders_app")
			.containsEntry("publication.name", "orders_app")
			.containsEntry("database.hostname", "db.example")
			.containsEntry("database.port", "5433")
			.containsEntry("database.dbname", "shop")
			.containsEntry("snapshot.mode", "no_data")
			.containsEntry("table.include.list", "public\\.owners,public\\.pets,public\\.products")
			.containsEntry("replica.identity.autoset.values", "public.owners:FULL,public.pets:FULL");
	}

	@Test
	void mariadbIsReadThroughTheDriverThatKnowsItsStatusStatement() {
		Map<String, String> connector = DebeziumConnectorProperties.of(this.properties.getChangeCapture(),
				"jdbc:mariadb://127.0.0.1/shop", "root", null,
				List.of(TableMapping.root("owners", "owners", List.of("id"), null)));

		assertThat(connector).containsEntry("connector.class", "io.debezium.connector.mysql.MySqlConnector")
			.containsEntry("database.port", "3306")
			.containsEntry("database.include.list", "shop")
			.containsEntry("table.include.list", "shop\\.owners")
			.containsEntry("database.protocol", MariaDbBinlogDriver.PROTOCOL)
			.containsEntry("snapshot.locking.mode", "none")
			.containsKey("database.server.id");
		assertThat(MariaDbBinlogDriver.rewritten("SHOW BINARY LOG STATUS")).isEqualTo("SHOW MASTER STATUS");
		assertThat(MariaDbBinlogDriver.rewritten("SELECT 1")).isEqualTo("SELECT 1");
	}

	@Test
	void anotherDatabaseIsRefusedWithTheFix() {
		assertThatIllegalStateException()
			.isThrownBy(() -> DebeziumConnectorProperties.of(this.properties.getChangeCapture(), "jdbc:h2:mem:test",
					"sa", null, List.of(TableMapping.root("owners", "owners", List.of("id"), null))))
			.withMessageContaining("write-through.change-capture.url");
	}

	private ChangeCaptureProperties.CacheChangeCapture cache(String name) {
		return this.properties.getCaches()
			.computeIfAbsent(name, (key) -> new ChangeCaptureProperties.Cache())
			.getChangeCapture();
	}

}
