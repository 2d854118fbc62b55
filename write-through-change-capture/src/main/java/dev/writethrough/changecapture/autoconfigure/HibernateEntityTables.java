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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.writethrough.changecapture.autoconfigure.ChangeCaptureMappings.DerivedEntity;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.AttributeMappingsList;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.persister.collection.AbstractCollectionPersister;
import org.hibernate.persister.collection.CollectionPersister;
import org.hibernate.persister.entity.AbstractEntityPersister;
import org.hibernate.persister.entity.EntityPersister;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JPA entity's table, id column, version column and collection tables from
 * Hibernate's mapping, so the names are the ones Hibernate writes (naming strategies
 * included).
 *
 * @author write-through
 */
final class HibernateEntityTables {

	private HibernateEntityTables() {
	}

	static @Nullable DerivedEntity derive(EntityManagerFactory entityManagerFactory, String cacheName, Class<?> type) {
		SessionFactoryImplementor sessionFactory = entityManagerFactory.unwrap(SessionFactoryImplementor.class);
		EntityPersister persister;
		try {
			persister = sessionFactory.getMappingMetamodel().getEntityDescriptor(type);
		}
		catch (RuntimeException ex) {
			return null;
		}
		if (!(persister instanceof AbstractEntityPersister entity)) {
			return null;
		}
		String version = entity.isVersioned() ? unquoted(entity.getVersionColumnName()) : null;
		Map<String, List<String>> children = new LinkedHashMap<>();
		AttributeMappingsList attributes = entity.getAttributeMappings();
		for (int i = 0; i < attributes.size(); i++) {
			AttributeMapping attribute = attributes.get(i);
			if (attribute instanceof PluralAttributeMapping plural) {
				CollectionPersister collection = plural.getCollectionDescriptor();
				if (collection instanceof AbstractCollectionPersister table) {
					children.put(unquoted(table.getTableName()), columns(table.getKeyColumnNames()));
				}
			}
		}
		return new DerivedEntity(cacheName, type, unquoted(entity.getIdentifierTableName()),
				columns(entity.getIdentifierColumnNames()), version, children);
	}

	private static List<String> columns(String[] names) {
		List<String> columns = new ArrayList<>(names.length);
		for (String name : names) {
			columns.add(unquoted(name));
		}
		return columns;
	}

	private static String unquoted(String name) {
		return name.replace("\"", "").replace("`", "");
	}

}
