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

package dev.writethrough.it.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;

import org.testcontainers.containers.JdbcDatabaseContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The databases the suites run against, found as DESIGN.md says: an explicit URL from the
 * environment ({@code WT_POSTGRES_URL}, {@code WT_MARIADB_URL}, with {@code _USER} and
 * {@code _PASSWORD}); else the local service; else a Testcontainers container when a
 * Docker engine is there. Otherwise the test fails with a message saying how to provide
 * one; it never skips.
 */
public enum TestDatabase {

	/** The embedded default; a fresh in-memory database per context. */
	H2("h2", null, "sa", ""),

	/** PostgreSQL, local {@code test} database by default. */
	POSTGRES("postgresql", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", ""),

	/** MariaDB, local {@code test} database by default. */
	MARIADB("mariadb", "jdbc:mariadb://127.0.0.1:3306/test", "root", "");

	private final String platform;

	private final String localUrl;

	private final String localUser;

	private final String localPassword;

	TestDatabase(String platform, String localUrl, String localUser, String localPassword) {
		this.platform = platform;
		this.localUrl = localUrl;
		this.localUser = localUser;
		this.localPassword = localPassword;
	}

	/**
	 * Registers the datasource properties of this database, checking first that it
	 * answers.
	 * @param registry the test's property registry
	 */
	public void register(DynamicPropertyRegistry registry) {
		Details details = resolve();
		registry.add("spring.datasource.url", details::url);
		registry.add("spring.datasource.username", details::user);
		registry.add("spring.datasource.password", details::password);
		registry.add("spring.sql.init.platform", () -> this.platform);
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> "6");
		registry.add("spring.datasource.hikari.minimum-idle", () -> "1");
	}

	private Details resolve() {
		if (this == H2) {
			return new Details("jdbc:h2:mem:wt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;DATABASE_TO_LOWER=TRUE",
					this.localUser, this.localPassword);
		}
		String url = System.getenv("WT_" + name() + "_URL");
		if (url != null && !url.isBlank()) {
			Details details = new Details(url, env("USER", this.localUser), env("PASSWORD", this.localPassword));
			SQLException failure = connect(details);
			if (failure != null) {
				throw new IllegalStateException(name() + " is not reachable at WT_" + name() + "_URL=" + url + " ("
						+ failure.getMessage() + "). Fix the URL (and WT_" + name() + "_USER / _PASSWORD)", failure);
			}
			return details;
		}
		Details local = new Details(this.localUrl, this.localUser, this.localPassword);
		SQLException failure = connect(local);
		if (failure == null) {
			return local;
		}
		if (DockerServices.dockerAvailable()) {
			JdbcDatabaseContainer<?> container = (this == POSTGRES) ? DockerServices.postgres()
					: DockerServices.mariadb();
			return new Details(container.getJdbcUrl(), container.getUsername(), container.getPassword());
		}
		throw new IllegalStateException(name() + " is not reachable at " + this.localUrl + " (" + failure.getMessage()
				+ ") and there is no Docker engine for Testcontainers. These tests need a real " + name() + ": "
				+ howToProvide(), failure);
	}

	private String howToProvide() {
		return switch (this) {
			case POSTGRES -> "start the local one with 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql)"
					+ " main start' (database 'test', trust auth), or set WT_POSTGRES_URL, WT_POSTGRES_USER and"
					+ " WT_POSTGRES_PASSWORD, or run a Docker engine";
			case MARIADB -> "start the local one with 'start-stop-daemon --start --oknodo --background --exec"
					+ " /usr/sbin/mariadbd' (database 'test', root without password), or set WT_MARIADB_URL,"
					+ " WT_MARIADB_USER and WT_MARIADB_PASSWORD, or run a Docker engine";
			case H2 -> "nothing: it is embedded";
		};
	}

	private String env(String suffix, String fallback) {
		String value = System.getenv("WT_" + name() + "_" + suffix);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

	private static SQLException connect(Details details) {
		try (Connection connection = DriverManager.getConnection(details.url(), details.user(), details.password())) {
			connection.isValid(2);
			return null;
		}
		catch (SQLException ex) {
			return ex;
		}
	}

	private record Details(String url, String user, String password) {

	}

}
