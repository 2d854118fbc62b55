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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Change capture's part of the {@code write-through} configuration: the stream under
 * {@code write-through.change-capture.*} and each cache's tables under
 * {@code write-through.caches.<name>.change-capture.*}. The core's properties bind the
 * rest of {@code write-through.*}.
 *
 * @author write-through
 */
@ConfigurationProperties("write-through")
public class ChangeCaptureProperties {

	private final ChangeCapture changeCapture = new ChangeCapture();

	/**
	 * Caches by name; only their change-capture settings are read here.
	 */
	private Map<String, Cache> caches = new LinkedHashMap<>();

	public ChangeCapture getChangeCapture() {
		return this.changeCapture;
	}

	public Map<String, Cache> getCaches() {
		return this.caches;
	}

	public void setCaches(Map<String, Cache> caches) {
		this.caches = caches;
	}

	/**
	 * The change stream.
	 */
	public static class ChangeCapture {

		/**
		 * Whether to follow the database's change stream (Debezium embedded engine) and
		 * evict, through the fence, every cached key a changed row maps to.
		 */
		private boolean enabled;

		/**
		 * Name of the change stream: the PostgreSQL replication slot and publication, the
		 * Debezium topic prefix and the tag of the Redis keys that hold the leader's
		 * lease and the stream's position. Letters, digits and underscores; unique per
		 * application and database.
		 */
		private String name = "write_through";

		/**
		 * How long the reading instance's lease in Redis lives without renewal (renewed
		 * at a third of it): another instance takes over at most this long after the
		 * reader died.
		 */
		private Duration leaderLease = Duration.ofSeconds(5);

		/**
		 * How long to wait before restarting a stream that failed (the database or Redis
		 * did not answer), doubled with each failure in a row up to 30 s; it resumes from
		 * the stored position.
		 */
		private Duration retryDelay = Duration.ofSeconds(1);

		/**
		 * How often the connector records its position when no mapped table changes, so a
		 * PostgreSQL slot does not hold back WAL of other tables.
		 */
		private Duration heartbeat = Duration.ofSeconds(10);

		/**
		 * This instance's name in the leader key and in logs; the host name and process
		 * id when not set.
		 */
		private @Nullable String instance;

		/**
		 * JDBC URL of the database whose changes are followed; spring.datasource.url when
		 * not set. PostgreSQL (pgoutput) and MariaDB or MySQL (row-based binary log).
		 */
		private @Nullable String url;

		/**
		 * User that reads the change stream (PostgreSQL: REPLICATION and owner of the
		 * tables, or superuser; MariaDB: REPLICATION SLAVE, REPLICATION CLIENT, SELECT);
		 * spring.datasource.username when not set.
		 */
		private @Nullable String username;

		/**
		 * Password of that user; spring.datasource.password when not set.
		 */
		private @Nullable String password;

		/**
		 * MariaDB and MySQL: the server id this instance reads the binary log as, unique
		 * among the database's replicas; random (10000 to 2^31) when not set.
		 */
		private @Nullable Long serverId;

		/**
		 * Further Debezium connector properties, passed as they are (for example
		 * 'slot.drop.on.stop').
		 */
		private Map<String, String> debezium = new LinkedHashMap<>();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public Duration getLeaderLease() {
			return this.leaderLease;
		}

		public void setLeaderLease(Duration leaderLease) {
			this.leaderLease = leaderLease;
		}

		public Duration getRetryDelay() {
			return this.retryDelay;
		}

		public void setRetryDelay(Duration retryDelay) {
			this.retryDelay = retryDelay;
		}

		public Duration getHeartbeat() {
			return this.heartbeat;
		}

		public void setHeartbeat(Duration heartbeat) {
			this.heartbeat = heartbeat;
		}

		public @Nullable String getInstance() {
			return this.instance;
		}

		public void setInstance(@Nullable String instance) {
			this.instance = instance;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public @Nullable Long getServerId() {
			return this.serverId;
		}

		public void setServerId(@Nullable Long serverId) {
			this.serverId = serverId;
		}

		public Map<String, String> getDebezium() {
			return this.debezium;
		}

		public void setDebezium(Map<String, String> debezium) {
			this.debezium = debezium;
		}

	}

	/**
	 * One cache.
	 */
	public static class Cache {

		private final CacheChangeCapture changeCapture = new CacheChangeCapture();

		public CacheChangeCapture getChangeCapture() {
			return this.changeCapture;
		}

	}

	/**
	 * The tables whose changes evict a cache's keys.
	 */
	public static class CacheChangeCapture {

		/**
		 * Table whose rows the cache holds, optionally qualified by schema or database;
		 * derived from the JPA entity or Spring Data JDBC aggregate the cache is read by
		 * id with when not set.
		 */
		private @Nullable String table;

		/**
		 * Columns of that table whose values (joined with ',' when several) are the cache
		 * key; the entity's id column when derived.
		 */
		private List<String> keyColumns = new ArrayList<>();

		/**
		 * Version column of that table: a change whose version the cache already holds (a
		 * write's own change, delivered again by the stream) does not evict it. The
		 * entity's version column when derived; empty to always evict.
		 */
		private @Nullable String versionColumn;

		/**
		 * Child tables whose changes evict the parent's entry in this cache (an Owner's
		 * Pets), by table name. Collections of a JPA entity are added when derived.
		 */
		private Map<String, ChildTable> childTables = new LinkedHashMap<>();

		public @Nullable String getTable() {
			return this.table;
		}

		public void setTable(@Nullable String table) {
			this.table = table;
		}

		public List<String> getKeyColumns() {
			return this.keyColumns;
		}

		public void setKeyColumns(List<String> keyColumns) {
			this.keyColumns = keyColumns;
		}

		public @Nullable String getVersionColumn() {
			return this.versionColumn;
		}

		public void setVersionColumn(@Nullable String versionColumn) {
			this.versionColumn = versionColumn;
		}

		public Map<String, ChildTable> getChildTables() {
			return this.childTables;
		}

		public void setChildTables(Map<String, ChildTable> childTables) {
			this.childTables = childTables;
		}

	}

	/**
	 * A child table and how its rows find the parent's key.
	 */
	public static class ChildTable {

		/**
		 * Columns of the child row that hold the parent's cache key (its foreign key, for
		 * example 'owner_id').
		 */
		private List<String> keyColumns = new ArrayList<>();

		/**
		 * Instead of key columns: a query with named parameters (the child row's columns)
		 * that returns the parent keys, for a grandchild ('select owner_id from pets
		 * where id = :pet_id').
		 */
		private @Nullable String keyQuery;

		public List<String> getKeyColumns() {
			return this.keyColumns;
		}

		public void setKeyColumns(List<String> keyColumns) {
			this.keyColumns = keyColumns;
		}

		public @Nullable String getKeyQuery() {
			return this.keyQuery;
		}

		public void setKeyQuery(@Nullable String keyQuery) {
			this.keyQuery = keyQuery;
		}

	}

}
