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

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * Where the benchmarks find Redis and PostgreSQL: the same environment variables the
 * tests read ({@code WT_REDIS_URL=redis://host:port}, {@code WT_POSTGRES_URL} with
 * {@code _USER} and {@code _PASSWORD}), else the local services on their standard ports.
 * H2 runs in memory inside each benchmark JVM.
 */
public final class Services {

	private Services() {
	}

	/**
	 * The Redis host.
	 * @return the host
	 */
	public static String redisHost() {
		return redisUri().getHost();
	}

	/**
	 * The Redis port.
	 * @return the port
	 */
	public static int redisPort() {
		int port = redisUri().getPort();
		return (port > 0) ? port : 6379;
	}

	private static URI redisUri() {
		return URI.create(env("WT_REDIS_URL", "redis://127.0.0.1:6379"));
	}

	/**
	 * The JDBC URL of PostgreSQL.
	 * @return the URL
	 */
	public static String postgresUrl() {
		return env("WT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
	}

	/**
	 * The PostgreSQL host.
	 * @return the host
	 */
	static String postgresHost() {
		return postgresUri().getHost();
	}

	/**
	 * The PostgreSQL port.
	 * @return the port
	 */
	static int postgresPort() {
		int port = postgresUri().getPort();
		return (port > 0) ? port : 5432;
	}

	private static URI postgresUri() {
		return URI.create(postgresUrl().substring("jdbc:".length()));
	}

	/**
	 * The PostgreSQL user: {@code WT_POSTGRES_USER} as the tests read it
	 * ({@code WT_POSTGRES_URL_USER} is still honoured).
	 * @return the user
	 */
	public static String postgresUser() {
		return env("WT_POSTGRES_USER", env("WT_POSTGRES_URL_USER", "postgres"));
	}

	/**
	 * The PostgreSQL password: {@code WT_POSTGRES_PASSWORD} as the tests read it
	 * ({@code WT_POSTGRES_URL_PASSWORD} is still honoured).
	 * @return the password, empty for trust authentication
	 */
	public static String postgresPassword() {
		return env("WT_POSTGRES_PASSWORD", env("WT_POSTGRES_URL_PASSWORD", ""));
	}

	/**
	 * Fails with a message that says how to provide a service when Redis or PostgreSQL
	 * does not accept connections.
	 * @throws IllegalStateException if one of them is not reachable
	 */
	public static void requireReachable() {
		require("Redis", redisHost(), redisPort(),
				"start redis-server on 127.0.0.1:6379 (or run .ci/run, which starts it),"
						+ " or point WT_REDIS_URL=redis://host:port at one");
		require("PostgreSQL", postgresHost(), postgresPort(),
				"start PostgreSQL on 127.0.0.1:5432 with a database 'test' for user 'postgres' (.ci/run does),"
						+ " or set WT_POSTGRES_URL, WT_POSTGRES_USER and WT_POSTGRES_PASSWORD");
	}

	private static void require(String name, String host, int port, String howTo) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 2000);
		}
		catch (Exception ex) {
			throw new IllegalStateException("The benchmarks need " + name + " at " + host + ":" + port
					+ ", which does not answer (" + ex.getMessage() + "): " + howTo, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
