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

package dev.writethrough.changecapture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.util.Assert;

/**
 * Turns one change event into fenced invalidations of the cached keys its row maps to.
 * Invalidations are idempotent, so an event delivered again after a crash is harmless.
 *
 * @author write-through
 */
final class ChangeEventInvalidation {

	private final List<TableMapping> mappings;

	private final WriteThroughCacheManager caches;

	private final @Nullable NamedParameterJdbcOperations jdbc;

	private final Map<String, LongAdder[]> results = new ConcurrentHashMap<>();

	ChangeEventInvalidation(List<TableMapping> mappings, WriteThroughCacheManager caches,
			@Nullable NamedParameterJdbcOperations jdbc) {
		this.mappings = List.copyOf(mappings);
		this.caches = caches;
		this.jdbc = jdbc;
		for (TableMapping mapping : mappings) {
			Assert.state(caches.getCache(mapping.cacheName()) != null,
					() -> "Change capture maps table '" + mapping.table() + "' to cache '" + mapping.cacheName()
							+ "', which does not exist; declare it under write-through.caches or fix the name under"
							+ " write-through.caches.<name>.change-capture");
			Assert.state(!mapping.child() || mapping.keyQuery() == null || jdbc != null,
					() -> "Table '" + mapping.table() + "' of cache '" + mapping.cacheName()
							+ "' has a key-query, which needs a DataSource");
			this.results.computeIfAbsent(mapping.cacheName(),
					(name) -> new LongAdder[] { new LongAdder(), new LongAdder() });
		}
	}

	/**
	 * Invalidates what a change maps to.
	 * @param record the change event
	 * @return whether it was a data change of a mapped table
	 * @throws RuntimeException if Redis does not take an invalidation: the event must be
	 * delivered again
	 */
	boolean apply(SourceRecord record) {
		if (!(record.value() instanceof Struct value) || value.schema().field("op") == null) {
			return false;
		}
		String op = value.getString("op");
		Struct source = value.getStruct("source");
		String table = source.getString("table");
		String qualifier = string(source, "schema");
		if (qualifier == null) {
			qualifier = string(source, "db");
		}
		Struct before = struct(value, "before");
		Struct after = struct(value, "after");
		boolean mapped = false;
		for (TableMapping mapping : this.mappings) {
			if (!mapping.matches(qualifier, table)) {
				continue;
			}
			mapped = true;
			WriteThroughCache cache = this.caches.getCache(mapping.cacheName());
			Assert.state(cache != null, () -> "Change capture maps table '" + mapping.table() + "' to cache '"
					+ mapping.cacheName() + "', which does not exist; declare it under write-through.caches");
			if ("t".equals(op)) {
				cache.clear();
				continue;
			}
			Long version = version(mapping, op, before, after);
			for (Object key : keys(mapping, before, after)) {
				boolean evicted = cache.invalidate(key, version);
				this.results.get(mapping.cacheName())[evicted ? 0 : 1].increment();
			}
		}
		return mapped;
	}

	/**
	 * Invalidations by cache: {@code [evicted, skipped]}, skipped when the cache already
	 * held a write of the changed row's version or newer.
	 * @return the counts by cache name
	 */
	Map<String, LongAdder[]> results() {
		return this.results;
	}

	private Set<Object> keys(TableMapping mapping, @Nullable Struct before, @Nullable Struct after) {
		Set<Object> keys = new LinkedHashSet<>();
		for (Struct row : new Struct[] { before, after }) {
			if (row == null) {
				continue;
			}
			if (mapping.keyQuery() != null) {
				keys.addAll(queried(mapping, row));
				continue;
			}
			Object key = key(mapping, row);
			if (key != null) {
				keys.add(key);
			}
		}
		return keys;
	}

	private @Nullable Object key(TableMapping mapping, Struct row) {
		List<String> parts = new ArrayList<>(mapping.keyColumns().size());
		for (String column : mapping.keyColumns()) {
			Object value = column(row, column);
			if (value == null) {
				// A child row without a parent, or a before image without the column
				// (PostgreSQL
				// without REPLICA IDENTITY FULL): nothing to evict from this image.
				return null;
			}
			if (mapping.keyColumns().size() == 1) {
				return (value instanceof Number number && !(value instanceof java.math.BigDecimal))
						? (Object) number.longValue() : value.toString();
			}
			parts.add(value.toString());
		}
		return String.join(",", parts);
	}

	private List<Object> queried(TableMapping mapping, Struct row) {
		Map<String, Object> parameters = new java.util.HashMap<>();
		for (Field field : row.schema().fields()) {
			parameters.put(field.name(), row.get(field));
		}
		return this.jdbc.queryForList(mapping.keyQuery(), parameters, Object.class)
			.stream()
			.filter(java.util.Objects::nonNull)
			.map((value) -> (value instanceof Number number) ? (Object) number.longValue() : value.toString())
			.toList();
	}

	// The row's version lets a change the cache already holds be skipped: an insert's, or
	// an update's whose before image shows the version moved. A delete, and an update
	// that
	// left the version as it was or shows no before image, evict whatever is cached: a
	// writer that does not bump the version must not be mistaken for one already cached.
	private static @Nullable Long version(TableMapping mapping, String op, @Nullable Struct before,
			@Nullable Struct after) {
		if (mapping.versionColumn() == null || after == null) {
			return null;
		}
		Long version = number(column(after, mapping.versionColumn()));
		if ("c".equals(op) || "r".equals(op)) {
			return version;
		}
		if (!"u".equals(op) || before == null) {
			return null;
		}
		Long previous = number(column(before, mapping.versionColumn()));
		return (version != null && previous != null && !version.equals(previous)) ? version : null;
	}

	private static @Nullable Long number(@Nullable Object value) {
		return (value instanceof Number number) ? number.longValue() : null;
	}

	private static @Nullable Object column(Struct row, String column) {
		Field field = row.schema().field(column);
		if (field == null) {
			for (Field candidate : row.schema().fields()) {
				if (candidate.name().equalsIgnoreCase(column)) {
					field = candidate;
					break;
				}
			}
		}
		return (field != null) ? row.get(field) : null;
	}

	private static @Nullable Struct struct(Struct value, String name) {
		return (value.schema().field(name) != null) ? value.getStruct(name) : null;
	}

	private static @Nullable String string(Struct struct, String name) {
		return (struct.schema().field(name) != null) ? struct.getString(name) : null;
	}

}
