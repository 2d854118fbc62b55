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
 * Turns the measurements into {@code results.md} (absolute figures and ratios against
 * hand-written, per workload, then the targets) and PNG charts.
 */
final class Report {

	private static final String BASELINE = Library.HAND_WRITTEN.label();

	private final Comparison.Settings settings;

	private final Map<String, List<Measurement>> groups = new LinkedHashMap<>();

	private final Duration took;

	Report(Comparison.Settings settings, List<Measurement> measurements, Duration took) {
		this.settings = settings;
		this.took = took;
		measurements
			.forEach((measurement) -> this.groups.computeIfAbsent(measurement.group(), (key) -> new ArrayList<>())
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
				"Machine: %d cores (%s), %s; Redis %s and PostgreSQL %s on loopback; H2 %s in memory (details in"
						+ " [machine.md](machine.md)).%n%n",
				machine.cores(), machine.cpu(), machine.jdk(), machine.redis(), machine.postgres(), machine.h2()));
		md.append("Command:\n\n```shell\n" + Machine.COMMAND + "\n```\n\n");
		md.append("Ratios are against **hand-written** (JdbcTemplate transaction + Lettuce SET; Lettuce GET + JSON"
				+ " decode) measured in the same run on the same Redis and database. Throughput ratio above 1 is"
				+ " faster than hand-written; latency ratio above 1 is slower. See `machine.md` for the machine and"
				+ " the command, and the README of `benchmarks/` for what each library runs.\n\n");
		md.append(String.format(Locale.ROOT,
				"Settings: %d fork(s) per library and parameter set, %d warm-up iteration(s) of %s, %d measured"
						+ " iteration(s) of %s; JMH `-prof gc`. The run took %d min %d s.%n%n",
				this.settings.forks(), this.settings.warmups(), human(this.settings.warmupTime()),
				this.settings.iterations(), human(this.settings.time()), this.took.toMinutes(),
				this.took.toSecondsPart()));
		List<String> targets = targets();
		long met = targets.stream().filter((line) -> line.startsWith("**met**")).count();
		md.append("## Targets\n\n");
		md.append(String.format(Locale.ROOT, "%d of %d checks met in this run.%n%n", met, targets.size()));
		targets.forEach((line) -> md.append("- ").append(line).append('\n'));
		md.append("\n## Figures\n\n");
		md.append("ops/s is over all threads; in latency (sample time) runs it is threads / mean call time."
				+ " Latencies are in microseconds. alloc is `gc.alloc.rate.norm`, bytes allocated per call in the"
				+ " benchmark JVM (the Spring context's, Lettuce's and Redisson's threads included).\n\n");
		for (Map.Entry<String, List<Measurement>> entry : this.groups.entrySet()) {
			List<Measurement> group = entry.getValue();
			Workload workload = group.get(0).workload();
			md.append("### ")
				.append(workload.title())
				.append(" — ")
				.append(group.get(0).database())
				.append(", ")
				.append(group.get(0).size())
				.append("\n\n");
			Measurement base = find(entry.getKey(), BASELINE);
			if (workload.sampled()) {
				md.append(
						"| library | ops/s | × hw | p50 µs | × hw | p99 µs | × hw | p99.9 µs | × hw | alloc B/op |\n");
				md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
				for (Measurement m : group) {
					md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
							m.library(), number(m.opsPerSecond()), ratio(m, base, Measurement::opsPerSecond),
							number(m.p50()), ratio(m, base, Measurement::p50), number(m.p99()),
							ratio(m, base, Measurement::p99), number(m.p999()), ratio(m, base, Measurement::p999),
							number(m.allocatedBytes())));
				}
			}
			else {
				md.append("| library | ops/s | × hw | alloc B/op | × hw |\n|---|---:|---:|---:|---:|\n");
				for (Measurement m : group) {
					md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", m.library(),
							number(m.opsPerSecond()), ratio(m, base, Measurement::opsPerSecond),
							number(m.allocatedBytes()), ratio(m, base, Measurement::allocatedBytes)));
				}
			}
			md.append('\n');
		}
		md.append("Charts: ");
		for (String id : workloadIds()) {
			md.append("[throughput ").append(id).append("](throughput-").append(id).append(".png) ");
			if (isSampled(id)) {
				md.append("· [p99 ").append(id).append("](p99-").append(id).append(".png) ");
			}
		}
		md.append("\n");
		Files.writeString(file, md.toString());
	}

	/**
	 * Each target of the issue, per workload, database and size: met or missed, with the
	 * ratio.
	 * @return one line per check
	 */
	List<String> targets() {
		List<String> lines = new ArrayList<>();
		for (Map.Entry<String, List<Measurement>> entry : this.groups.entrySet()) {
			String group = entry.getKey();
			Workload workload = entry.getValue().get(0).workload();
			Measurement ours = find(group, Library.OURS.label());
			Measurement hw = find(group, BASELINE);
			Measurement spring = find(group, Library.SPRING.label());
			if (ours == null) {
				continue;
			}
			if (workload.method().equals("readHit")) {
				if (spring != null) {
					lines.add(check(group, "throughput ≥ 1.0× Spring", ours.opsPerSecond() / spring.opsPerSecond(), 1.0,
							true));
				}
				if (hw != null) {
					lines.add(check(group, "throughput ≥ 0.95× hand-written", ours.opsPerSecond() / hw.opsPerSecond(),
							0.95, true));
				}
				if (spring != null && workload.threads() == 1) {
					lines.add(check(group,
							"allocation per hit ≤ Spring's (" + number(ours.allocatedBytes()) + " vs "
									+ number(spring.allocatedBytes()) + " B)",
							ours.allocatedBytes() / spring.allocatedBytes(), 1.0, false));
				}
			}
			if ((workload.method().equals("write") || workload.method().equals("saveAll")) && hw != null) {
				lines.add(check(group, "median ≤ 1.10× hand-written", ours.p50() / hw.p50(), 1.10, false));
				lines.add(check(group, "p99 ≤ 1.20× hand-written", ours.p99() / hw.p99(), 1.20, false));
			}
		}
		return lines;
	}

	private static String check(String group, String target, double ratio, double limit, boolean atLeast) {
		boolean met = atLeast ? ratio >= limit : ratio <= limit;
		return String.format(Locale.ROOT, "**%s** %s: %s — %.2f×", met ? "met" : "MISSED", group, target, ratio);
	}

	void writeCharts(Path folder) throws IOException {
		for (String id : workloadIds()) {
			chart(folder.resolve("throughput-" + id + ".png"), id, "ops/s (higher is better)",
					Measurement::opsPerSecond);
			if (isSampled(id)) {
				chart(folder.resolve("p99-" + id + ".png"), id, "p99 µs (lower is better)", Measurement::p99);
			}
		}
	}

	private void chart(Path file, String id, String axis, ToDoubleFunction<Measurement> value) throws IOException {
		List<Map.Entry<String, List<Measurement>>> groups = this.groups.entrySet()
			.stream()
			.filter((entry) -> entry.getValue().get(0).workload().id().equals(id))
			.toList();
		String title = groups.get(0).getValue().get(0).workload().title();
		CategoryChart chart = new CategoryChartBuilder().width(900)
			.height(500)
			.title(title)
			.xAxisTitle("database, value size")
			.yAxisTitle(axis)
			.build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
		chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
		List<String> categories = groups.stream()
			.map((entry) -> entry.getValue().get(0).database() + ", " + entry.getValue().get(0).size())
			.toList();
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

	private List<String> workloadIds() {
		return this.groups.values().stream().map((group) -> group.get(0).workload().id()).distinct().toList();
	}

	private boolean isSampled(String id) {
		return this.groups.values()
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

}
