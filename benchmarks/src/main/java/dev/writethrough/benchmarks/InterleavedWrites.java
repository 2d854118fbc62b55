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
import java.util.Locale;

/**
 * A load harness for what JMH cannot do on a shared machine: it opens several libraries
 * in one JVM and alternates short bursts of single writes between them, so that noise
 * from other processes lands on all of them alike. Prints the median and the 99th
 * percentile of each. Used to check a hot-path change before the full comparison.
 * <p>
 * Arguments: {@code [database] [size] [rounds] [libraries...]}, for example
 * {@code postgres 200B 40 hand-written ours spring}. {@code -Dbench.profile=network} puts
 * every library's Redis and database connections behind latency proxies, as in the
 * comparison's network profile ({@code -Dbench.latency}, 250 µs each way by default).
 */
public final class InterleavedWrites {

	private static final int BURST = 100;

	private InterleavedWrites() {
	}

	public static void main(String[] args) {
		BenchDatabase database = BenchDatabase.of((args.length > 0) ? args[0] : "postgres");
		ValueSize size = ValueSize.of((args.length > 1) ? args[1] : "200B");
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 40;
		List<Library> libraries = new ArrayList<>();
		for (int i = 3; i < args.length; i++) {
			libraries.add(Library.of(args[i]));
		}
		if (libraries.isEmpty()) {
			libraries.addAll(List.of(Library.HAND_WRITTEN, Library.OURS));
		}
		NetworkProfile profile = NetworkProfile.of(System.getProperty("bench.profile", "loopback"));
		List<ProductStore> stores = new ArrayList<>();
		try {
			for (Library library : libraries) {
				stores.add(Fixture.open(library, database, profile, Fixture.POOL_SIZE, size.firstId(), ProductRows.KEYS,
						size.payload()));
			}
			String payload = size.payload();
			long[][] nanos = new long[libraries.size()][rounds * BURST];
			long written = 0;
			for (int round = -10; round < rounds; round++) {
				for (int l = 0; l < stores.size(); l++) {
					for (int i = 0; i < BURST; i++) {
						long id = size.firstId() + (written++ % ProductRows.KEYS);
						Product product = new Product(id, "written-" + written, payload);
						long start = System.nanoTime();
						stores.get(l).save(product);
						long took = System.nanoTime() - start;
						if (round >= 0) {
							nanos[l][round * BURST + i] = took;
						}
					}
				}
			}
			for (int l = 0; l < stores.size(); l++) {
				long[] sorted = nanos[l].clone();
				Arrays.sort(sorted);
				System.out.printf(Locale.ROOT, "%-13s p50 %7.1f us  p99 %8.1f us  (%s, %s, %s, %d writes)%n",
						libraries.get(l).label(), sorted[sorted.length / 2] / 1000.0,
						sorted[(int) (sorted.length * 0.99)] / 1000.0, database.label(), size.label(),
						(profile == NetworkProfile.NETWORK)
								? "network " + NetworkProfile.describe(NetworkProfile.latency()) + " each way"
								: "loopback",
						sorted.length);
			}
		}
		finally {
			stores.forEach(ProductStore::close);
		}
	}

}
