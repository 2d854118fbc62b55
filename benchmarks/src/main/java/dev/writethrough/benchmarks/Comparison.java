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
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the whole comparison and writes {@code benchmarks/results/<date>/}: the raw JMH
 * JSON, {@code results.md} (ratios against hand-written), PNG charts and
 * {@code machine.md}.
 * <p>
 * Settings are system properties: {@code bench.warmups} (5), {@code bench.warmupTime}
 * ({@code 1s}), {@code bench.iterations} (3), {@code bench.time} ({@code 1s}),
 * {@code bench.forks} (1), {@code bench.libraries} (all but {@code ours-no-await}),
 * {@code bench.workloads} (all ids), {@code bench.databases} and {@code bench.sizes}
 * (all), {@code bench.profile} ({@code loopback}, {@code network} or both, the default),
 * {@code bench.latency} (the network profile's delay per direction, {@code 250us}),
 * {@code bench.results} (the results folder), {@code bench.jvmArgs},
 * {@code bench.profiler} (a JMH profiler and its options, such as {@code jfr} or
 * {@code async:libPath=...;event=wall}). The argument {@code --smoke} runs every library
 * once, very briefly, as CI does.
 */
public final class Comparison {

	private Comparison() {
	}

	public static void main(String[] args) throws Exception {
		boolean smoke = Arrays.asList(args).contains("--smoke");
		Settings settings = smoke ? Settings.smoke() : Settings.fromSystemProperties();
		Path folder = run(settings, resultsFolder().resolve(LocalDate.now(ZoneOffset.UTC).toString()));
		System.out.println("Results written to " + folder.toAbsolutePath());
	}

	/**
	 * Runs the comparison.
	 * @param settings what to run and how long
	 * @param folder where to write the results
	 * @return the folder
	 * @throws RunnerException if a benchmark fails
	 * @throws IOException if the results cannot be written
	 */
	public static Path run(Settings settings, Path folder) throws RunnerException, IOException {
		Services.requireReachable();
		Files.createDirectories(folder);
		boolean network = settings.workloads()
			.stream()
			.anyMatch((workload) -> workload.profiles().contains(NetworkProfile.NETWORK.label()));
		ProxyOverhead proxy = network ? ProxyOverhead.measure(settings.latency(), settings.proxyPings()) : null;
		long start = System.nanoTime();
		List<Measurement> measurements = new ArrayList<>();
		List<RunResult> raw = new ArrayList<>();
		for (Workload workload : settings.workloads()) {
			Collection<RunResult> results = new Runner(options(settings, workload)).run();
			raw.addAll(results);
			results.forEach((result) -> measurements.add(Measurement.of(workload, result)));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		ResultFormatFactory.getInstance(ResultFormatType.JSON, folder.resolve("jmh-result.json").toString())
			.writeOut(raw);
		Machine machine = Machine.describe();
		Report report = new Report(settings, measurements, took, proxy);
		report.writeMarkdown(folder.resolve("results.md"), machine);
		report.writeCharts(folder);
		machine.write(folder.resolve("machine.md"), settings, took);
		return folder;
	}

	private static org.openjdk.jmh.runner.options.Options options(Settings settings, Workload workload) {
		ChainedOptionsBuilder builder = new OptionsBuilder()
			.include(CacheBenchmarks.class.getName() + "\\." + workload.method() + "$")
			.mode(workload.mode())
			.timeUnit(workload.sampled() ? java.util.concurrent.TimeUnit.MICROSECONDS
					: java.util.concurrent.TimeUnit.SECONDS)
			.threads(workload.threads())
			.forks(settings.forks())
			.warmupIterations(settings.warmups())
			.warmupTime(TimeValue.milliseconds(settings.warmupTime().toMillis()))
			.measurementIterations(settings.iterations())
			.measurementTime(TimeValue.milliseconds(settings.time().toMillis()))
			.param("library", settings.libraries().toArray(String[]::new))
			.param("database", workload.databases().toArray(String[]::new))
			.param("size", workload.sizes().toArray(String[]::new))
			.param("profile", workload.profiles().toArray(String[]::new))
			.addProfiler(GCProfiler.class)
			.jvmArgs(settings.jvmArgs().toArray(String[]::new))
			.shouldFailOnError(true);
		if (workload.id().equals(Workload.DB_LOAD)) {
			builder.addProfiler(DatabaseLoad.class);
		}
		// For example
		// async:libPath=/path/libasyncProfiler.so;event=wall;output=flamegraph
		String profiler = System.getProperty("bench.profiler");
		if (profiler != null && !profiler.isBlank()) {
			int colon = profiler.indexOf(':');
			builder.addProfiler((colon < 0) ? profiler : profiler.substring(0, colon),
					(colon < 0) ? "" : profiler.substring(colon + 1));
		}
		return builder.build();
	}

	// benchmarks/ when run from benchmarks/target/benchmarks.jar or target/classes.
	private static Path resultsFolder() throws URISyntaxException {
		String configured = System.getProperty("bench.results");
		if (configured != null) {
			return Path.of(configured);
		}
		Path location = Path.of(Comparison.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		Path target = location.getParent();
		if (target != null && target.getFileName() != null && target.getFileName().toString().equals("target")
				&& target.getParent() != null) {
			return target.getParent().resolve("results");
		}
		return Path.of("benchmarks", "results");
	}

	/**
	 * What to run and for how long.
	 *
	 * @param warmups warm-up iterations per fork
	 * @param warmupTime length of a warm-up iteration
	 * @param iterations measured iterations per fork
	 * @param time length of a measured iteration
	 * @param forks JVMs per parameter set
	 * @param libraries the libraries
	 * @param workloads the runs
	 * @param jvmArgs the forks' JVM arguments
	 * @param latency the network profile's delay per direction
	 * @param proxyPings round trips per case when measuring the latency proxy
	 */
	public record Settings(int warmups, Duration warmupTime, int iterations, Duration time, int forks,
			List<String> libraries, List<Workload> workloads, List<String> jvmArgs, Duration latency, int proxyPings) {

		static final List<String> JVM_ARGS = List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true");

		/**
		 * The settings of a full run, overridable by system properties.
		 * @return the settings
		 */
		public static Settings fromSystemProperties() {
			List<String> ids = list("bench.workloads", null);
			List<String> databases = list("bench.databases", null);
			List<String> sizes = list("bench.sizes", null);
			List<String> profiles = profiles();
			List<Workload> workloads = Workload.all()
				.stream()
				.filter((workload) -> ids == null || ids.contains(workload.id()))
				.map((workload) -> workload.on(only(workload.databases(), databases), only(workload.sizes(), sizes),
						only(workload.profiles(), profiles)))
				.filter((workload) -> !workload.databases().isEmpty() && !workload.sizes().isEmpty()
						&& !workload.profiles().isEmpty())
				.toList();
			Duration latency = NetworkProfile.latency();
			List<String> jvmArgs = new ArrayList<>(JVM_ARGS);
			jvmArgs.add("-Dbench.latency=" + latency.toNanos() + "ns");
			jvmArgs.addAll(list("bench.jvmArgs", List.of()));
			return new Settings(Integer.getInteger("bench.warmups", 5), duration("bench.warmupTime", "1s"),
					Integer.getInteger("bench.iterations", 3), duration("bench.time", "1s"),
					Integer.getInteger("bench.forks", 1), list("bench.libraries", Library.compared()), workloads,
					jvmArgs, latency, 5000);
		}

		// bench.profile: loopback, network, or both (the default; "both" or a list).
		private static List<String> profiles() {
			List<String> wanted = list("bench.profile", null);
			if (wanted == null || wanted.contains("both")) {
				return Workload.PROFILES;
			}
			wanted.forEach(NetworkProfile::of);
			return wanted;
		}

		/**
		 * Every library of the default comparison through every benchmark method once, on
		 * PostgreSQL and 200 B values, without warm-up and with one short iteration,
		 * inside the calling JVM (no fork: a fork per library and workload would take
		 * minutes): the workloads on loopback, the database-load workload in the network
		 * profile, so the latency proxies carry every library once. Proves the harness
		 * works, measures nothing.
		 * @return the settings
		 */
		public static Settings smoke() {
			List<String> postgres = List.of("postgres");
			List<String> small = List.of("200B");
			List<String> loopback = List.of(NetworkProfile.LOOPBACK.label());
			List<String> network = List.of(NetworkProfile.NETWORK.label());
			List<Workload> workloads = Workload.all()
				.stream()
				.filter((workload) -> workload.databases().equals(postgres))
				.filter((workload) -> !workload.id().equals("read-hit-8t"))
				.map((workload) -> workload.on(postgres, small,
						workload.id().equals(Workload.DB_LOAD) ? network : loopback))
				.toList();
			return new Settings(0, Duration.ZERO, 1, Duration.ofMillis(100), 0, Library.compared(), workloads, JVM_ARGS,
					NetworkProfile.latency(), 200);
		}

		private static List<String> only(List<String> values, List<String> wanted) {
			return (wanted != null) ? values.stream().filter(wanted::contains).toList() : values;
		}

		// 500ms, 1s, 2m
		private static Duration duration(String property, String fallback) {
			String value = System.getProperty(property, fallback).trim();
			if (value.endsWith("ms")) {
				return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
			}
			return Duration.parse("PT" + value.toUpperCase(java.util.Locale.ROOT));
		}

		private static List<String> list(String property, List<String> fallback) {
			String value = System.getProperty(property);
			return (value == null || value.isBlank()) ? fallback
					: Arrays.stream(value.split(",")).map(String::trim).filter((item) -> !item.isEmpty()).toList();
		}

	}

}
