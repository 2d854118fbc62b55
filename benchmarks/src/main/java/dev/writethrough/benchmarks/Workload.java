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

import java.util.List;

import org.openjdk.jmh.annotations.Mode;

/**
 * One JMH run of the comparison: a benchmark method in one mode and thread count, over
 * every library and the given databases, value sizes and network profiles.
 *
 * @param id a short name, used in file names
 * @param title what the report calls it
 * @param method the {@link CacheBenchmarks} method
 * @param mode throughput, or sample time for latency percentiles
 * @param threads the threads calling at once
 * @param databases the databases
 * @param sizes the value sizes
 * @param profiles the network profiles ({@code loopback}, {@code network})
 */
public record Workload(String id, String title, String method, Mode mode, int threads, List<String> databases,
		List<String> sizes, List<String> profiles) {

	/** Both network profiles, loopback first. */
	public static final List<String> PROFILES = List.of(NetworkProfile.LOOPBACK.label(),
			NetworkProfile.NETWORK.label());

	/** The id of the "what the cache is for" workload. */
	public static final String DB_LOAD = "db-load";

	/**
	 * Whether this run measures latency percentiles (its throughput is then derived from
	 * the mean time of a call).
	 * @return {@code true} for sample time
	 */
	public boolean sampled() {
		return this.mode == Mode.SampleTime;
	}

	/**
	 * This run on other databases, sizes and profiles.
	 * @param databases the databases
	 * @param sizes the sizes
	 * @param profiles the profiles
	 * @return the run
	 */
	public Workload on(List<String> databases, List<String> sizes, List<String> profiles) {
		return new Workload(this.id, this.title, this.method, this.mode, this.threads, databases, sizes, profiles);
	}

	/**
	 * The workloads of a full comparison, each in both network profiles. Read hits do not
	 * touch the database, so they run on PostgreSQL only; read misses and writes also run
	 * on H2 to show the cache's cost when the database needs no network. Only the
	 * single-threaded read hit and the database-load workload run in throughput mode (the
	 * read hit's target is a throughput ratio and its allocation per hit is the
	 * allocation target; the database load reports its own read percentiles); every other
	 * workload runs in sample time, which gives the percentiles and, through the mean,
	 * the throughput.
	 * @return the workloads, in report order
	 */
	public static List<Workload> all() {
		List<String> both = List.of("200B", "10KB");
		List<String> small = List.of("200B");
		List<String> postgres = List.of("postgres");
		List<String> h2 = List.of("h2");
		String mixed = "mixed 90/10 read/write, Zipf keys, 4 threads";
		String saveAll = "saveAll of " + CacheBenchmarks.BATCH;
		String dbLoad = "what the cache is for: Zipf reads over " + String.format("%,d", CacheBenchmarks.DB_LOAD_ROWS)
				+ " rows, 5 % writes, pool of " + CacheBenchmarks.DB_LOAD_POOL + ", 8 threads";
		return List.of(
				new Workload("read-hit", "read hit, 1 thread", "readHit", Mode.Throughput, 1, postgres, both, PROFILES),
				new Workload("read-hit-8t", "read hit, 8 threads", "readHit", Mode.SampleTime, 8, postgres, small,
						PROFILES),
				new Workload("read-miss", "read miss + fill", "readMiss", Mode.SampleTime, 1, postgres, small,
						PROFILES),
				new Workload("read-miss", "read miss + fill", "readMiss", Mode.SampleTime, 1, h2, small, PROFILES),
				new Workload("write", "write", "write", Mode.SampleTime, 1, postgres, both, PROFILES),
				new Workload("write", "write", "write", Mode.SampleTime, 1, h2, small, PROFILES),
				new Workload("save-all", saveAll, "saveAll", Mode.SampleTime, 1, postgres, small, PROFILES),
				new Workload("mixed", mixed, "mixed", Mode.SampleTime, 4, postgres, small, PROFILES),
				new Workload(DB_LOAD, dbLoad, "dbLoad", Mode.Throughput, 8, postgres, small, PROFILES));
	}

}
