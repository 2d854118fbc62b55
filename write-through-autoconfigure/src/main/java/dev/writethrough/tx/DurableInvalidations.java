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

import java.time.Duration;
import java.util.function.Function;

import dev.writethrough.WriteThroughCache;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

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
 * @see #create(JdbcTemplate, String, String, boolean, Duration, Function,
 * PendingInvalidations)
 */
public sealed interface DurableInvalidations permits JdbcDurableInvalidations {

	/**
	 * Records the eviction of a key whose fence Redis did not take, in the current
	 * transaction.
	 * @param cacheName the cache's name
	 * @param key the key's string form, as in its Redis key
	 * @throws DataAccessException if the database does not take it (the commit is then
	 * refused: committing would leave nothing to evict the key after a restart)
	 */
	void record(String cacheName, String key);

	/**
	 * How many evictions of this application (its key prefix) are recorded and not yet
	 * done.
	 * @return the number of rows
	 */
	long size();

	/**
	 * Create a log over a table. The returned object is a
	 * {@code SmartInitializingSingleton} that creates the table if asked to, checks that
	 * it can be read, loads the recorded evictions and starts polling, and a
	 * {@code DisposableBean} that stops polling.
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
	 * @return the log
	 */
	static DurableInvalidations create(JdbcTemplate jdbc, String table, String keyPrefix, boolean initializeSchema,
			Duration pollInterval, Function<String, @Nullable WriteThroughCache> caches,
			PendingInvalidations pendingInvalidations) {
		return new JdbcDurableInvalidations(jdbc, table, keyPrefix, initializeSchema, pollInterval, caches,
				pendingInvalidations);
	}

}
