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

import java.time.Duration;
import java.util.UUID;

import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A write the database refuses (a page name longer than its column) among healthy writes
 * of a write-behind cache: after two failures the batch is split, the healthy writes land
 * within seconds, writes queued later are not held up, and only the refused one waits for
 * its attempts and is parked. Runs once per database.
 *
 * @author write-through
 */
@SpringBootTest(classes = StrategyApplication.class, properties = { "spring.sql.init.mode=always",
		"spring.sql.init.schema-locations=classpath:strategy-schema.sql",
		"write-through.key-prefix=wt-isolate-${random.uuid}:", "write-through.caches.page-views.strategy=write-behind",
		"write-through.caches.page-views.write-behind.writer=pageViewWriter",
		"write-through.caches.page-views.write-behind.flush-interval=50ms",
		"write-through.caches.page-views.write-behind.max-attempts=8",
		"write-through.caches.page-views.write-behind.initial-backoff=200ms",
		"write-through.caches.page-views.write-behind.max-backoff=2s",
		"write-through.caches.audit.strategy=write-around", "write-through.caches.bounded-views.strategy=write-behind",
		"write-through.caches.bounded-views.write-behind.writer=pageViewWriter",
		"write-through.caches.blocking-views.strategy=write-behind",
		"write-through.caches.blocking-views.write-behind.writer=pageViewWriter" })
abstract class AbstractRefusedWriteIsolationTests {

	// With eight attempts backing off from 200 ms to 2 s, a batch held back by one write
	// lands after about 9 s; isolated, the healthy writes land after two tries.
	private static final Duration HEALTHY_WRITES_LAND = Duration.ofSeconds(4);

	@Autowired
	private PageViewService pageViews;

	@Autowired
	private RecordingPageViewWriter writer;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private WriteBehindQueues queues;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Test
	void aWriteTheDatabaseRefusesIsIsolatedSoTheOthersLandWithinSeconds() throws Exception {
		String refused = this.run + "-" + "x".repeat(150);
		WriteBehindQueue queue = this.queues.get("page-views");
		// One batch: the flusher is held in the writer until every write is queued.
		this.writer.close();
		try {
			this.pageViews.record(page(0), 1);
			assertThat(this.writer.awaitEntered()).isTrue();
			this.pageViews.record(page(1), 1);
			this.pageViews.record(refused, 1);
			this.pageViews.record(page(2), 1);
			this.pageViews.record(page(3), 1);
		}
		finally {
			this.writer.open();
		}
		for (int i = 1; i <= 3; i++) {
			int key = i;
			await().atMost(HEALTHY_WRITES_LAND)
				.untilAsserted(() -> assertThat(PageViewRows.find(this.jdbc, page(key)))
					.as("a healthy write queued with the refused one")
					.isEqualTo(new PageViews(page(key), 1)));
		}
		assertThat(queue.deadLetters()).as("the refused write still has attempts left").isZero();

		this.pageViews.record(page(4), 1);
		await().atMost(HEALTHY_WRITES_LAND)
			.untilAsserted(() -> assertThat(PageViewRows.find(this.jdbc, page(4)))
				.as("a write queued while the refused one waits for its next attempt")
				.isEqualTo(new PageViews(page(4), 1)));

		await().atMost(Duration.ofSeconds(60)).until(() -> queue.deadLetters() == 1);
		assertThat(queue.deadLetterDetails(10)).singleElement().satisfies((parked) -> {
			assertThat(parked.get("key")).isEqualTo(refused);
			assertThat(parked.get("attempts")).isEqualTo("8");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> queue.depth() == 0);
		assertThat(PageViewRows.find(this.jdbc, refused)).isNull();
	}

	private String page(int i) {
		return this.run + "-" + i;
	}

}
