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
 * every library and the given databases and value sizes.
 *
 * @param id a short name, used in file names
 * @param title what the report calls it
 * @param method the {@link CacheBenchmarks} method
 * @param mode throughput, or sample time for latency percentiles
 * @param threads the threads calling at once
 * @param databases the databases
 * @param sizes the value sizes
 */
public record Workload(String id, String title, String method, Mode mode, int threads, List<String> databases,
		List<String> sizes) {

	/**
	 * Whether this run measures latency percentiles (its throughput is then derived from
	 * the mean time of a call).
	 * @return {@code true} for sample time
	 */
	public boolean sampled() {
		return this.mode == Mode.SampleTime;
	}

	/**
	 * The workloads of a full comparison, sized so the whole run fits in ten minutes on
	 * two cores (50 forks). Read hits do not touch the database, so they run on
	 * PostgreSQL only; read misses and writes also run on H2 to show the cache's cost
	 * when the database needs no network. Only the single-threaded read hit runs in
	 * throughput mode (its target is a throughput ratio and its allocation per hit is the
	 * allocation target); every other workload runs in sample time, which gives the
	 * percentiles and, through the mean, the throughput.
	 * @return the workloads, in report order
	 */
	public static List<Workload> all() {
		List<String> both = List.of("200B", "10KB");
		List<String> small = List.of("200B");
		List<String> postgres = List.of("postgres");
		List<String> h2 = List.of("h2");
		String mixed = "mixed 90/10 read/write, Zipf keys, 4 threads";
		String saveAll = "saveAll of " + CacheBenchmarks.BATCH;
		return List.of(new Workload("read-hit", "read hit, 1 thread", "readHit", Mode.Throughput, 1, postgres, both),
				new Workload("read-hit-8t", "read hit, 8 threads", "readHit", Mode.SampleTime, 8, postgres, small),
				new Workload("read-miss", "read miss + fill", "readMiss", Mode.SampleTime, 1, postgres, small),
				new Workload("read-miss", "read miss + fill", "readMiss", Mode.SampleTime, 1, h2, small),
				new Workload("write", "write", "write", Mode.SampleTime, 1, postgres, both),
				new Workload("write", "write", "write", Mode.SampleTime, 1, h2, small),
				new Workload("save-all", saveAll, "saveAll", Mode.SampleTime, 1, postgres, small),
				new Workload("mixed", mixed, "mixed", Mode.SampleTime, 4, postgres, small));
	}
}
