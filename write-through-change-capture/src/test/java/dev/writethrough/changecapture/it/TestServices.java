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

package dev.writethrough.changecapture.it;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.Awaitility;

import org.springframework.util.StreamUtils;

/**
 * The real databases and Redis these tests run against, found from the environment
 * ({@code WT_REDIS_URL}, {@code WT_POSTGRES_URL}, {@code WT_MARIADB_URL}, with
 * {@code _USER} and {@code _PASSWORD}) or on their local default ports; an absent service
 * fails the test with a message saying how to provide it. Change capture needs PostgreSQL
 * with {@code wal_level=logical} and MariaDB with a row-based binary log
 * ({@code .ci/prepare-databases} sets both).
 */
public enum TestServices {

	POSTGRES("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "schema-postgresql.sql"),

	MARIADB("jdbc:mariadb://127.0.0.1:3306/test", "root", "schema-mariadb.sql");

	private final String defaultUrl;

	private final String defaultUser;

	private final String schema;

	TestServices(String defaultUrl, String defaultUser, String schema) {
		this.defaultUrl = defaultUrl;
		this.defaultUser = defaultUser;
		this.schema = schema;
	}

	public String url() {
		return env("URL", this.defaultUrl);
	}

	public String user() {
		return env("USER", this.defaultUser);
	}

	public String password() {
		return env("PASSWORD", "");
	}

	private String env(String suffix, String fallback) {
		String value = System.getenv("WT_" + name() + "_" + suffix);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	public Connection connect() {
		try {
			return DriverManager.getConnection(url(), user(), password());
		}
		catch (SQLException ex) {
			throw new IllegalStateException(name() + " is not reachable at " + url() + " (" + ex.getMessage()
					+ "). Change capture tests need a real " + name() + ": start the local service (.ci/run does),"
					+ " or set WT_" + name() + "_URL, WT_" + name() + "_USER and WT_" + name() + "_PASSWORD", ex);
		}
	}

	/**
	 * A stream name no other run uses: each test class creates its own slot and
	 * publication and drops them.
	 * @param test what the stream is for
	 * @return the name
	 */
	public static String uniqueStreamName(String test) {
		return "wtcc_" + test + "_" + Long.toString(ThreadLocalRandom.current().nextLong(Long.MAX_VALUE), 36);
	}

	/**
	 * Creates the test tables if they are missing and empties them.
	 */
	public void resetTables() {
		try (Connection connection = connect(); Statement statement = connection.createStatement()) {
			String script = StreamUtils.copyToString(TestServices.class.getResourceAsStream("/" + this.schema),
					java.nio.charset.StandardCharsets.UTF_8);
			for (String sql : script.split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
			statement.execute("delete from cc_visits");
			statement.execute("delete from cc_pets");
			statement.execute("delete from cc_owners");
		}
		catch (Exception ex) {
			throw new IllegalStateException("Cannot prepare the test tables on " + url(), ex);
		}
	}

	/**
	 * Drops the replication slot and publication a stream created (PostgreSQL only),
	 * waiting for the slot to be released by the engine that stopped. Never touches
	 * another slot.
	 * @param stream the stream's name
	 */
	public void dropStream(String stream) {
		if (this != POSTGRES) {
			return;
		}
		try (Connection connection = connect()) {
			Awaitility.await("replication slot '" + stream + "' released by the engine that stopped")
				.atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> dropSlotUnlessActive(connection, stream));
			try (Statement statement = connection.createStatement()) {
				statement.execute("drop publication if exists " + stream);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot drop the replication slot '" + stream + "'", ex);
		}
	}

	// True once the slot is gone: absent, or dropped now because no engine holds it.
	private static boolean dropSlotUnlessActive(Connection connection, String stream) throws SQLException {
		try (PreparedStatement query = connection
			.prepareStatement("select active from pg_replication_slots where slot_name = ?")) {
			query.setString(1, stream);
			try (ResultSet slot = query.executeQuery()) {
				if (!slot.next()) {
					return true;
				}
				if (slot.getBoolean(1)) {
					return false;
				}
			}
		}
		try (PreparedStatement drop = connection.prepareStatement("select pg_drop_replication_slot(?)")) {
			drop.setString(1, stream);
			drop.execute();
		}
		return true;
	}

	/**
	 * The Spring properties that point an application at this database and at Redis.
	 * @return the properties
	 */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.datasource.url", url());
		properties.put("spring.datasource.username", user());
		properties.put("spring.datasource.password", password());
		properties.put("spring.data.redis.url", redisUrl());
		return properties;
	}

	public static String redisUrl() {
		String url = System.getenv("WT_REDIS_URL");
		String resolved = (url != null && !url.isBlank()) ? url : "redis://127.0.0.1:6379";
		URI uri = URI.create(resolved);
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Redis is not reachable at " + resolved + ". Change capture tests need a"
					+ " real Redis: start one with 'redis-server --daemonize yes --save \"\"', or set WT_REDIS_URL");
		}
		return resolved;
	}

	/**
	 * Command-line arguments of the same properties, for an application in another JVM.
	 * @param extra further properties
	 * @return the arguments
	 */
	public List<String> arguments(Map<String, Object> extra) {
		List<String> arguments = new ArrayList<>();
		Map<String, Object> all = new LinkedHashMap<>(properties());
		all.putAll(extra);
		all.forEach((key, value) -> arguments.add("--" + key + "=" + value));
		return arguments;
	}

}
