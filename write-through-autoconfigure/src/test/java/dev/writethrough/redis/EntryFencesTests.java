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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;

import dev.writethrough.it.support.RedisServerProcess;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fence alone, against a real Redis: each invariant its scripts state in their
 * headers, for one key and for a batch.
 *
 * @author write-through
 */
class EntryFencesTests {

	private static final byte[] OLD = bytes("old");

	private static final byte[] NEW = bytes("new");

	private static RedisServerProcess server;

	private static LettuceConnectionFactory connectionFactory;

	// The scripts the client sent (a script Redis does not know yet is sent twice).
	private static final LongAdder scripts = new LongAdder();

	private final CacheKeys keys = CacheKeys.perEntrySlot("spec:", "things");

	private EntryFences fences;

	@BeforeAll
	static void startRedis() {
		server = RedisServerProcess.start();
		connectionFactory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
		connectionFactory.afterPropertiesSet();
		connectionFactory.getRequiredNativeClient().addListener(new CommandListener() {

			@Override
			public void commandStarted(CommandStartedEvent event) {
				String type = event.getCommand().getType().toString();
				if (type.equals("EVALSHA") || type.equals("EVAL")) {
					scripts.increment();
				}
			}

		});
		connectionFactory.start();
	}

	@AfterAll
	static void stopRedis() {
		connectionFactory.destroy();
		server.close();
	}

	@BeforeEach
	void flush() {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.serverCommands().flushAll();
		}
		this.fences = EntryFences.create(RedisCacheStore.create(connectionFactory), this.keys,
				new EntryExpiry(Duration.ofMinutes(5), 0, Duration.ofMinutes(2), Duration.ofSeconds(2)));
	}

	@Test
	void beginMovesTheValueAsideSoNothingIsServedWhileTheWriteRuns() {
		set(1, OLD);
		EntryFences.Writes writes = this.fences.begin(List.of(1));
		assertThat(writes.awaitBegun()).isNull();
		assertThat(get(1)).as("the value while a writer is active").isNull();
	}

	@Test
	void beginCancelsALeaseTakenBeforeSoTheReaderCannotFillAnOldRow() {
		byte[] token = bytes("reader");
		assertThat(this.fences.acquireLease(1, token).status()).isEqualTo(LeaseResult.Status.GRANTED);
		this.fences.begin(List.of(1)).awaitBegun();
		assertThat(this.fences.fill(1, token, OLD)).as("the fill of a reader that read before the write").isFalse();
		assertThat(get(1)).isNull();
	}

	@Test
	void aWriterThatWasAloneStoresItsValue() {
		EntryFences.Writes writes = this.fences.begin(List.of(1));
		writes.awaitBegun();
		assertThat(writes.end(Arrays.asList(NEW), Arrays.asList((Long) null))).containsExactly(FenceEnd.STORED);
		assertThat(get(1)).isEqualTo(NEW);
	}

	@Test
	void overlappingWritersWithoutVersionsLeaveTheEntryAbsent() {
		EntryFences.Writes first = this.fences.begin(List.of(1));
		first.awaitBegun();
		EntryFences.Writes second = this.fences.begin(List.of(1));
		second.awaitBegun();
		assertThat(first.end(Arrays.asList(OLD), Arrays.asList((Long) null))).containsExactly(FenceEnd.DELETED);
		assertThat(second.end(Arrays.asList(NEW), Arrays.asList((Long) null))).containsExactly(FenceEnd.DELETED);
		assertThat(get(1)).as("no writer can tell it committed last").isNull();
	}

	@Test
	void theNewestVersionIsStoredOnceEveryOverlappingWriterHasEnded() {
		EntryFences.Writes first = this.fences.begin(List.of(1));
		first.awaitBegun();
		EntryFences.Writes second = this.fences.begin(List.of(1));
		second.awaitBegun();
		assertThat(first.end(Arrays.asList(OLD), Arrays.asList(1L))).containsExactly(FenceEnd.DELETED);
		assertThat(second.end(Arrays.asList(NEW), Arrays.asList(2L))).containsExactly(FenceEnd.STORED_BY_VERSION);
		assertThat(get(1)).isEqualTo(NEW);
	}

	@Test
	void anOlderVersionEndingLastIsNotStored() {
		EntryFences.Writes first = this.fences.begin(List.of(1));
		first.awaitBegun();
		EntryFences.Writes second = this.fences.begin(List.of(1));
		second.awaitBegun();
		second.end(Arrays.asList(NEW), Arrays.asList(2L));
		assertThat(first.end(Arrays.asList(OLD), Arrays.asList(1L))).containsExactly(FenceEnd.DELETED);
		assertThat(get(1)).isNull();
	}

	@Test
	void anEndWithoutAValueEvicts() {
		set(1, OLD);
		EntryFences.Writes writes = this.fences.begin(List.of(1));
		writes.awaitBegun();
		assertThat(writes.end(Arrays.asList((byte[]) null), Arrays.asList((Long) null)))
			.containsExactly(FenceEnd.DELETED);
		assertThat(get(1)).isNull();
	}

	@Test
	void theLastWriterAloneRollingBackRestoresTheValueItMovedAside() {
		set(1, OLD);
		EntryFences.Writes writes = this.fences.begin(List.of(1));
		writes.awaitBegun();
		writes.abort();
		assertThat(get(1)).isEqualTo(OLD);
	}

	@Test
	void aRollbackAfterAnotherWriterBeganRestoresNothing() {
		set(1, OLD);
		EntryFences.Writes first = this.fences.begin(List.of(1));
		first.awaitBegun();
		EntryFences.Writes second = this.fences.begin(List.of(1));
		second.awaitBegun();
		first.abort();
		assertThat(get(1)).as("the value while the other writer is active").isNull();
		second.end(Arrays.asList(NEW), Arrays.asList((Long) null));
		assertThat(get(1)).as("the other writer overlapped the rolled-back one").isNull();
	}

	@Test
	void oneReaderHoldsTheLeaseAndNoneWhileAWriterIsActive() {
		assertThat(this.fences.acquireLease(1, bytes("a")).status()).isEqualTo(LeaseResult.Status.GRANTED);
		assertThat(this.fences.acquireLease(1, bytes("b")).status()).isEqualTo(LeaseResult.Status.BUSY);
		this.fences.begin(List.of(2)).awaitBegun();
		assertThat(this.fences.acquireLease(2, bytes("c")).status()).isEqualTo(LeaseResult.Status.WRITER_ACTIVE);
		set(3, OLD);
		LeaseResult found = this.fences.acquireLease(3, bytes("d"));
		assertThat(found.status()).isEqualTo(LeaseResult.Status.VALUE);
		assertThat(found.value()).isEqualTo(OLD);
	}

	@Test
	void theLeaseHolderFillsOnceAndOnlyWithItsOwnToken() {
		byte[] token = bytes("reader");
		this.fences.acquireLease(1, token);
		assertThat(this.fences.fill(1, bytes("someone else"), OLD)).isFalse();
		assertThat(this.fences.fill(1, token, OLD)).isTrue();
		assertThat(get(1)).isEqualTo(OLD);
		assertThat(this.fences.fill(1, token, NEW)).as("a second fill with a used lease").isFalse();
	}

	@Test
	void tokensAreUniqueWithinAFenceAndAcrossInstancesOfIt() {
		EntryFences other = EntryFences.create(RedisCacheStore.create(connectionFactory), this.keys,
				new EntryExpiry(Duration.ofMinutes(5), 0, Duration.ofMinutes(2), Duration.ofSeconds(2)));
		java.util.Set<String> tokens = new java.util.HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			assertThat(tokens.add(new String(this.fences.newToken(), java.nio.charset.StandardCharsets.US_ASCII)))
				.isTrue();
			assertThat(tokens.add(new String(other.newToken(), java.nio.charset.StandardCharsets.US_ASCII))).isTrue();
		}
		byte[] mine = this.fences.newToken();
		assertThat(this.fences.acquireLease(1, mine).status()).isEqualTo(LeaseResult.Status.GRANTED);
		assertThat(other.fill(1, other.newToken(), OLD)).as("another instance's reader, without the lease").isFalse();
		assertThat(this.fences.fill(1, mine, OLD)).isTrue();
	}

	@Test
	void aBatchEndsEachKeyOnItsOwn() {
		EntryFences.Writes other = this.fences.begin(List.of(2));
		other.awaitBegun();
		EntryFences.Writes batch = this.fences.begin(List.of(1, 2, 3));
		assertThat(batch.awaitBegun()).isNull();
		assertThat(batch.keys()).isEqualTo(List.of(1, 2, 3));
		assertThat(batch.end(Arrays.asList(NEW, NEW, null), Arrays.asList(null, null, null)))
			.containsExactly(FenceEnd.STORED, FenceEnd.DELETED, FenceEnd.DELETED);
		assertThat(get(1)).isEqualTo(NEW);
		assertThat(get(2)).as("overlapped by the other writer").isNull();
		assertThat(get(3)).as("evicted").isNull();
	}

	@Test
	void aBatchIsMarkedAndEndedInOneScriptPerHundredEntries() {
		List<Integer> batchKeys = IntStream.rangeClosed(1, 250).boxed().toList();
		// Redis learns the scripts first, so each is sent once below.
		EntryFences.Writes warmUp = this.fences.begin(List.of(-1, -2));
		warmUp.awaitBegun();
		warmUp.end(Arrays.asList(NEW, NEW), Arrays.asList(null, null));
		this.fences.begin(List.of(-1, -2)).abort();
		scripts.reset();

		EntryFences.Writes batch = this.fences.begin(batchKeys);
		assertThat(batch.awaitBegun()).isNull();
		assertThat(scripts.sum()).as("scripts that marked 250 entries").isEqualTo(3);
		List<byte[]> values = batchKeys.stream().map((key) -> bytes("value " + key)).toList();
		assertThat(batch.end(new ArrayList<>(values), Collections.nCopies(250, null))).containsOnly(FenceEnd.STORED)
			.hasSize(250);
		assertThat(scripts.sum()).as("scripts that marked and ended 250 entries").isEqualTo(6);
		for (int key : batchKeys) {
			assertThat(get(key)).as("entry " + key).isEqualTo(values.get(key - 1));
		}
	}

	@Test
	void aBatchRollbackRestoresEachValueOnItsOwn() {
		set(1, OLD);
		set(2, OLD);
		EntryFences.Writes batch = this.fences.begin(List.of(1, 2, 3));
		assertThat(batch.awaitBegun()).isNull();
		assertThat(get(1)).as("moved aside while the batch runs").isNull();
		EntryFences.Writes other = this.fences.begin(List.of(2));
		assertThat(other.awaitBegun()).isNull();
		batch.abort();
		assertThat(get(1)).as("restored: the batch was its only writer").isEqualTo(OLD);
		assertThat(get(2)).as("another writer began meanwhile").isNull();
		assertThat(get(3)).as("never cached").isNull();
		other.abort();
	}

	@Test
	void aBatchStoresTheNewestVersionOfEachEntryOnItsOwn() {
		EntryFences.Writes first = this.fences.begin(List.of(1, 2));
		EntryFences.Writes second = this.fences.begin(List.of(1, 2));
		assertThat(first.awaitBegun()).isNull();
		assertThat(second.awaitBegun()).isNull();
		assertThat(second.end(Arrays.asList(NEW, NEW), Arrays.asList(2L, 1L))).containsExactly(FenceEnd.DELETED,
				FenceEnd.DELETED);
		assertThat(first.end(Arrays.asList(OLD, OLD), Arrays.asList(1L, 2L))).containsExactly(FenceEnd.DELETED,
				FenceEnd.STORED_BY_VERSION);
		assertThat(get(1)).as("its older version ended last").isNull();
		assertThat(get(2)).as("its newest version ended last").isEqualTo(OLD);
	}

	@Test
	void whenRedisIsDownTheBeginReportsItAndTheEndFailsWithoutThrowing() {
		try (RedisServerProcess down = RedisServerProcess.start()) {
			LettuceConnectionFactory factory = new LettuceConnectionFactory(
					new RedisStandaloneConfiguration("127.0.0.1", down.port()),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
			factory.afterPropertiesSet();
			factory.start();
			try {
				EntryFences unreachable = EntryFences.create(RedisCacheStore.create(factory), this.keys,
						new EntryExpiry(Duration.ofMinutes(5), 0, Duration.ofMinutes(2), Duration.ofSeconds(2)));
				// A batch while Redis answers: later batches go in one script.
				unreachable.begin(List.of(7, 8)).abort();
				down.kill();
				EntryFences.Writes writes = unreachable.begin(List.of(1, 2));
				assertThat(writes.awaitBegun()).isNotNull();
				assertThat(writes.end(Arrays.asList(NEW, NEW), Arrays.asList(null, null)))
					.containsExactly(FenceEnd.FAILED, FenceEnd.FAILED);
				writes.abort();
			}
			finally {
				factory.destroy();
			}
		}
	}

	private void set(Object key, byte[] value) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			connection.stringCommands().set(this.keys.entry(key), value);
		}
	}

	private byte[] get(Object key) {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			return connection.stringCommands().get(this.keys.entry(key));
		}
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

}
