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

package dev.writethrough.tx;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.Assert;

/**
 * The durable invalidation log: a table in the application's database where a write whose
 * key could not be fenced in Redis records its eviction before its transaction commits,
 * in that transaction when it runs on the same {@code DataSource}. So a write that
 * committed will be invalidated even if the application stops before Redis is back: at
 * start-up every instance loads the recorded evictions into its pending-invalidation log
 * (reads of those keys bypass the cache until they are evicted), and every
 * {@code poll-interval} it sends the evictions recorded by any instance once Redis
 * answers, deleting each row once its key is evicted.
 * <p>
 * The in-memory {@link PendingInvalidations} log stays the fast path: nothing is written
 * to the database while Redis answers.
 *
 * @author write-through
 */
final class JdbcDurableInvalidations implements DurableInvalidations, SmartInitializingSingleton, DisposableBean {

	// Longer keys are recorded as a clear of their cache rather than refused.
	static final int MAX_KEY_LENGTH = 4000;

	private static final Log logger = LogFactory.getLog(JdbcDurableInvalidations.class);

	private final JdbcTemplate jdbc;

	private final String table;

	private final String keyPrefix;

	private final boolean initializeSchema;

	private final Duration pollInterval;

	private final Function<String, @Nullable WriteThroughCache> caches;

	private final PendingInvalidations pendingInvalidations;

	private final ScheduledExecutorService executor;

	/**
	 * Create a new instance.
	 * @param jdbc the application's database, on the {@code DataSource} its transactions
	 * use
	 * @param table the log's table
	 * @param keyPrefix the application's key prefix: applications with different prefixes
	 * may share the table
	 * @param initializeSchema whether to create the table when it does not exist
	 * @param pollInterval how often to look for recorded evictions
	 * @param caches the starter's caches by name ({@code null} for an unknown name)
	 * @param pendingInvalidations the in-memory log the recorded evictions join at
	 * start-up
	 */
	JdbcDurableInvalidations(JdbcTemplate jdbc, String table, String keyPrefix, boolean initializeSchema,
			Duration pollInterval, Function<String, @Nullable WriteThroughCache> caches,
			PendingInvalidations pendingInvalidations) {
		Assert.notNull(jdbc, "jdbc must not be null");
		Assert.hasText(table, "table must not be empty");
		Assert.notNull(caches, "caches must not be null");
		Assert.notNull(pendingInvalidations, "pendingInvalidations must not be null");
		this.jdbc = jdbc;
		this.table = table;
		this.keyPrefix = keyPrefix;
		this.initializeSchema = initializeSchema;
		this.pollInterval = pollInterval;
		this.caches = caches;
		this.pendingInvalidations = pendingInvalidations;
		this.executor = Executors
			.newSingleThreadScheduledExecutor(DaemonThreads.named("write-through-durable-invalidations"));
	}

	/**
	 * The table's definition, portable across PostgreSQL, MariaDB/MySQL and H2.
	 * @param table the table's name
	 * @return the {@code CREATE TABLE IF NOT EXISTS} statement
	 */
	static String ddl(String table) {
		return "CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(36) NOT NULL PRIMARY KEY,"
				+ " key_prefix VARCHAR(255) NOT NULL, cache_name VARCHAR(255) NOT NULL, cache_key VARCHAR("
				+ MAX_KEY_LENGTH + ")," + " created_at TIMESTAMP NOT NULL)";
	}

	@Override
	public void afterSingletonsInstantiated() {
		try {
			if (this.initializeSchema) {
				this.jdbc.execute(ddl(this.table));
			}
			this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.table, Long.class);
		}
		catch (DataAccessException ex) {
			throw new IllegalStateException("The durable invalidation log cannot use table '" + this.table + "' ("
					+ ex.getMostSpecificCause().getMessage() + "). Create it with: " + ddl(this.table)
					+ "; or let the starter create it (write-through.pending-invalidations.durable.initialize-schema"
					+ "=true), or turn the log off (write-through.pending-invalidations.durable.enabled=false)", ex);
		}
		int loaded = 0;
		for (Row row : rows()) {
			WriteThroughCache cache = this.caches.apply(row.cacheName());
			if (cache != null) {
				this.pendingInvalidations.add(cache, row.key());
				loaded++;
			}
		}
		if (loaded > 0) {
			logger.warn(loaded + " cache invalidations recorded before the last stop (Redis did not answer) wait"
					+ " in table '" + this.table + "'; their keys are read from the database until they are evicted");
		}
		this.executor.execute(this::drain);
		long period = this.pollInterval.toMillis();
		this.executor.scheduleWithFixedDelay(this::drain, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void record(String cacheName, String key) {
		this.jdbc.update(
				"INSERT INTO " + this.table
						+ " (id, key_prefix, cache_name, cache_key, created_at) VALUES (?, ?, ?, ?, ?)",
				UUID.randomUUID().toString(), this.keyPrefix, cacheName, (key.length() <= MAX_KEY_LENGTH) ? key : null,
				Timestamp.from(Instant.now()));
	}

	@Override
	public long size() {
		Long count = this.jdbc.queryForObject("SELECT COUNT(*) FROM " + this.table + " WHERE key_prefix = ?",
				Long.class, this.keyPrefix);
		return (count != null) ? count : 0;
	}

	// Sends the recorded evictions of every instance, oldest first, until Redis fails.
	void drain() {
		try {
			for (Row row : rows()) {
				WriteThroughCache cache = this.caches.apply(row.cacheName());
				if (cache != null) {
					if (row.key() != null) {
						cache.remove(row.key());
					}
					else {
						cache.clearEntries();
					}
				}
				else {
					logger.warn("Dropping the recorded invalidation of cache '" + row.cacheName()
							+ "', which this application does not have");
				}
				this.jdbc.update("DELETE FROM " + this.table + " WHERE id = ?", row.id());
			}
		}
		catch (RuntimeException ex) {
			// Redis (or the database) does not answer: the rows wait for the next poll.
			if (logger.isDebugEnabled()) {
				logger.debug("Recorded cache invalidations wait for the next poll (" + ex.getMessage() + ")");
			}
		}
	}

	private List<Row> rows() {
		return this.jdbc.query(
				"SELECT id, cache_name, cache_key FROM " + this.table + " WHERE key_prefix = ? ORDER BY created_at",
				(rs, row) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3)), this.keyPrefix);
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	private record Row(String id, String cacheName, @Nullable String key) {

	}

}
