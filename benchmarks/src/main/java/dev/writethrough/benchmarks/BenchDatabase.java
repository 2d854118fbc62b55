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
package dev.writethrough.benchmarks;

/**
 * The database behind the cache: PostgreSQL over loopback TCP, or H2 in memory inside the
 * benchmark JVM, which shows what a cache costs when the database needs no network.
 */
public enum BenchDatabase {

	/** The local PostgreSQL. */
	POSTGRES("postgres"),

	/** H2 in memory, one database per benchmark JVM. */
	H2("h2");

	private final String label;

	BenchDatabase(String label) {
		this.label = label;
	}

	/**
	 * The database as the benchmark parameter and the report write it.
	 * @return {@code postgres} or {@code h2}
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The JDBC URL.
	 * @return the URL
	 */
	public String url() {
		return (this == POSTGRES) ? Services.postgresUrl() : "jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1";
	}

	/**
	 * The user.
	 * @return the user
	 */
	public String user() {
		return (this == POSTGRES) ? Services.postgresUser() : "sa";
	}

	/**
	 * The password.
	 * @return the password
	 */
	public String password() {
		return (this == POSTGRES) ? Services.postgresPassword() : "";
	}

	/**
	 * The database of a label.
	 * @param label {@code postgres} or {@code h2}
	 * @return the database
	 */
	public static BenchDatabase of(String label) {
		for (BenchDatabase database : values()) {
			if (database.label.equals(label)) {
				return database;
			}
		}
		throw new IllegalArgumentException("Unknown database '" + label + "': use postgres or h2");
	}

}
