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

import org.junit.jupiter.api.Test;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The races on Spring's transaction-aware {@code RedisCacheManager} with
 * {@code @CachePut}/{@code @Cacheable}: each leaves a value the database no longer holds.
 * These tests show that the harness sees staleness where there is some.
 */
@ContextConfiguration(classes = RaceApplications.SpringCacheApplication.class)
@TestPropertySource(properties = "write-through.enabled=false")
abstract class SpringTransactionAwareCacheRaceTests extends AbstractRaceTests {

	@Test
	void cacheStepsInReverseCommitOrderLeaveTheOlderValueCached() throws Exception {
		Outcome outcome = cacheStepsInReverseCommitOrder();
		assertThat(outcome.database().name()).isEqualTo("v2");
		assertThat(outcome.served().name()).as("served after T2's put ran before T1's").isEqualTo("v1");
	}

	@Test
	void aReaderThatFillsAfterTheWriterCachesTheOldRow() throws Exception {
		Outcome outcome = readerFillsAfterTheWriter();
		assertThat(outcome.database().name()).isEqualTo("v1");
		assertThat(outcome.served().name()).as("served after the slow reader's fill").isEqualTo("v0");
	}

	@Test
	void aWriterThatDiesAfterItsCommitLeavesTheOldValueCached() throws Exception {
		Outcome outcome = writerDiesAfterItsCommit();
		assertThat(outcome.database().name()).isEqualTo("v1");
		assertThat(outcome.served().name()).as("served while the writer is gone").isEqualTo("v0");
	}

	@Test
	void aRollbackBetweenTwoCommitsDoesNotStopTheOlderCommitWinning() throws Exception {
		Outcome outcome = rollbackBetweenTwoCommits();
		assertThat(outcome.database().name()).isEqualTo("v3");
		assertThat(outcome.served().name()).as("served after T3's put ran before T1's").isEqualTo("v1");
	}

}
