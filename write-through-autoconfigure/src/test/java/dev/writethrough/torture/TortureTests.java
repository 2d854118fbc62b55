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

package dev.writethrough.torture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The torture test (see {@link TortureRun}), bounded for CI by default. The long run is
 * the same test with other numbers, for example: <pre>
 * ./mvnw -pl write-through-autoconfigure -am verify -Dtest=TortureTests -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtorture.operations=1000000 -Dtorture.duration=60m
 * </pre> Each run appends its table to
 * {@code write-through-autoconfigure/target/torture/report.md}.
 */
class TortureTests {

	private static final Log logger = LogFactory.getLog(TortureTests.class);

	@Test
	void onceQuietEveryCachedValueEqualsTheDatabase() throws Exception {
		TortureSettings settings = TortureSettings.fromSystemProperties();
		List<TortureReport> reports = new ArrayList<>();
		for (TortureImplementation implementation : settings.implementations()) {
			reports.add(new TortureRun(implementation, settings).run());
		}
		String table = write(settings, reports);
		logger.info("Torture run:\n" + table);
		for (TortureReport report : reports) {
			assertThat(report.faults()).as("faults injected on %s", report.implementation().id()).hasSize(5);
			assertThat(report.reads()).as("reads that returned a row on %s", report.implementation().id()).isPositive();
			if (report.implementation() != TortureImplementation.SPRING) {
				assertThat(report.staleKeys()).as("stale keys at the end\n%s", table).isZero();
				assertThat(report.phantomReads()).as("reads of values never committed\n%s", table).isZero();
				assertThat(report.errors()).as("operations that threw\n%s", table).isZero();
			}
		}
	}

	private static String write(TortureSettings settings, List<TortureReport> reports) throws IOException {
		StringBuilder table = new StringBuilder();
		table.append("\n").append(Instant.now()).append(": ").append(settings).append("\n\n");
		table.append(TortureReport.MARKDOWN_HEADER).append("\n");
		reports.forEach((report) -> table.append(report.markdownRow()).append("\n"));
		table.append("\n");
		reports.stream()
			.filter((report) -> report.longestStale() != null)
			.forEach((report) -> table.append("Longest stale read on ")
				.append(report.implementation().id())
				.append(": ")
				.append(report.longestStale())
				.append(".\n"));
		Path file = Path.of("target", "torture", "report.md");
		Files.createDirectories(file.getParent());
		Files.writeString(file, table, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		return table.toString();
	}

}
