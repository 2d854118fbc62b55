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

import java.util.Map;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;

/**
 * One library's figures in one workload, database and value size.
 *
 * @param workload the run it came from
 * @param library the library
 * @param database the database
 * @param size the value size
 * @param opsPerSecond calls per second over all threads (with sample time: threads
 * divided by the mean time of a call)
 * @param p50 median time of a call in microseconds, {@code NaN} in throughput mode
 * @param p99 99th percentile in microseconds, {@code NaN} in throughput mode
 * @param p999 99.9th percentile in microseconds, {@code NaN} in throughput mode
 * @param allocatedBytes bytes allocated per call ({@code gc.alloc.rate.norm})
 * @param profile the network profile
 * @param statementsPerSecond SQL statements per second that reached the database, or
 * {@code NaN} where the workload does not count them
 */
public record Measurement(Workload workload, String library, String database, String size, double opsPerSecond,
		double p50, double p99, double p999, double allocatedBytes, String profile, double statementsPerSecond) {

	static Measurement of(Workload workload, RunResult result) {
		String library = result.getParams().getParam("library");
		String database = result.getParams().getParam("database");
		String size = result.getParams().getParam("size");
		String profile = result.getParams().getParam("profile");
		int threads = result.getParams().getThreads();
		Result<?> primary = result.getPrimaryResult();
		double allocated = Double.NaN;
		double statements = Double.NaN;
		double readP50 = Double.NaN;
		double readP99 = Double.NaN;
		for (Map.Entry<String, Result> secondary : result.getSecondaryResults().entrySet()) {
			String key = secondary.getKey();
			double score = secondary.getValue().getScore();
			if (key.endsWith("gc.alloc.rate.norm")) {
				allocated = score;
			}
			else if (key.equals(DatabaseLoad.STATEMENTS)) {
				statements = score;
			}
			else if (key.equals(DatabaseLoad.READ_P50)) {
				readP50 = score;
			}
			else if (key.equals(DatabaseLoad.READ_P99)) {
				readP99 = score;
			}
		}
		if (!workload.sampled()) {
			// The database-load workload's percentiles are its reads', which it records.
			return new Measurement(workload, library, database, size, primary.getScore(), readP50, readP99, Double.NaN,
					allocated, profile, statements);
		}
		Statistics statistics = primary.getStatistics();
		double meanMicros = primary.getScore();
		return new Measurement(workload, library, database, size, threads * 1_000_000.0 / meanMicros,
				statistics.getPercentile(50), statistics.getPercentile(99), statistics.getPercentile(99.9), allocated,
				profile, statements);
	}

	/**
	 * The group this measurement is compared within: the same network profile, workload,
	 * database and size.
	 * @return a key
	 */
	public String group() {
		return this.profile + " / " + this.workload.id() + " / " + this.database + " / " + this.size;
	}

}
