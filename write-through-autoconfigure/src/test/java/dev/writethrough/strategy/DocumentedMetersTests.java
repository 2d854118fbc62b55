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

package dev.writethrough.strategy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every row of the README's table of the starter's own meters exists in a running
 * application's {@link MeterRegistry} with the documented name, type and tags, once the
 * application has written, read, flushed and retried. The table is read from the README
 * itself, so a row that changes there is checked as it then reads.
 */
@SpringBootTest(classes = StrategyApplication.class,
		properties = { "spring.sql.init.mode=always", "spring.sql.init.schema-locations=classpath:strategy-schema.sql",
				"write-through.key-prefix=wt-meters-${random.uuid}:",
				"write-through.caches.audit.strategy=write-around",
				"write-through.caches.page-views.strategy=write-behind",
				"write-through.caches.page-views.write-behind.writer=pageViewWriter",
				"write-through.caches.page-views.write-behind.flush-interval=50ms",
				"write-through.caches.page-views.write-behind.initial-backoff=50ms",
				"write-through.caches.page-views.write-behind.max-backoff=100ms",
				"write-through.caches.bounded-views.strategy=write-behind",
				"write-through.caches.bounded-views.write-behind.writer=pageViewWriter",
				"write-through.caches.blocking-views.strategy=write-behind",
				"write-through.caches.blocking-views.write-behind.writer=pageViewWriter" })
class DocumentedMetersTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Pattern CODE = Pattern.compile("`([^`]+)`");

	@Autowired
	private MeterRegistry registry;

	@Autowired
	private AuditLog auditLog;

	@Autowired
	private PageViewService pageViews;

	@Autowired
	private RecordingPageViewWriter writer;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		TestRedis.register(registry);
		TestDatabase.POSTGRES.register(registry);
	}

	@Test
	void everyMeterOfTheReadmeTableExistsWithItsTypeAndTags() throws IOException {
		List<DocumentedMeter> documented = readmeMeters();
		assertThat(documented).as("rows of the README's meter table").hasSizeGreaterThanOrEqualTo(13);
		exerciseEveryMeter();

		for (DocumentedMeter row : documented) {
			await("meter " + row.name()).atMost(Duration.ofSeconds(10))
				.until(() -> !this.registry.find(row.name()).meters().isEmpty());
			for (Meter meter : this.registry.find(row.name()).meters()) {
				assertThat(type(meter)).as("type of %s %s", row.name(), meter.getId().getTags()).isEqualTo(row.type());
				Set<String> keys = new LinkedHashSet<>();
				for (Tag tag : meter.getId().getTags()) {
					keys.add(tag.getKey());
				}
				if (row.tags().contains("cache")) {
					// Bound with the cache's standard meters, which carry it (see the
					// README).
					keys.remove("cache.manager");
				}
				assertThat(keys).as("tags of %s", row.name()).containsExactlyInAnyOrderElementsOf(row.tags());
			}
		}
	}

	private void exerciseEveryMeter() {
		long id = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
		this.auditLog.save(new AuditEntry(id, "created"));
		this.auditLog.find(id);
		this.auditLog.find(id);
		String run = UUID.randomUUID().toString().substring(0, 8);
		this.pageViews.record(run + "-flushed", 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.registry.find("writethrough.writebehind.flush").timer() != null);
		String failing = run + "-retried";
		this.writer.failFor(failing);
		this.pageViews.record(failing, 1);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> this.registry.find("writethrough.writebehind.retries").counter() != null);
		this.writer.failFor(null);
	}

	private static String type(Meter meter) {
		if (meter instanceof TimeGauge) {
			return "time gauge";
		}
		if (meter instanceof Gauge) {
			return "gauge";
		}
		if (meter instanceof Timer) {
			return "timer";
		}
		if (meter instanceof Counter || meter instanceof FunctionCounter) {
			return "counter";
		}
		if (meter instanceof DistributionSummary) {
			return "distribution";
		}
		return meter.getClass().getSimpleName();
	}

	// The table under "The starter's own meters:": | Meter | Type | Tags | What |
	private static List<DocumentedMeter> readmeMeters() throws IOException {
		List<String> lines = Files.readAllLines(README);
		int header = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("| Meter | Type | Tags |")) {
				header = i;
				break;
			}
		}
		assertThat(header).as("the meter table in " + README.toAbsolutePath()).isNotNegative();
		List<DocumentedMeter> meters = new ArrayList<>();
		for (int i = header + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String[] cells = lines.get(i).split("(?<!\\\\)\\|");
			String name = firstCode(cells[1]);
			String type = cells[2].trim();
			Set<String> tags = new LinkedHashSet<>();
			for (String tag : cells[3].split(",")) {
				if (!tag.isBlank()) {
					tags.add(firstCode(tag));
				}
			}
			meters.add(new DocumentedMeter(name, type, tags));
		}
		return meters;
	}

	private static String firstCode(String cell) {
		Matcher matcher = CODE.matcher(cell);
		assertThat(matcher.find()).as("a `name` in '" + cell + "'").isTrue();
		return matcher.group(1);
	}

	private record DocumentedMeter(String name, String type, Set<String> tags) {

	}

}
