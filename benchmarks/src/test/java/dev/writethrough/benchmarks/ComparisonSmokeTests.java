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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the whole comparison once with tiny iteration counts, so the harness cannot rot:
 * every library must produce a figure in every workload, and the report files must be
 * written. Asserts nothing about timing. Needs Redis and PostgreSQL (see
 * {@link Services}); fails with a message saying how to provide them when they are
 * absent.
 */
class ComparisonSmokeTests {

	@Test
	void everyLibraryProducesAResultInEveryWorkloadAndTheReportIsWritten(@TempDir Path folder) throws Exception {
		Comparison.Settings settings = Comparison.Settings.smoke();
		Comparison.run(settings, folder);
		List<String> sections = Arrays.asList(Files.readString(folder.resolve("results.md")).split("\n### "));
		assertThat(settings.workloads()).as("the smoke run covers the network profile and the database load")
			.anySatisfy((workload) -> assertThat(workload.profiles()).contains("network"))
			.anySatisfy((workload) -> assertThat(workload.id()).isEqualTo(Workload.DB_LOAD));
		for (Workload workload : settings.workloads()) {
			for (String profile : workload.profiles()) {
				String heading = workload.title() + " — postgres, 200B, " + profile + "\n";
				String section = sections.stream()
					.filter((candidate) -> candidate.startsWith(heading))
					.findFirst()
					.orElse("");
				assertThat(section).as("results.md has a section for %s, %s", workload.title(), profile).isNotEmpty();
				for (String library : settings.libraries()) {
					assertThat(section).as("a figure of %s in %s, %s", library, workload.title(), profile)
						.containsPattern("\\| " + library + " \\| [0-9]");
				}
			}
		}
		String results = Files.readString(folder.resolve("results.md"));
		assertThat(results).as("the target table and the proxy's own overhead")
			.contains("## Targets (issue 13)", "| write, median |", "through the proxy, no delay");
		String dbLoad = Workload.all()
			.stream()
			.filter((workload) -> workload.id().equals(Workload.DB_LOAD))
			.findFirst()
			.orElseThrow()
			.title();
		assertThat(sections.stream().filter((section) -> section.startsWith(dbLoad)))
			.as("the database load reports statements per second for every library")
			.singleElement()
			.satisfies(
					(section) -> assertThat(section.lines().filter((line) -> line.matches("\\| [a-z-]+ \\| [0-9].*")))
						.hasSize(settings.libraries().size())
						.allSatisfy(
								(line) -> assertThat(line.split("\\|")[4].trim()).as(line).matches("[0-9][0-9,.]*")));
		assertThat(folder.resolve("jmh-result.json")).isNotEmptyFile();
		assertThat(folder.resolve("machine.md")).content().contains("PostgreSQL", "Redis", "cores");
		List<String> charts = Arrays.stream(folder.toFile().list()).filter((name) -> name.endsWith(".png")).toList();
		assertThat(charts).as("charts")
			.isNotEmpty()
			.allSatisfy((name) -> assertThat(folder.resolve(name)).isNotEmptyFile());
	}

}
