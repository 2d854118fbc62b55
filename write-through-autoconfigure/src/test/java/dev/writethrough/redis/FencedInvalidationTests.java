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

package dev.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.it.support.RedisServerProcess;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriteThroughCache#invalidate(Object, Long)} against a real {@code redis-server}:
 * an eviction for a change the fence did not see (one read from the database's change
 * stream) is ordered with the fence like a writer: a reader that read before it cannot
 * fill, a writer in flight cannot store, and a change of a version already written does
 * not evict the newer value.
 */
class FencedInvalidationTests {

	private static final String KEY = "42";

	private RedisServerProcess server;

	private LettuceConnectionFactory connectionFactory;

	private PendingInvalidations pending;

	private WriteThroughCache cache;

	@BeforeEach
	void startRedis() {
		this.server = RedisServerProcess.start();
		this.connectionFactory = OwnRedisCaches.connectionFactory(this.server, (factory) -> {
		});
		this.pending = PendingInvalidations.create(16, Duration.ofMillis(20), Duration.ofMillis(200));
		this.cache = OwnRedisCaches.cache("owners", RedisCacheStore.create(this.connectionFactory),
				Duration.ofSeconds(2), Duration.ofMillis(300),
				OwnRedisCaches.pendingWrites(this.pending::isPending, this.pending::add));
	}

	private EntryFences.Writes begin() {
		EntryFences.Writes writes = this.cache.getFences().begin(List.of(KEY));
		assertThat(writes.awaitBegun()).isNull();
		return writes;
	}

	private static FenceEnd end(EntryFences.Writes writes, byte[] value, Long version) {
		return writes.end(Arrays.asList(value), Arrays.asList(version)).get(0);
	}

	@AfterEach
	void stopRedis() throws Exception {
		((DisposableBean) this.pending).destroy();
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void aReaderThatLoadedTheRowBeforeTheInvalidationCannotFill() throws Exception {
		CountDownLatch loaded = new CountDownLatch(1);
		CountDownLatch invalidated = new CountDownLatch(1);
		CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> this.cache.get(KEY, () -> {
			loaded.countDown();
			assertThat(invalidated.await(10, TimeUnit.SECONDS)).isTrue();
			return "row before the change";
		}));
		assertThat(loaded.await(10, TimeUnit.SECONDS)).as("the reader holds the lease and read the row").isTrue();

		boolean evicted = this.cache.invalidate(KEY, null);
		invalidated.countDown();

		assertThat(reader.get(10, TimeUnit.SECONDS)).as("the reader still gets what it read")
			.isEqualTo("row before the change");
		assertThat(evicted).isTrue();
		assertThat(raw(KEY)).as("the reader's fill after the invalidation").isNull();
		assertThat(this.cache.getStatistics().getFillResults()).containsEntry("refused", 1L);
		assertThat(this.cache.get(KEY, () -> "row after the change")).isEqualTo("row after the change");
		assertThat(raw(KEY)).as("a reader that starts after the invalidation fills").isNotNull();
	}

	@Test
	void aWriterInFlightDoesNotStoreAfterAnInvalidation() {
		EntryFences.Writes fence = begin();

		assertThat(this.cache.invalidate(KEY, null)).isTrue();

		assertThat(end(fence, this.cache.serialize("written"), null)).isEqualTo(FenceEnd.DELETED);
		assertThat(raw(KEY)).isNull();
		assertStoresAgain(null);
	}

	@Test
	void aVersionedWriterInFlightDoesNotStoreByVersionAfterAnInvalidationWithoutVersion() {
		EntryFences.Writes fence = begin();

		this.cache.invalidate(KEY, null);

		assertThat(end(fence, this.cache.serialize("written"), 7L)).isEqualTo(FenceEnd.DELETED);
		assertThat(raw(KEY)).isNull();
	}

	@Test
	void aWriterInFlightOfAnOlderVersionDoesNotStoreAfterAnInvalidationOfANewerOne() {
		EntryFences.Writes fence = begin();

		assertThat(this.cache.invalidate(KEY, 8L)).isTrue();

		assertThat(end(fence, this.cache.serialize("version 7"), 7L)).isEqualTo(FenceEnd.DELETED);
		assertThat(raw(KEY)).isNull();
	}

	@Test
	void aWriterInFlightOfANewerVersionStillStores() {
		EntryFences.Writes fence = begin();

		this.cache.invalidate(KEY, 8L);

		assertThat(end(fence, this.cache.serialize("version 9"), 9L)).isEqualTo(FenceEnd.STORED_BY_VERSION);
		assertThat(this.cache.get(KEY).get()).isEqualTo("version 9");
	}

	@Test
	void theChangeOfAVersionAlreadyWrittenDoesNotEvictIt() {
		EntryFences.Writes fence = begin();
		assertThat(end(fence, this.cache.serialize("version 5"), 5L)).isEqualTo(FenceEnd.STORED);

		assertThat(this.cache.invalidate(KEY, 5L)).as("the write's own change, delivered by the stream").isFalse();
		assertThat(this.cache.invalidate(KEY, 4L)).as("an older change").isFalse();
		assertThat(raw(KEY)).as("the newer value stays").isNotNull();

		assertThat(this.cache.invalidate(KEY, 6L)).as("a newer change").isTrue();
		assertThat(raw(KEY)).isNull();
		assertThat(this.cache.invalidate(KEY, 6L)).as("the same change delivered again").isFalse();
		assertStoresAgain(7L);
	}

	@Test
	void aWriterInFlightAcrossADeleteDoesNotBringBackTheDeletedRowsVersion() {
		EntryFences.Writes fence = begin();

		assertThat(this.cache.invalidate(KEY, null)).as("the row is deleted after the write committed").isTrue();
		assertThat(end(fence, this.cache.serialize("version 5"), 5L)).isEqualTo(FenceEnd.DELETED);
		this.cache.put(KEY, "cached before the row was inserted again");

		assertThat(this.cache.invalidate(KEY, 0L)).as("the row inserted again, its versions started anew").isTrue();
		assertThat(raw(KEY)).isNull();
	}

	@Test
	void aWriterThatBeganAfterADeleteRecordsItsVersion() {
		EntryFences.Writes before = begin();
		this.cache.invalidate(KEY, null);
		EntryFences.Writes after = begin();

		assertThat(end(after, this.cache.serialize("version 1"), 1L)).isEqualTo(FenceEnd.DELETED);
		assertThat(end(before, this.cache.serialize("version 5"), 5L)).isEqualTo(FenceEnd.DELETED);

		assertThat(this.cache.invalidate(KEY, 1L)).as("the later writer's own change").isFalse();
		assertThat(this.cache.invalidate(KEY, 2L)).as("a newer change of the row inserted again").isTrue();
		assertThat(this.cache.invalidate(KEY, 2L)).as("the same change delivered again").isFalse();
		assertStoresAgain(3L);
	}

	@Test
	void anAbortAfterAnInvalidationDoesNotRestoreTheOldValue() {
		this.cache.put(KEY, "before");
		EntryFences.Writes fence = begin();

		this.cache.invalidate(KEY, null);
		fence.abort();

		assertThat(raw(KEY)).as("the value the write had moved aside").isNull();
	}

	@Test
	void anInvalidationWithoutVersionAlwaysEvicts() {
		this.cache.put(KEY, "cached");

		assertThat(this.cache.invalidate(KEY, null)).isTrue();
		assertThat(raw(KEY)).isNull();
		assertThat(this.cache.invalidate(KEY, null)).as("again: harmless").isTrue();
		assertThat(this.cache.getStatistics().getEvictions()).isEqualTo(2);
	}

	private void assertStoresAgain(Long version) {
		EntryFences.Writes fence = begin();
		assertThat(end(fence, this.cache.serialize("later"), version)).as("a write after the invalidation, alone")
			.isEqualTo(FenceEnd.STORED);
	}

	private byte[] raw(String key) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			return connection.stringCommands().get(("wt:{owners:" + key + "}").getBytes(StandardCharsets.UTF_8));
		}
	}

}
