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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The workloads, each a benchmark method over one library, one database, one value size
 * and one network profile (the parameters). {@link Comparison} chooses the mode, the
 * threads and the parameter sets of each run; every parameter set runs in a JVM of its
 * own.
 */
@State(Scope.Benchmark)
public class CacheBenchmarks {

	/** Products written by one {@link #saveAll} call. */
	public static final int BATCH = 100;

	/** One write in ten in {@link #mixed}. */
	private static final int WRITE_ONE_IN = 10;

	/** Rows read and written by {@link #dbLoad}. */
	public static final int DB_LOAD_ROWS = 10_000;

	/** The JDBC pool of every library in {@link #dbLoad}: a small one. */
	public static final int DB_LOAD_POOL = 4;

	/** One write in twenty (5 %) in {@link #dbLoad}. */
	private static final int DB_LOAD_WRITE_ONE_IN = 20;

	/** The rows of {@link #dbLoad} (200 B values) follow those of the two sizes. */
	private static final long DB_LOAD_FIRST_ID = 2_000_001;

	@Param({ "hand-written", "ours", "spring", "redisson", "no-cache" })
	public String library;

	@Param({ "postgres" })
	public String database;

	@Param({ "200B" })
	public String size;

	@Param({ "loopback" })
	public String profile;

	private ProductStore store;

	private Product[] products;

	private long firstId;

	private String payload;

	@Setup(Level.Trial)
	public void open(BenchmarkParams params) {
		ValueSize valueSize = ValueSize.of(this.size);
		String payload = valueSize.payload();
		if (params.getBenchmark().endsWith(".dbLoad")) {
			this.store = Fixture.open(Library.of(this.library), BenchDatabase.of(this.database),
					NetworkProfile.of(this.profile), DB_LOAD_POOL, DB_LOAD_FIRST_ID, DB_LOAD_ROWS, payload);
			this.payload = payload;
			return;
		}
		this.store = Fixture.open(Library.of(this.library), BenchDatabase.of(this.database),
				NetworkProfile.of(this.profile), Fixture.POOL_SIZE, valueSize.firstId(), ProductRows.KEYS, payload);
		this.firstId = valueSize.firstId();
		this.products = new Product[ProductRows.KEYS];
		for (int i = 0; i < ProductRows.KEYS; i++) {
			this.products[i] = new Product(this.firstId + i, "product-" + i, payload);
		}
		if (params.getBenchmark().endsWith(".readHit") || params.getBenchmark().endsWith(".mixed")) {
			// Every key is cached before the first iteration: reads hit unless a
			// workload writes.
			for (int i = 0; i < ProductRows.KEYS; i++) {
				this.store.find(this.firstId + i);
			}
		}
	}

	@TearDown(Level.Trial)
	public void close() {
		this.store.close();
	}

	/**
	 * A read of a cached key.
	 * @param cursor the thread's position among the keys
	 * @return the product
	 */
	@Benchmark
	public Product readHit(Cursor cursor) {
		return this.store.find(this.firstId + cursor.next());
	}

	/**
	 * A read of a key evicted just before (the eviction is not measured): the row is read
	 * and the cache filled.
	 * @param miss the key evicted for this call
	 * @return the product
	 */
	@Benchmark
	public Product readMiss(Miss miss) {
		return this.store.find(miss.id);
	}

	/**
	 * A write of one row: its transaction, then its cache update.
	 * @param cursor the thread's position among the keys
	 * @return the product
	 */
	@Benchmark
	public Product write(Cursor cursor) {
		int index = cursor.next();
		return this.store.save(this.products[index].renamed(cursor.name()));
	}

	/**
	 * A write of {@value #BATCH} rows in one transaction, then their cache updates.
	 * @param cursor the thread's position among the keys
	 * @return the products
	 */
	@Benchmark
	public List<Product> saveAll(Cursor cursor) {
		int start = cursor.nextBatch();
		String name = cursor.name();
		List<Product> batch = new ArrayList<>(BATCH);
		for (int i = start; i < start + BATCH; i++) {
			batch.add(this.products[i].renamed(name));
		}
		return this.store.saveAll(batch);
	}

	/**
	 * Nine reads for one write, over a Zipf-like key distribution (a few keys are hot, so
	 * writers overlap on them).
	 * @param cursor the thread's random source
	 * @return the product read or written
	 */
	@Benchmark
	public Product mixed(Cursor cursor) {
		int index = cursor.zipf();
		if (cursor.random.nextInt(WRITE_ONE_IN) == 0) {
			return this.store.save(this.products[index].renamed(cursor.name()));
		}
		return this.store.find(this.firstId + index);
	}

	/**
	 * What the cache is for: reads of {@value #DB_LOAD_ROWS} rows with Zipf-distributed
	 * keys and one write in {@value #DB_LOAD_WRITE_ONE_IN}, the database behind a pool of
	 * {@value #DB_LOAD_POOL}. {@link DatabaseLoad} reports the statements that reach the
	 * database and the reads' percentiles, which this method records.
	 * @param cursor the thread's random source
	 * @return the product read or written
	 */
	@Benchmark
	public Product dbLoad(Cursor cursor) {
		long id = DB_LOAD_FIRST_ID + cursor.zipfWide();
		DatabaseLoad.call();
		if (cursor.random.nextInt(DB_LOAD_WRITE_ONE_IN) == 0) {
			return this.store.save(new Product(id, cursor.name(), this.payload));
		}
		long start = System.nanoTime();
		Product product = this.store.find(id);
		DatabaseLoad.read(System.nanoTime() - start);
		return product;
	}

	/**
	 * A thread's position among the keys and its random source.
	 */
	@State(Scope.Thread)
	public static class Cursor {

		private static final double[] ZIPF = zipfDistribution(ProductRows.KEYS, 1.0);

		private static final double[] ZIPF_WIDE = zipfDistribution(DB_LOAD_ROWS, 1.0);

		SplittableRandom random;

		private int position;

		private long writes;

		@Setup(Level.Trial)
		public void start() {
			this.random = new SplittableRandom(ThreadLocalRandom.current().nextLong());
			this.position = this.random.nextInt(ProductRows.KEYS);
		}

		int next() {
			this.position = (this.position + 1) % ProductRows.KEYS;
			return this.position;
		}

		int nextBatch() {
			this.position = (this.position + BATCH) % (ProductRows.KEYS - BATCH + 1);
			return this.position;
		}

		String name() {
			return "written-" + (++this.writes);
		}

		int zipf() {
			return rank(ZIPF);
		}

		int zipfWide() {
			return rank(ZIPF_WIDE);
		}

		private int rank(double[] distribution) {
			int index = Arrays.binarySearch(distribution, this.random.nextDouble());
			return Math.min((index >= 0) ? index : -index - 1, distribution.length - 1);
		}

		// The cumulative distribution of ranks 1..n with P(k) proportional to 1/k^s.
		private static double[] zipfDistribution(int n, double s) {
			double[] cumulative = new double[n];
			double sum = 0;
			for (int k = 1; k <= n; k++) {
				sum += 1 / Math.pow(k, s);
				cumulative[k - 1] = sum;
			}
			for (int i = 0; i < n; i++) {
				cumulative[i] /= sum;
			}
			return cumulative;
		}

	}

	/**
	 * The key a {@link #readMiss} call reads, evicted before the call.
	 */
	@State(Scope.Thread)
	public static class Miss {

		long id;

		private int position;

		@Setup(Level.Invocation)
		public void evict(CacheBenchmarks benchmarks) {
			this.position = (this.position + 1) % ProductRows.KEYS;
			this.id = benchmarks.firstId + this.position;
			benchmarks.store.evictFromCache(this.id);
		}

	}

}
