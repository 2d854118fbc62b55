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
import org.jspecify.annotations.Nullable;

import org.springframework.data.relational.core.mapping.AggregatePath;
import org.springframework.data.relational.core.mapping.RelationalMappingContext;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.data.relational.core.mapping.RelationalPersistentProperty;

/**
 * Reads a Spring Data JDBC aggregate root's table, id column and version column from the
 * relational mapping context, and the tables of the entities the aggregate holds: a row
 * of such a table references the root's id through its back-reference columns, so its
 * change evicts the root's entry. A table below an entity of the aggregate that has an id
 * of its own references that entity, not the root: it is left to configuration
 * ({@code write-through.caches.<name>.change-capture.child-tables.
 *
<table>
 * .key-query}).
 *
 * @author write-through
 */
final class JdbcAggregateTables {

	private JdbcAggregateTables() {
	}

	static @Nullable DerivedEntity derive(RelationalMappingContext context, String cacheName, Class<?> type) {
		RelationalPersistentEntity<?> entity = context.getPersistentEntity(type);
		if (entity == null || !entity.hasIdProperty()) {
			return null;
		}
		RelationalPersistentProperty version = entity.getVersionProperty();
		Map<String, List<String>> children = new LinkedHashMap<>();
		AggregatePath root = context.getAggregatePath(entity);
		addChildren(context, root, entity, children);
		return new DerivedEntity(cacheName, type, entity.getTableName().getReference(),
				List.of(entity.getIdColumn().getReference()),
				(version != null) ? version.getColumnName().getReference() : null, children);
	}

	private static void addChildren(RelationalMappingContext context, AggregatePath parent,
			RelationalPersistentEntity<?> owner, Map<String, List<String>> children) {
		for (RelationalPersistentProperty property : owner) {
			if (!property.isEntity() || property.isEmbedded()) {
				continue;
			}
			AggregatePath path = parent.append(property);
			if (!path.getIdDefiningParentPath().isRoot()) {
				continue;
			}
			List<String> backReferences = new ArrayList<>();
			path.getTableInfo()
				.backReferenceColumnInfos()
				.forEach((column, info) -> backReferences.add(info.name().getReference()));
			if (backReferences.isEmpty()) {
				continue;
			}
			children.putIfAbsent(path.getTableInfo().qualifiedTableName().getReference(), backReferences);
			RelationalPersistentEntity<?> child = context.getPersistentEntity(property.getActualType());
			if (child != null && !child.hasIdProperty()) {
				addChildren(context, path, child, children);
			}
		}
	}

}
