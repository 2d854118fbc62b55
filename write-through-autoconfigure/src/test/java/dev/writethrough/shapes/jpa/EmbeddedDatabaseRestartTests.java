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

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.writethrough.it.support.TestRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application on an embedded in-memory database, restarted on the same Redis: the new
 * database starts empty, and the cache must not serve the rows of the old one.
 */
class EmbeddedDatabaseRestartTests {

	@Test
	void aRestartedApplicationNeverServesARowOfTheDatabaseBeforeIt() {
		Map<String, Object> properties = new LinkedHashMap<>();
		TestRedis.register((name, value) -> properties.put(name, value.get()));
		// The same key prefix both times, as an application restarted with the same
		// configuration has; each start gets a fresh in-memory database.
		properties.put("write-through.key-prefix", "wt-restart-" + UUID.randomUUID() + ":");
		properties.put("spring.datasource.url", "jdbc:h2:mem:restart-" + UUID.randomUUID());
		properties.put("spring.jpa.hibernate.ddl-auto", "create-drop");
		properties.put("spring.jpa.open-in-view", "false");

		Long id;
		try (ConfigurableApplicationContext first = start(properties)) {
			OwnerRepository owners = first.getBean(OwnerRepository.class);
			id = owners.save(new Owner("George", "Franklin", "Madison", "6085551023")).getId();
			assertThat(owners.findById(id)).as("the first run's owner, from its cache").isPresent();
		}
		try (ConfigurableApplicationContext second = start(properties)) {
			OwnerRepository owners = second.getBean(OwnerRepository.class);
			assertThat(owners.findById(id)).as("owner %s after the restart, whose database is new", id).isEmpty();
			Long newId = owners.save(new Owner("Betty", "Davis", "Sun Prairie", "6085551749")).getId();
			assertThat(newId).as("the new database hands out the same id again").isEqualTo(id);
			assertThat(owners.findById(newId)).get().extracting(Owner::getLastName).isEqualTo("Davis");
		}
	}

	private static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(ShapesApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
