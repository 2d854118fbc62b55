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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * Turns the measurements into {@code results.md} (the targets of issue 13 for both
 * network profiles, the database-load workload, then per profile and workload the
 * absolute figures and the ratios against hand-written) and PNG charts.
 */
final class Report {

	private static final String BASELINE = Library.HAND_WRITTEN.label();

	private static final String OURS = Library.OURS.label();

	private static final String SPRING = Library.SPRING.label();

	private static final String LOOPBACK = NetworkProfile.LOOPBACK.label();

	private static final String NETWORK = NetworkProfile.NETWORK.label();

	/**
	 * The targets of issue 13, ours against hand-written in the same profile; the network
	 * profile's write median has its own, tighter limit.
	 */
	private static final List<Target> TARGETS = List.of(
			new Target("write, median", "write / postgres / 200B", Measurement::p50, 1.20, 1.10, false, false),
			new Target("write, p99", "write / postgres / 200B", Measurement::p99, 1.35, 1.35, false, false),
			new Target("write, 10 KB, median", "write / postgres / 10KB", Measurement::p50, 1.20, 1.20, false, false),
			new Target("write on H2, median", "write / h2 / 200B", Measurement::p50, 2.5, 2.5, false, false),
			new Target("write on H2, p99", "write / h2 / 200B", Measurement::p99, 4.0, 4.0, false, false),
			new Target("`saveAll` of 100, median", "save-all / postgres / 200B", Measurement::p50, 1.6, 1.6, false,
					false),
			new Target("read miss + fill, throughput", "read-miss / postgres / 200B", Measurement::opsPerSecond, 0.85,
					0.85, true, false),
			new Target("read hit, 8 threads, throughput", "read-hit-8t / postgres / 200B", Measurement::opsPerSecond,
					0.95, 0.95, true, false),
			new Target("mixed 90/10 Zipf, throughput", "mixed / postgres / 200B", Measurement::opsPerSecond, 0.95, 0.95,
					true, false),
			new Target("allocation per write", "write / postgres / 200B", Measurement::allocatedBytes, 2.5, 2.5, false,
					true),
			new Target("allocation per hit", "read-hit / postgres / 200B", Measurement::allocatedBytes, 1.5, 1.5, false,
					true));

	/** Where reads must be at least as fast as Spring's. */
	private static final List<String> READS = List.of("read-hit / postgres / 200B", "read-hit / postgres / 10KB",
			"read-hit-8t / postgres / 200B", "read-miss / postgres / 200B", "read-miss / h2 / 200B",
			"mixed / postgres / 200B", Workload.DB_LOAD + " / postgres / 200B");

	private final Comparison.Settings settings;

	private final Map<String, List<Measurement>> groups = new LinkedHashMap<>();

	private final Duration took;

	private final ProxyOverhead proxy;

	Report(Comparison.Settings settings, List<Measurement> measurements, Duration took, ProxyOverhead proxy) {
		this.settings = settings;
		this.took = took;
		this.proxy = proxy;
		List<Measurement> ordered = new ArrayList<>(measurements);
		// Loopback before network; otherwise in run order.
		ordered.sort(Comparator.comparingInt((Measurement m) -> NetworkProfile.of(m.profile()).ordinal()));
		ordered.forEach((measurement) -> this.groups.computeIfAbsent(measurement.group(), (key) -> new ArrayList<>())
			.add(measurement));
		this.groups.values()
			.forEach((group) -> group
				.sort((a, b) -> Integer.compare(Library.of(a.library()).ordinal(), Library.of(b.library()).ordinal())));
	}

	/**
	 * The measurement of a library in a group, if it ran.
	 */
	Measurement find(String group, String library) {
		for (Measurement measurement : this.groups.getOrDefault(group, List.of())) {
			if (measurement.library().equals(library)) {
				return measurement;
			}
		}
		return null;
	}

	void writeMarkdown(Path file, Machine machine) throws IOException {
		StringBuilder md = new StringBuilder();
		md.append("# Side-by-side comparison\n\n");
		md.append(String.format(Locale.ROOT,
				"Machine: %d cores (%s), %s; Redis %s and PostgreSQL %s; H2 %s in memory (details in"
						+ " [machine.md](machine.md)).%n%n",
				machine.cores(), machine.cpu(), machine.jdk(), machine.redis(), machine.postgres(), machine.h2()));
		md.append("Command:\n\n```shell\n" + Machine.COMMAND + "\n```\n\n");
		md.append(String.format(Locale.ROOT,
				"Two profiles: **loopback** (Redis and PostgreSQL over loopback TCP) and **network** (every"
						+ " library's Redis and PostgreSQL connections through an in-process latency proxy that"
						+ " delays each direction by %s, so a round trip costs what it would on a network; H2 stays"
						+ " in memory, so on H2 only Redis is behind the proxy). Ratios are against"
						+ " **hand-written** (JdbcTemplate transaction + Lettuce SET; Lettuce GET + JSON decode)"
						+ " measured in the same run and the same profile. Throughput ratio above 1 is faster"
						+ " than hand-written; latency ratio above 1 is slower. See the README of `benchmarks/`"
						+ " for what each library runs.%n%n",
				NetworkProfile.describe(this.settings.latency())));
		md.append(String.format(Locale.ROOT,
				"Settings: %d fork(s) per library and parameter set, %d warm-up iteration(s) of %s, %d measured"
						+ " iteration(s) of %s; JMH `-prof gc`. The run took %d min %d s.%n%n",
				this.settings.forks(), this.settings.warmups(), human(this.settings.warmupTime()),
				this.settings.iterations(), human(this.settings.time()), this.took.toMinutes(),
				this.took.toSecondsPart()));
		writeTargets(md);
		writeDatabaseLoad(md);
		for (String profile : Workload.PROFILES) {
			if (this.groups.keySet().stream().noneMatch((group) -> group.startsWith(profile + " / "))) {
				continue;
			}
			md.append("## ")
				.append(profile.equals(LOOPBACK) ? "Loopback"
						: "Network (" + NetworkProfile.describe(this.settings.latency()) + " each way)")
				.append("\n\n");
			if (profile.equals(NETWORK) && this.proxy != null) {
				md.append(this.proxy.markdown()).append('\n');
			}
			md.append("ops/s is over all threads; in latency (sample time) runs it is threads / mean call time."
					+ " Latencies are in microseconds. alloc is `gc.alloc.rate.norm`, bytes allocated per call in"
					+ " the benchmark JVM (the Spring context's, Lettuce's and Redisson's threads included).\n\n");
			for (Map.Entry<String, List<Measurement>> entry : this.groups.entrySet()) {
				Measurement first = entry.getValue().get(0);
				if (first.profile().equals(profile) && !first.workload().id().equals(Workload.DB_LOAD)) {
					writeGroup(md, entry.getKey(), entry.getValue());
				}
			}
		}
		md.append("Charts (both profiles side by side): ");
		for (String id : workloadIds()) {
			md.append("[throughput ").append(id).append("](throughput-").append(id).append(".png) ");
			if (hasPercentiles(id)) {
				md.append("· [p99 ").append(id).append("](p99-").append(id).append(".png) ");
			}
			if (id.equals(Workload.DB_LOAD)) {
				md.append("· [database statements ").append(id).append("](db-statements-").append(id).append(".png) ");
			}
		}
		md.append("\n");
		Files.writeString(file, md.toString());
	}

	private void writeTargets(StringBuilder md) {
		md.append("## Targets (issue 13)\n\n");
		md.append("Ours against hand-written in the same profile (Spring's transaction-aware cache beside it for"
				+ " scale); PostgreSQL and 200 B unless the row says otherwise. **MET** or **MISSED** is this run's"
				+ " verdict; – where the workload did not run.\n\n");
		List<String> profiles = profilesRun();
		StringBuilder header = new StringBuilder("| target |");
		StringBuilder rule = new StringBuilder("|---|");
		for (String profile : profiles) {
			header.append(" limit (").append(profile).append(") | ours | Spring | |");
			rule.append("---:|---:|---:|---|");
		}
		StringBuilder rows = new StringBuilder();
		Map<String, int[]> tally = new LinkedHashMap<>();
		for (Target target : TARGETS) {
			rows.append("| ").append(target.name()).append(" |");
			for (String profile : profiles) {
				double limit = profile.equals(NETWORK) ? target.networkLimit() : target.limit();
				String group = profile + " / " + target.group();
				Measurement hw = find(group, BASELINE);
				Measurement ours = find(group, OURS);
				Measurement spring = find(group, SPRING);
				rows.append(String.format(Locale.ROOT, " %s %.2f× | %s | %s | %s |", target.atLeast() ? "≥" : "≤",
						limit, cell(target, ours, hw), cell(target, spring, hw),
						verdict(tally, profile, target.ratio(ours, hw), limit, target.atLeast())));
			}
			rows.append('\n');
		}
		md.append(header).append('\n').append(rule).append('\n').append(rows).append('\n');
		md.append("Reads at least as fast as Spring's in every workload (ours / Spring, throughput, ≥ 1.00×):\n\n");
		StringBuilder readHeader = new StringBuilder("| workload |");
		StringBuilder readRule = new StringBuilder("|---|");
		for (String profile : profiles) {
			readHeader.append(" ").append(profile).append(" | |");
			readRule.append("---:|---|");
		}
		md.append(readHeader).append('\n').append(readRule).append('\n');
		for (String group : READS) {
			md.append("| ").append(group).append(" |");
			for (String profile : profiles) {
				Measurement ours = find(profile + " / " + group, OURS);
				Measurement spring = find(profile + " / " + group, SPRING);
				double ratio = (ours != null && spring != null) ? ours.opsPerSecond() / spring.opsPerSecond()
						: Double.NaN;
				md.append(String.format(Locale.ROOT, " %s | %s |", Double.isNaN(ratio) ? "–" : times(ratio),
						verdict(tally, profile, ratio, 1.0, true)));
			}
			md.append('\n');
		}
		md.append('\n');
		for (Map.Entry<String, int[]> entry : tally.entrySet()) {
			md.append(String.format(Locale.ROOT, "%s: %d of %d checks met.%n", entry.getKey(), entry.getValue()[0],
					entry.getValue()[1]));
		}
		md.append('\n');
	}

	private static String cell(Target target, Measurement m, Measurement hw) {
		double ratio = target.ratio(m, hw);
		if (Double.isNaN(ratio)) {
			return "–";
		}
		if (target.bytes()) {
			return String.format(Locale.ROOT, "%s KB (%s)", number(target.metric().applyAsDouble(m) / 1024),
					times(ratio));
		}
		return times(ratio);
	}

	private static String verdict(Map<String, int[]> tally, String profile, double ratio, double limit,
			boolean atLeast) {
		if (Double.isNaN(ratio)) {
			return "–";
		}
		boolean met = atLeast ? ratio >= limit : ratio <= limit;
		int[] counts = tally.computeIfAbsent(profile, (key) -> new int[2]);
		counts[0] += met ? 1 : 0;
		counts[1]++;
		return met ? "**MET**" : "**MISSED**";
	}

	private void writeDatabaseLoad(StringBuilder md) {
		List<Map.Entry<String, List<Measurement>>> loads = this.groups.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get(0).workload().id().equals(Workload.DB_LOAD))
			.toList();
		if (loads.isEmpty()) {
			return;
		}
		md.append("## What the cache is for\n\n");
		md.append(String.format(Locale.ROOT,
				"8 threads read %,d rows with Zipf-distributed keys (s = 1) and write one call in 20, with every"
						+ " library's JDBC pool at %d connections. Statements are the SQL statements that reached"
						+ " the database per second, counted on the JDBC side (every library runs the same"
						+ " `ProductRows` SQL); read p50 and p99 are of the reads alone. Throughput mode, so there"
						+ " is no overall p99; ops/s counts reads and writes.%n%n",
				CacheBenchmarks.DB_LOAD_ROWS, CacheBenchmarks.DB_LOAD_POOL));
		for (Map.Entry<String, List<Measurement>> entry : loads) {
			List<Measurement> group = entry.getValue();
			heading(md, group.get(0));
			Measurement base = find(entry.getKey(), BASELINE);
			Measurement uncached = find(entry.getKey(), Library.NO_CACHE.label());
			md.append("| library | ops/s | × hw | statements/s | × no-cache | read p50 µs | read p99 µs | × hw |"
					+ " alloc B/op |\n");
			md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Measurement m : group) {
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", m.library(),
						number(m.opsPerSecond()), ratio(m, base, Measurement::opsPerSecond),
						number(m.statementsPerSecond()), ratio(m, uncached, Measurement::statementsPerSecond),
						number(m.p50()), number(m.p99()), ratio(m, base, Measurement::p99),
						number(m.allocatedBytes())));
			}
			md.append('\n');
		}
	}

	private static void heading(StringBuilder md, Measurement first) {
		md.append("### ")
			.append(first.workload().title())
			.append(" — ")
			.append(first.database())
			.append(", ")
			.append(first.size())
			.append(", ")
			.append(first.profile())
			.append("\n\n");
	}

	private void writeGroup(StringBuilder md, String key, List<Measurement> group) {
		Workload workload = group.get(0).workload();
		heading(md, group.get(0));
		Measurement base = find(key, BASELINE);
		if (workload.sampled()) {
			md.append("| library | ops/s | × hw | p50 µs | × hw | p99 µs | × hw | p99.9 µs | × hw | alloc B/op |\n");
			md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
			for (Measurement m : group) {
				md.append(
						String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", m.library(),
								number(m.opsPerSecond()), ratio(m, base, Measurement::opsPerSecond), number(m.p50()),
								ratio(m, base, Measurement::p50), number(m.p99()), ratio(m, base, Measurement::p99),
								number(m.p999()), ratio(m, base, Measurement::p999), number(m.allocatedBytes())));
			}
		}
		else {
			md.append("| library | ops/s | × hw | alloc B/op | × hw |\n|---|---:|---:|---:|---:|\n");
			for (Measurement m : group) {
				md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", m.library(),
						number(m.opsPerSecond()), ratio(m, base, Measurement::opsPerSecond), number(m.allocatedBytes()),
						ratio(m, base, Measurement::allocatedBytes)));
			}
		}
		md.append('\n');
	}

	void writeCharts(Path folder) throws IOException {
		for (String id : workloadIds()) {
			chart(folder.resolve("throughput-" + id + ".png"), id, "ops/s (higher is better)",
					Measurement::opsPerSecond);
			if (hasPercentiles(id)) {
				chart(folder.resolve("p99-" + id + ".png"), id,
						id.equals(Workload.DB_LOAD) ? "read p99 µs (lower is better)" : "p99 µs (lower is better)",
						Measurement::p99);
			}
			if (id.equals(Workload.DB_LOAD)) {
				chart(folder.resolve("db-statements-" + id + ".png"), id, "SQL statements/s (lower is less load)",
						Measurement::statementsPerSecond);
			}
		}
	}

	private void chart(Path file, String id, String axis, ToDoubleFunction<Measurement> value) throws IOException {
		List<Map.Entry<String, List<Measurement>>> groups = this.groups.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get(0).workload().id().equals(id))
			.toList();
		String title = groups.get(0).getValue().get(0).workload().title();
		CategoryChart chart = new CategoryChartBuilder().width(1000)
			.height(500)
			.title(title)
			.xAxisTitle("profile: database, value size")
			.yAxisTitle(axis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
		List<String> categories = groups.stream().map((entry) -> {
			Measurement first = entry.getValue().get(0);
			return first.profile() + ": " + first.database() + ", " + first.size();
		}).toList();
		for (Library library : Library.values()) {
			List<Double> values = new ArrayList<>();
			boolean any = false;
			for (Map.Entry<String, List<Measurement>> entry : groups) {
				Measurement m = find(entry.getKey(), library.label());
				double v = (m != null) ? value.applyAsDouble(m) : 0;
				any |= m != null;
				values.add(Double.isNaN(v) ? 0 : v);
			}
			if (any) {
				chart.addSeries(library.label(), categories, values);
			}
		}
		BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
	}

	private List<String> profilesRun() {
		List<String> profiles = Workload.PROFILES.stream()
			.filter((profile) -> this.groups.keySet().stream().anyMatch((group) -> group.startsWith(profile + " / ")))
			.toList();
		return profiles.isEmpty() ? List.of(LOOPBACK) : profiles;
	}

	private List<String> workloadIds() {
		return this.groups.values().stream().map((group) -> group.get(0).workload().id()).distinct().toList();
	}

	private boolean hasPercentiles(String id) {
		return id.equals(Workload.DB_LOAD) || this.groups.values()
			.stream()
			.anyMatch((group) -> group.get(0).workload().id().equals(id) && group.get(0).workload().sampled());
	}

	private static String ratio(Measurement m, Measurement base, ToDoubleFunction<Measurement> value) {
		if (base == null) {
			return "–";
		}
		double ratio = value.applyAsDouble(m) / value.applyAsDouble(base);
		return Double.isFinite(ratio) ? String.format(Locale.ROOT, "%.2f", ratio) : "–";
	}

	private static String times(double ratio) {
		return String.format(Locale.ROOT, "%.2f×", ratio);
	}

	static String number(double value) {
		if (Double.isNaN(value)) {
			return "–";
		}
		return (Math.abs(value) >= 100) ? String.format(Locale.ROOT, "%,.0f", value)
				: String.format(Locale.ROOT, "%.1f", value);
	}

	static String human(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	/**
	 * A target of issue 13: a metric of ours over hand-written's in one workload,
	 * database and size.
	 *
	 * @param name what the issue calls it
	 * @param group the workload, database and size, without the profile
	 * @param metric the figure compared
	 * @param limit the limit of the ratio on loopback
	 * @param networkLimit the limit of the ratio in the network profile
	 * @param atLeast whether the ratio must reach the limit (throughput) rather than stay
	 * under it
	 * @param bytes whether the figure is bytes (shown beside the ratio)
	 */
	private record Target(String name, String group, ToDoubleFunction<Measurement> metric, double limit,
			double networkLimit, boolean atLeast, boolean bytes) {

		double ratio(Measurement m, Measurement hw) {
			if (m == null || hw == null) {
				return Double.NaN;
			}
			double ratio = this.metric.applyAsDouble(m) / this.metric.applyAsDouble(hw);
			return Double.isFinite(ratio) ? ratio : Double.NaN;
		}

	}

}
