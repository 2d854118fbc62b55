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

import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * What reaches the database in the "what the cache is for" workload, as a JMH profiler:
 * per measured iteration, the SQL statements per second that {@link ProductRows} sent
 * (every library's only SQL, counted on the JDBC side, a batch as one statement per row;
 * statements per call times the calls per second JMH measured) and the median and 99th
 * percentile of the reads alone, which {@link CacheBenchmarks#dbLoad} records.
 * <p>
 * The counters are static because JMH runs the profiler and the benchmark in the same
 * fork but hands them no common object; each iteration starts them from zero.
 */
public final class DatabaseLoad implements InternalProfiler {

	/** Secondary result: SQL statements per second. */
	static final String STATEMENTS = "db.statements";

	/** Secondary result: median read time in microseconds. */
	static final String READ_P50 = "read.p50";

	/** Secondary result: 99th percentile read time in microseconds. */
	static final String READ_P99 = "read.p99";

	private static final LongAdder statements = new LongAdder();

	private static final LongAdder calls = new LongAdder();

	// Buckets 1 % wide: bucket i holds times around 1.01^i ns, up to about 1,000 s.
	private static final double GROWTH = Math.log(1.01);

	private static final AtomicLongArray reads = new AtomicLongArray(3000);

	/**
	 * Counts statements sent to the database.
	 * @param count how many
	 */
	static void statements(int count) {
		statements.add(count);
	}

	/**
	 * Counts one call of the workload, a read or a write.
	 */
	static void call() {
		calls.increment();
	}

	/**
	 * Records the time of one read.
	 * @param nanos how long it took
	 */
	static void read(long nanos) {
		int bucket = (nanos <= 1) ? 0 : (int) (Math.log(nanos) / GROWTH);
		reads.incrementAndGet(Math.min(bucket, reads.length() - 1));
	}

	@Override
	public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
		statements.reset();
		calls.reset();
		for (int i = 0; i < reads.length(); i++) {
			reads.set(i, 0);
		}
	}

	@Override
	public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
			IterationResult result) {
		// Statements per call times the iteration's calls per second: the iteration's
		// wall time as JMH measures it, which excludes the trial's set-up and tear-down
		// that run inside the first and last iterations.
		long callCount = calls.sum();
		double perCall = (callCount > 0) ? (double) statements.sum() / callCount : Double.NaN;
		double callsPerSecond = result.getPrimaryResult().getScore();
		return List.of(new ScalarResult(STATEMENTS, perCall * callsPerSecond, "statements/s", AggregationPolicy.AVG),
				new ScalarResult(READ_P50, percentile(0.50), "us", AggregationPolicy.AVG),
				new ScalarResult(READ_P99, percentile(0.99), "us", AggregationPolicy.AVG));
	}

	private static double percentile(double fraction) {
		long total = 0;
		for (int i = 0; i < reads.length(); i++) {
			total += reads.get(i);
		}
		if (total == 0) {
			return Double.NaN;
		}
		long rank = (long) Math.ceil(total * fraction);
		long seen = 0;
		for (int i = 0; i < reads.length(); i++) {
			seen += reads.get(i);
			if (seen >= rank) {
				return Math.exp((i + 0.5) * GROWTH) / 1000.0;
			}
		}
		return Double.NaN;
	}

	@Override
	public String getDescription() {
		return "SQL statements per second and read percentiles of the database-load workload";
	}

}
