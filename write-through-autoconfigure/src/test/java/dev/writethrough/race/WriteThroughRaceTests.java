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

package dev.writethrough.race;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same races on the starter: the fence and read leases leave no stale value.
 */
@ContextConfiguration(classes = RaceApplications.WriteThroughApplication.class)
abstract class WriteThroughRaceTests extends AbstractRaceTests {

	@Autowired
	private WriteThroughCacheManager cacheManager;

	@Autowired
	private RedisConnectionFactory redis;

	@Test
	void cacheStepsInReverseCommitOrderLeaveNothingStale() throws Exception {
		Outcome outcome = cacheStepsInReverseCommitOrder();
		assertThat(outcome.database().name()).isEqualTo("v2");
		assertThat(outcome.stale()).as("served %s while the database holds %s", outcome.served(), outcome.database())
			.isFalse();
	}

	@Test
	void aReaderThatFillsAfterTheWriterIsRefused() throws Exception {
		long refusedBefore = cache().getStatistics().getFillResults().get("refused");
		Outcome outcome = readerFillsAfterTheWriter();
		assertThat(outcome.database().name()).isEqualTo("v1");
		assertThat(outcome.stale()).as("served %s while the database holds %s", outcome.served(), outcome.database())
			.isFalse();
		assertThat(cache().getStatistics().getFillResults().get("refused")).as("refused fills")
			.isEqualTo(refusedBefore + 1);
	}

	@Test
	void aWriterThatDiesAfterItsCommitLeavesNothingStaleAndTheKeyConvergesWhenItsMarkerExpires() throws Exception {
		Outcome outcome = writerDiesAfterItsCommit();
		assertThat(outcome.database().name()).isEqualTo("v1");
		assertThat(outcome.stale()).as("served %s while the database holds %s", outcome.served(), outcome.database())
			.isFalse();
		long id = outcome.database().id();
		await("the key filled again once the dead writer's marker expired").atMost(Duration.ofSeconds(10)).until(() -> {
			this.repository.find(id);
			return rawValue(id) != null;
		});
		assertThat(rawValue(id)).contains("\"name\":\"v1\"");
	}

	@Test
	void aRollbackBetweenTwoCommitsLeavesNothingStale() throws Exception {
		Outcome outcome = rollbackBetweenTwoCommits();
		assertThat(outcome.database().name()).isEqualTo("v3");
		assertThat(outcome.stale()).as("served %s while the database holds %s", outcome.served(), outcome.database())
			.isFalse();
	}

	@Test
	void overlappingWritersEndingInCommitOrderLeaveNothingStale() throws Exception {
		long id = overlappingWritersEndingInCommitOrder();
		assertOverlapEnding(rawValue(id));
		Outcome outcome = outcome(id);
		assertThat(outcome.database().name()).isEqualTo("v2");
		assertThat(outcome.stale()).as("served %s while the database holds %s", outcome.served(), outcome.database())
			.isFalse();
	}

	@Test
	void aKeyKnownBeforeTheCallIsFencedWhileTheMethodRuns() throws Exception {
		long id = this.repository.insert("v0");
		this.repository.find(id);
		byte[] writers = writers(id);
		((WriteThroughRaceRepository) this.repository).rename(id, "v1", () -> {
			await("the writer's marker, sent before the method ran").atMost(Duration.ofSeconds(10))
				.until(() -> zcard(writers) > 0);
			assertThat(rawValue(id)).as("the old value, moved aside by the fence").isNull();
		});
		assertThat(zcard(writers)).as("writers left after the commit").isZero();
		assertThat(rawValue(id)).contains("\"name\":\"v1\"");
	}

	@Test
	void theKeysOfABatchGivenAsAnArgumentAreFencedWhileTheMethodRuns() throws Exception {
		long first = this.repository.insert("a0");
		long second = this.repository.insert("b0");
		this.repository.find(first);
		this.repository.find(second);
		((WriteThroughRaceRepository) this.repository)
			.renameAll(List.of(new RaceProduct(first, "a1"), new RaceProduct(second, "b1")), () -> {
				await("the writers' markers, sent before the method ran").atMost(Duration.ofSeconds(10))
					.until(() -> zcard(writers(first)) > 0 && zcard(writers(second)) > 0);
				assertThat(rawValue(first)).as("the old value, moved aside by the fence").isNull();
				assertThat(rawValue(second)).as("the old value, moved aside by the fence").isNull();
			});
		assertThat(zcard(writers(first)) + zcard(writers(second))).as("writers left after the commit").isZero();
		assertThat(rawValue(first)).contains("\"name\":\"a1\"");
		assertThat(rawValue(second)).contains("\"name\":\"b1\"");
	}

	@Test
	void anElementOfTheArgumentThatTheBatchDoesNotWriteIsEvictedAndReadFromTheDatabase() {
		long written = this.repository.insert("w0");
		long skipped = this.repository.insert("s0");
		this.repository.find(written);
		this.repository.find(skipped);
		assertThat(rawValue(skipped)).as("cached before the batch").isNotNull();

		((WriteThroughRaceRepository) this.repository)
			.renameFirst(List.of(new RaceProduct(written, "w1"), new RaceProduct(skipped, "s1")));

		assertThat(rawValue(written)).contains("\"name\":\"w1\"");
		assertThat(rawValue(skipped)).as("fenced before the call, not written by it: evicted").isNull();
		assertThat(this.repository.find(skipped)).map(RaceProduct::name).contains("s0");
		assertThat(rawValue(skipped)).as("filled again from the database").contains("\"name\":\"s0\"");
	}

	private byte[] writers(long id) {
		return (new String(cache().getKeys().entry(id), StandardCharsets.UTF_8) + ":w")
			.getBytes(StandardCharsets.UTF_8);
	}

	private long zcard(byte[] key) {
		try (RedisConnection connection = this.redis.getConnection()) {
			Long count = connection.zSetCommands().zCard(key);
			return (count != null) ? count : 0;
		}
	}

	/**
	 * Checks what overlapping writers that ended in their commit order left in Redis.
	 * @param cached the raw cached value, {@code null} if absent
	 */
	protected void assertOverlapEnding(@Nullable String cached) {
		assertThat(cached).as("without a version, overlapping writers evict the key").isNull();
	}

	private WriteThroughCache cache() {
		return this.cacheManager.getCache(RaceRepository.CACHE);
	}

	protected @Nullable String rawValue(long id) {
		try (RedisConnection connection = this.redis.getConnection()) {
			byte[] value = connection.stringCommands().get(cache().getKeys().entry(id));
			return (value != null) ? new String(value, StandardCharsets.UTF_8) : null;
		}
	}

}
