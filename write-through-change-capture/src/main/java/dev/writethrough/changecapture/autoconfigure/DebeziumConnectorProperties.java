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

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import dev.writethrough.changecapture.MariaDbBinlogDriver;
import dev.writethrough.changecapture.TableMapping;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;

/**
 * The Debezium connector properties for the database a JDBC URL names: PostgreSQL through
 * {@code pgoutput} (a replication slot and a publication of the mapped tables, both named
 * after the stream), MariaDB and MySQL through the row-based binary log. Neither takes a
 * snapshot: the stream starts where the log is when it first runs.
 *
 * @author write-through
 */
final class DebeziumConnectorProperties {

	private DebeziumConnectorProperties() {
	}

	static boolean isBinlog(String url) {
		return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
	}

	static Map<String, String> of(ChangeCaptureProperties.ChangeCapture stream, String url, @Nullable String username,
			@Nullable String password, List<TableMapping> mappings) {
		Assert.isTrue(stream.getName().matches("[a-z0-9_]+"),
				() -> "write-through.change-capture.name '" + stream.getName()
						+ "' must be lower-case letters, digits and underscores (it names the PostgreSQL"
						+ " replication slot)");
		if (!url.startsWith("jdbc:postgresql:") && !isBinlog(url)) {
			throw new IllegalStateException("Change capture follows PostgreSQL, MariaDB and MySQL, not '" + url
					+ "'; set write-through.change-capture.url to one of those or turn"
					+ " write-through.change-capture.enabled off");
		}
		URI uri = URI.create(url.substring("jdbc:".length()));
		String database = uri.getPath().replaceFirst("^/", "");
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("database.hostname", uri.getHost());
		if (username != null) {
			properties.put("database.user", username);
		}
		properties.put("database.password", (password != null) ? password : "");
		properties.put("snapshot.mode", "no_data");
		properties.put("heartbeat.interval.ms", Long.toString(stream.getHeartbeat().toMillis()));
		properties.put("decimal.handling.mode", "string");
		properties.put("tombstones.on.delete", "false");
		// How long the engine waits for more changes before it hands over a batch: every
		// millisecond of it is lag.
		properties.put("poll.interval.ms", "50");
		if (url.startsWith("jdbc:postgresql:")) {
			properties.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
			properties.put("database.port", Integer.toString((uri.getPort() > 0) ? uri.getPort() : 5432));
			properties.put("database.dbname", database);
			properties.put("plugin.name", "pgoutput");
			properties.put("slot.name", stream.getName());
			properties.put("publication.name", stream.getName());
			properties.put("publication.autocreate.mode", "filtered");
			properties.put("table.include.list", tables(mappings, "public"));
			// A child row's delete must carry its parent's key, and an update of a
			// versioned
			// row its old version: the whole old row, not only its primary key.
			Set<String> full = new LinkedHashSet<>();
			mappings.stream()
				.filter((mapping) -> mapping.child() || mapping.versionColumn() != null)
				.forEach((mapping) -> full.add(qualified(mapping, "public") + ":FULL"));
			if (!full.isEmpty()) {
				properties.put("replica.identity.autoset.values", String.join(",", full));
			}
			// After a leader died its slot is released once the database sees the
			// connection closed: the next leader retries quickly.
			properties.put("slot.retry.delay.ms", "500");
			properties.put("slot.max.retries", "120");
		}
		else if (isBinlog(url)) {
			properties.put("connector.class", "io.debezium.connector.mysql.MySqlConnector");
			properties.put("database.port", Integer.toString((uri.getPort() > 0) ? uri.getPort() : 3306));
			properties.put("database.include.list", database);
			properties.put("table.include.list", tables(mappings, database));
			properties.put("database.server.id", Long.toString((stream.getServerId() != null) ? stream.getServerId()
					: ThreadLocalRandom.current().nextLong(10_000, Integer.MAX_VALUE)));
			properties.put("snapshot.locking.mode", "none");
			properties.put("include.schema.changes", "false");
			properties.put("schema.history.internal.store.only.captured.tables.ddl", "true");
			properties.put("schema.history.internal.store.only.captured.databases.ddl", "true");
			// The binary log is the server's: DDL of other databases, in MariaDB syntax
			// the
			// MySQL parser does not know (ADD COLUMN IF NOT EXISTS), must not stop the
			// stream.
			properties.put("schema.history.internal.skip.unparseable.ddl", "true");
			properties.put("database.ssl.mode", "disabled");
			properties.put("connect.timeout.ms", "10000");
			if (url.startsWith("jdbc:mariadb:")) {
				properties.put("database.protocol", MariaDbBinlogDriver.PROTOCOL);
				properties.put("database.jdbc.driver", MariaDbBinlogDriver.class.getName());
			}
		}
		else {
			throw new IllegalStateException("Change capture follows PostgreSQL, MariaDB and MySQL, not '" + url
					+ "'; set write-through.change-capture.url to one of those or turn"
					+ " write-through.change-capture.enabled off");
		}
		properties.putAll(stream.getDebezium());
		return properties;
	}

	private static String tables(List<TableMapping> mappings, String defaultQualifier) {
		return mappings.stream()
			.map((mapping) -> qualified(mapping, defaultQualifier))
			.distinct()
			.map((table) -> table.replace(".", "\\."))
			.collect(Collectors.joining(","));
	}

	private static String qualified(TableMapping mapping, String defaultQualifier) {
		String qualifier = mapping.qualifier();
		return (StringUtils.hasText(qualifier) ? qualifier : defaultQualifier) + "." + mapping.tableName();
	}

}
