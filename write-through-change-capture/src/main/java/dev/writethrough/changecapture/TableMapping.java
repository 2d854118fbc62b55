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

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * How the rows of one table map to the keys of one cache: either the cache's own table,
 * whose key columns are the cache key (and whose version column, if any, lets a change
 * the cache already holds be skipped), or a child table, whose key columns (or key query)
 * give the key of the parent entry a change of the child evicts.
 *
 * @param cacheName the cache whose keys the rows map to
 * @param table the table, optionally qualified by its schema (PostgreSQL) or database
 * (MariaDB, MySQL)
 * @param keyColumns the columns of a row whose values, joined with {@code ,} when there
 * are several, are the cache key
 * @param versionColumn the root table's version column, or {@code null}; always
 * {@code null} for a child table
 * @param keyQuery for a child table, an SQL query with named parameters (the row's
 * columns) that returns the parent keys, used instead of the key columns; or {@code null}
 * @param child whether this is a child table of the cached entry rather than its own
 * @author write-through
 */
public record TableMapping(String cacheName, String table, List<String> keyColumns, @Nullable String versionColumn,
		@Nullable String keyQuery, boolean child) {

	public TableMapping {
		Assert.hasText(cacheName, "cacheName must not be empty");
		Assert.hasText(table, "table must not be empty");
		Assert.isTrue(!keyColumns.isEmpty() || StringUtils.hasText(keyQuery), () -> "Table '" + table + "' of cache '"
				+ cacheName + "' needs key-columns (or, for a child table, a key-query)");
		keyColumns = List.copyOf(keyColumns);
	}

	/**
	 * The mapping of a cache's own table.
	 * @param cacheName the cache
	 * @param table the table
	 * @param keyColumns the columns that make the cache key
	 * @param versionColumn the version column, or {@code null}
	 * @return the mapping
	 */
	public static TableMapping root(String cacheName, String table, List<String> keyColumns,
			@Nullable String versionColumn) {
		return new TableMapping(cacheName, table, keyColumns, versionColumn, null, false);
	}

	/**
	 * The mapping of a child table whose changes evict their parent's entry.
	 * @param cacheName the parent's cache
	 * @param table the child table
	 * @param keyColumns the child's columns that hold the parent's key
	 * @param keyQuery a query that finds the parent keys instead, or {@code null}
	 * @return the mapping
	 */
	public static TableMapping child(String cacheName, String table, List<String> keyColumns,
			@Nullable String keyQuery) {
		return new TableMapping(cacheName, table, keyColumns, null, keyQuery, true);
	}

	/**
	 * The table name without schema or database.
	 * @return the bare table name
	 */
	public String tableName() {
		int dot = this.table.lastIndexOf('.');
		return (dot >= 0) ? this.table.substring(dot + 1) : this.table;
	}

	/**
	 * The schema or database the table was qualified with.
	 * @return the qualifier, or {@code null} if the table name is bare
	 */
	public @Nullable String qualifier() {
		int dot = this.table.lastIndexOf('.');
		return (dot >= 0) ? this.table.substring(0, dot) : null;
	}

	/**
	 * Whether a changed row of a table maps through this mapping.
	 * @param qualifier the schema or database of the changed row, or {@code null}
	 * @param name the table of the changed row
	 * @return whether it matches (table names compare case-insensitively)
	 */
	public boolean matches(@Nullable String qualifier, String name) {
		String own = qualifier();
		return tableName().equalsIgnoreCase(name) && (own == null || qualifier == null
				|| own.toLowerCase(Locale.ROOT).equals(qualifier.toLowerCase(Locale.ROOT)));
	}

}
