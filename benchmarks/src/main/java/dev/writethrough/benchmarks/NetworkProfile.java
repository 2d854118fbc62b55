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

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a benchmark JVM's libraries reach Redis and the database: straight over loopback,
 * or through a {@link LatencyProxy} each that adds a network's delay per direction
 * ({@code -Dbench.latency}, 250 µs by default). H2 runs in memory in the benchmark JVM,
 * so in the network profile only its Redis is behind the proxy.
 */
enum NetworkProfile {

	/** Redis and PostgreSQL over loopback TCP. */
	LOOPBACK("loopback"),

	/** Redis and PostgreSQL each behind a latency proxy. */
	NETWORK("network");

	/** The delay of the network profile when {@code bench.latency} is not set. */
	static final String DEFAULT_LATENCY = "250us";

	private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ns|us|µs|ms|s)");

	private final String label;

	NetworkProfile(String label) {
		this.label = label;
	}

	/**
	 * The profile as the benchmark parameter and the report write it.
	 * @return {@code loopback} or {@code network}
	 */
	String label() {
		return this.label;
	}

	/**
	 * Opens the routes of this profile: for the network profile, one latency proxy to
	 * Redis and one to PostgreSQL.
	 * @param latency the delay per direction
	 * @return the routes, to close after use
	 */
	Routes open(Duration latency) {
		if (this == LOOPBACK) {
			return new Routes(null, null);
		}
		LatencyProxy redis = new LatencyProxy(Services.redisHost(), Services.redisPort(), latency.toNanos());
		LatencyProxy postgres = new LatencyProxy(Services.postgresHost(), Services.postgresPort(), latency.toNanos());
		return new Routes(redis, postgres);
	}

	/**
	 * The profile of a label.
	 * @param label {@code loopback} or {@code network}
	 * @return the profile
	 */
	static NetworkProfile of(String label) {
		for (NetworkProfile profile : values()) {
			if (profile.label.equals(label)) {
				return profile;
			}
		}
		throw new IllegalArgumentException("Unknown profile '" + label + "': use loopback or network");
	}

	/**
	 * The delay per direction of the network profile: {@code bench.latency}, such as
	 * {@code 250us}, {@code 0.5ms} or {@code 1ms}.
	 * @return the delay
	 */
	static Duration latency() {
		return parseLatency(System.getProperty("bench.latency", DEFAULT_LATENCY));
	}

	static Duration parseLatency(String value) {
		Matcher matcher = DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
		if (!matcher.matches()) {
			throw new IllegalArgumentException("bench.latency '" + value
					+ "' is not a duration: write it as 250us, 0.25ms or 1ms (a number and ns, us, ms or s)");
		}
		double amount = Double.parseDouble(matcher.group(1));
		double nanosPerUnit = switch (matcher.group(2)) {
			case "ns" -> 1;
			case "us", "µs" -> 1_000;
			case "ms" -> 1_000_000;
			default -> 1_000_000_000;
		};
		return Duration.ofNanos(Math.round(amount * nanosPerUnit));
	}

	/**
	 * How a delay reads in the report.
	 * @param latency the delay
	 * @return for example {@code 250 µs}
	 */
	static String describe(Duration latency) {
		return String.format(Locale.ROOT, "%s µs", Report.number(latency.toNanos() / 1_000.0));
	}

	/**
	 * Where the libraries of one benchmark JVM connect.
	 */
	static final class Routes implements AutoCloseable {

		private final LatencyProxy redis;

		private final LatencyProxy postgres;

		private Routes(LatencyProxy redis, LatencyProxy postgres) {
			this.redis = redis;
			this.postgres = postgres;
		}

		String redisHost() {
			return (this.redis != null) ? this.redis.host() : Services.redisHost();
		}

		int redisPort() {
			return (this.redis != null) ? this.redis.port() : Services.redisPort();
		}

		/**
		 * The JDBC URL of a database on this route: PostgreSQL's with the proxy's host
		 * and port in the network profile, H2's unchanged.
		 * @param database the database
		 * @return the URL
		 */
		String jdbcUrl(BenchDatabase database) {
			if (database != BenchDatabase.POSTGRES || this.postgres == null) {
				return database.url();
			}
			return database.url()
				.replaceFirst("^jdbc:postgresql://[^/]*", Matcher
					.quoteReplacement("jdbc:postgresql://" + this.postgres.host() + ":" + this.postgres.port()));
		}

		@Override
		public void close() {
			if (this.redis != null) {
				this.redis.close();
			}
			if (this.postgres != null) {
				this.postgres.close();
			}
		}

	}

}
