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
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The machine a run measured, read at run time.
 *
 * @param cores processors the JVM sees
 * @param cpu the processor model
 * @param memory total memory
 * @param os the operating system
 * @param jdk the JDK
 * @param redis the Redis server version
 * @param postgres the PostgreSQL server version
 * @param h2 the H2 version
 */
record Machine(int cores, String cpu, String memory, String os, String jdk, String redis, String postgres, String h2) {

	static final String COMMAND = "./mvnw -B -pl benchmarks -am package -DskipTests && java -jar benchmarks/target/benchmarks.jar";

	static Machine describe() {
		return new Machine(Runtime.getRuntime().availableProcessors(), readCpu(), readMemory(),
				System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
						+ System.getProperty("os.arch") + ")",
				System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
						+ System.getProperty("java.vm.vendor") + ")",
				redisVersion(), postgresVersion(), org.h2.engine.Constants.FULL_VERSION);
	}

	void write(Path file, Comparison.Settings settings, Duration took) throws IOException {
		String md = "# Machine\n\n" + "| | |\n|---|---|\n" + "| date | " + Instant.now() + " |\n" + "| cores | "
				+ this.cores + " |\n" + "| CPU | " + this.cpu + " |\n" + "| memory | " + this.memory + " |\n"
				+ "| OS | " + this.os + " |\n" + "| JDK | " + this.jdk + " |\n" + "| Redis | " + this.redis + " ("
				+ Services.redisHost() + ":" + Services.redisPort() + "; network profile: behind the latency proxy) |\n"
				+ "| PostgreSQL | " + this.postgres + " (" + Services.postgresHost() + ":" + Services.postgresPort()
				+ "; network profile: behind the latency proxy) |\n" + "| H2 | " + this.h2
				+ " (in memory, in the benchmark JVM) |\n" + "| Spring Boot | "
				+ version(org.springframework.boot.SpringApplication.class) + " |\n" + "| Lettuce | "
				+ version(RedisClient.class) + " |\n" + "| Redisson | " + version(org.redisson.Redisson.class) + " |\n"
				+ "| JMH | 1.37 |\n\n" + "Command:\n\n" + "```shell\n" + COMMAND + "\n" + "```\n\n" + "Settings: forks "
				+ settings.forks() + ", warm-up " + settings.warmups() + " × " + Report.human(settings.warmupTime())
				+ ", measurement " + settings.iterations() + " × " + Report.human(settings.time())
				+ ", fork JVM arguments `" + String.join(" ", settings.jvmArgs()) + "`, network profile "
				+ NetworkProfile.describe(settings.latency()) + " each way. Benchmark JVMs took " + took.toMinutes()
				+ " min " + took.toSecondsPart() + " s in all.\n";
		Files.writeString(file, md);
	}

	private static String readCpu() {
		try {
			return Files.readAllLines(Path.of("/proc/cpuinfo"))
				.stream()
				.filter((line) -> line.startsWith("model name"))
				.map((line) -> line.substring(line.indexOf(':') + 1).trim())
				.distinct()
				.collect(Collectors.joining(", "));
		}
		catch (IOException | RuntimeException ex) {
			return System.getProperty("os.arch");
		}
	}

	private static String readMemory() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return (os.getTotalMemorySize() >> 20) + " MiB";
		}
		return "unknown";
	}

	private static String redisVersion() {
		RedisClient client = RedisClient
			.create(RedisURI.Builder.redis(Services.redisHost(), Services.redisPort()).build());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			return connection.sync()
				.info("server")
				.lines()
				.filter((line) -> line.startsWith("redis_version:"))
				.map((line) -> line.substring("redis_version:".length()).trim())
				.findFirst()
				.orElse("unknown");
		}
		finally {
			client.shutdown();
		}
	}

	private static String postgresVersion() {
		try (HikariDataSource dataSource = Fixture.dataSource(BenchDatabase.POSTGRES)) {
			return new JdbcTemplate(dataSource).queryForObject("SHOW server_version", String.class);
		}
	}

	private static String version(Class<?> type) {
		String version = type.getPackage().getImplementationVersion();
		return (version != null) ? version : "unknown";
	}

}
