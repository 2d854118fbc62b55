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

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.writethrough.changecapture.TableMapping;
import dev.writethrough.changecapture.autoconfigure.ChangeCaptureProperties.CacheChangeCapture;
import dev.writethrough.changecapture.autoconfigure.ChangeCaptureProperties.ChildTable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.annotation.CacheConfig;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * The tables change capture follows and the cache keys their rows map to: what is
 * configured under {@code write-through.caches.<name>.change-capture}, and, for caches
 * read by id through a Spring Data repository ({@code @Cacheable} on a method whose one
 * parameter is the id, keyed by it), what the JPA entity or Spring Data JDBC aggregate
 * says: its table, id column and version column, and (JPA) the tables of its collections
 * as child tables keyed by their join column. Configuration wins over derivation, table
 * by table.
 *
 * @author write-through
 */
public final class ChangeCaptureMappings {

	private static final Log logger = LogFactory.getLog(ChangeCaptureMappings.class);

	private final List<TableMapping> mappings;

	/**
	 * Create an instance of the given mappings.
	 * @param mappings the mappings
	 */
	public ChangeCaptureMappings(List<TableMapping> mappings) {
		this.mappings = List.copyOf(mappings);
	}

	/**
	 * The mappings.
	 * @return every table mapping, root tables first
	 */
	public List<TableMapping> getMappings() {
		return this.mappings;
	}

	static ChangeCaptureMappings resolve(ChangeCaptureProperties properties, List<DerivedEntity> derived) {
		Map<String, TableMapping> roots = new LinkedHashMap<>();
		Map<String, TableMapping> children = new LinkedHashMap<>();
		Map<String, DerivedEntity> composite = new LinkedHashMap<>();
		for (DerivedEntity entity : derived) {
			if (entity.keyColumns().size() > 1) {
				composite.put(entity.cacheName(), entity);
			}
			roots.put(entity.cacheName(),
					TableMapping.root(entity.cacheName(), entity.table(), entity.keyColumns(), entity.versionColumn()));
			entity.children()
				.forEach((table, columns) -> children.put(entity.cacheName() + "/" + table.toLowerCase(),
						TableMapping.child(entity.cacheName(), table, columns, null)));
		}
		properties.getCaches().forEach((cacheName, cache) -> {
			CacheChangeCapture configured = cache.getChangeCapture();
			TableMapping root = roots.get(cacheName);
			if (StringUtils.hasText(configured.getTable()) || !configured.getKeyColumns().isEmpty()
					|| configured.getVersionColumn() != null) {
				String table = StringUtils.hasText(configured.getTable()) ? configured.getTable()
						: (root != null) ? root.table() : null;
				if (table == null) {
					throw new IllegalStateException("write-through.caches." + cacheName
							+ ".change-capture needs a table: none could be derived (no JPA entity or Spring Data JDBC"
							+ " aggregate is read by id into this cache)");
				}
				List<String> keyColumns = !configured.getKeyColumns().isEmpty() ? configured.getKeyColumns()
						: (root != null) ? root.keyColumns() : List.of();
				if (keyColumns.isEmpty()) {
					throw new IllegalStateException("write-through.caches." + cacheName
							+ ".change-capture.key-columns is not set and cannot be derived for table '" + table
							+ "': name the columns whose values are the cache key");
				}
				String version = (configured.getVersionColumn() != null)
						? (configured.getVersionColumn().isBlank() ? null : configured.getVersionColumn())
						: (root != null && root.table().equalsIgnoreCase(table)) ? root.versionColumn() : null;
				roots.put(cacheName, TableMapping.root(cacheName, table, keyColumns, version));
			}
			configured.getChildTables().forEach((table, child) -> {
				if (roots.get(cacheName) == null) {
					throw new IllegalStateException(
							"write-through.caches." + cacheName + ".change-capture.child-tables." + table
									+ " belongs to a cache whose own table is neither configured nor derived; set"
									+ " write-through.caches." + cacheName + ".change-capture.table");
				}
				children.put(cacheName + "/" + table.toLowerCase(), childMapping(cacheName, table, child));
			});
		});
		// A composite id is the cache key as its own toString(), which a row's columns do
		// not give: evicting "value1,value2" would leave the entry stale. Unless the
		// configuration says how the key is made, such a cache is not followed.
		composite.forEach((cacheName, entity) -> {
			CacheChangeCapture configured = configured(properties, cacheName);
			if (configured == null || configured.getKeyColumns().isEmpty()) {
				roots.remove(cacheName);
				children.keySet().removeIf((key) -> key.startsWith(cacheName + "/"));
				logger.warn("Change capture does not follow cache '" + cacheName + "': it is read by the composite id "
						+ entity.type().getName() + " (columns " + entity.keyColumns()
						+ "), whose cache key is the id object's toString(), which a changed row cannot give. Key the"
						+ " cache by the columns' values joined with ',' (for example key = \"#id.orderId + ',' +"
						+ " #id.line\") and set write-through.caches." + cacheName
						+ ".change-capture.table and .key-columns; until then, writes outside the starter stay"
						+ " invisible to this cache until its entries expire");
			}
		});
		List<TableMapping> all = new ArrayList<>(roots.values());
		all.addAll(children.values());
		all.forEach((mapping) -> logger.info("Change capture maps " + (mapping.child() ? "child table '" : "table '")
				+ mapping.table() + "' to cache '" + mapping.cacheName() + "' by "
				+ ((mapping.keyQuery() != null) ? "key query" : "columns " + mapping.keyColumns())
				+ ((mapping.versionColumn() != null) ? ", version column '" + mapping.versionColumn() + "'" : "")));
		return new ChangeCaptureMappings(all);
	}

	private static @Nullable CacheChangeCapture configured(ChangeCaptureProperties properties, String cacheName) {
		ChangeCaptureProperties.Cache cache = properties.getCaches().get(cacheName);
		return (cache != null) ? cache.getChangeCapture() : null;
	}

	private static TableMapping childMapping(String cacheName, String table, ChildTable child) {
		if (child.getKeyColumns().isEmpty() && !StringUtils.hasText(child.getKeyQuery())) {
			throw new IllegalStateException("write-through.caches." + cacheName + ".change-capture.child-tables."
					+ table + " needs key-columns (the child's columns that hold the parent's key) or a key-query");
		}
		return TableMapping.child(cacheName, table, child.getKeyColumns(),
				StringUtils.hasText(child.getKeyQuery()) ? child.getKeyQuery() : null);
	}

	/**
	 * The caches a repository reads by id: {@code @Cacheable} methods with one parameter
	 * of the id type whose key is that parameter.
	 * @param repositoryInterface the repository interface
	 * @param idType the aggregate's id type
	 * @return the cache names
	 */
	static Set<String> cachesReadById(Class<?> repositoryInterface, Class<?> idType) {
		Set<String> names = new java.util.LinkedHashSet<>();
		CacheConfig config = AnnotatedElementUtils.findMergedAnnotation(repositoryInterface, CacheConfig.class);
		for (Method method : repositoryInterface.getMethods()) {
			Cacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(method, Cacheable.class);
			if (cacheable == null || method.getParameterCount() != 1
					|| !ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0])
						.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(idType))
					|| !keyIsTheParameter(cacheable.key(), method)) {
				continue;
			}
			String[] cacheNames = (cacheable.cacheNames().length > 0) ? cacheable.cacheNames()
					: (config != null) ? config.cacheNames() : new String[0];
			names.addAll(Arrays.asList(cacheNames));
		}
		return names;
	}

	private static boolean keyIsTheParameter(String key, Method method) {
		String trimmed = key.trim();
		if (trimmed.isEmpty()) {
			return true;
		}
		String name = method.getParameters()[0].isNamePresent() ? method.getParameters()[0].getName() : null;
		return trimmed.equals("#p0") || trimmed.equals("#a0") || trimmed.equals("#root.args[0]")
				|| (name != null && trimmed.equals("#" + name));
	}

	/**
	 * What an entity or aggregate says about the table of a cache read by its id.
	 *
	 * @param cacheName the cache
	 * @param type the entity or aggregate type
	 * @param table its table
	 * @param keyColumns its id columns
	 * @param versionColumn its version column, or {@code null}
	 * @param children the tables of its collections by name, with their join columns
	 */
	record DerivedEntity(String cacheName, Class<?> type, String table, List<String> keyColumns,
			@Nullable String versionColumn, Map<String, List<String>> children) {

	}

}
