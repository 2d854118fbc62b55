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

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.it.support.RedisServerProcess;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A thread whose latest reads of a cache missed asks Redis for the value and the read
 * lease in one round trip; after hits it reads with a plain {@code GET} again. Against a
 * {@code redis-server} of its own; the commands the client sends tell which path each
 * read took.
 */
class MissPredictionTests {

	private RedisServerProcess server;

	private LettuceConnectionFactory connectionFactory;

	private RedisCacheStore store;

	private WriteThroughCache cache;

	// The commands the client sent, by type: Redis's own counts include those its
	// scripts call.
	private final Map<String, LongAdder> sent = new ConcurrentHashMap<>();

	@BeforeEach
	void startRedis() {
		this.server = RedisServerProcess.start();
		this.connectionFactory = OwnRedisCaches.connectionFactory(this.server,
				(factory) -> factory.getRequiredNativeClient().addListener(new CommandListener() {

					@Override
					public void commandStarted(CommandStartedEvent event) {
						MissPredictionTests.this.sent
							.computeIfAbsent(event.getCommand().getType().toString(), (type) -> new LongAdder())
							.increment();
					}

				}));
		this.store = RedisCacheStore.create(this.connectionFactory);
		this.cache = OwnRedisCaches.cache("products", this.store, Duration.ofSeconds(30), Duration.ofMillis(50),
				OwnRedisCaches.pendingWrites((cacheName, key) -> false, (cache, key) -> {
				}));
	}

	@AfterEach
	void stopRedis() {
		((DefaultRedisCacheStore) this.store).destroy();
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void afterTwoMissesAReadAsksForTheValueAndTheLeaseInOneRoundTrip() throws Exception {
		loadScriptsOnAnotherThread();
		resetCommandCounts();

		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.get("b")).isNull();
		assertThat(commandCalls("get")).as("GETs of the first two misses").isEqualTo(2);
		assertThat(commandCalls("evalsha")).as("leases of the first two misses").isEqualTo(2);

		assertThat(this.cache.get("c")).isNull();
		assertThat(commandCalls("get")).as("GETs after the third miss: it took the lease at once").isEqualTo(2);
		assertThat(commandCalls("evalsha")).as("leases after the third miss").isEqualTo(3);
		this.cache.put("c", "filled under the lease of a one-round-trip miss");
		assertThat(this.store.get(this.cache.getKeys().entry("c"))).as("the entry the fill stored").isNotNull();
		assertThat(this.cache.getStatistics().getFillResults()).containsEntry("filled", 1L);
	}

	@Test
	void afterTwoHitsAReadGoesBackToAPlainGet() throws Exception {
		loadScriptsOnAnotherThread();
		this.store.set(this.cache.getKeys().entry("hot"), this.cache.serialize("cached"), Duration.ofMinutes(5));
		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.get("b")).isNull();
		assertThat(this.cache.get("c")).isNull();
		resetCommandCounts();

		// The three misses saturated the prediction: two hits through the lease script
		// bring it back to GET.
		for (int read = 1; read <= 3; read++) {
			assertThat(this.cache.get("hot")).as("read " + read + " of a cached key")
				.isNotNull()
				.extracting(ValueWrapper::get)
				.isEqualTo("cached");
		}
		assertThat(commandCalls("evalsha")).as("hits answered by the lease script").isEqualTo(2);
		assertThat(commandCalls("get")).as("hits answered by GET").isEqualTo(1);
		assertThat(this.store.get(this.cache.getKeys().lease("hot"))).as("a lease taken on a hit").isNull();
	}

	@Test
	void aOneRoundTripMissWhileAWriterIsActiveDoesNotFill() throws Exception {
		loadScriptsOnAnotherThread();
		assertThat(this.cache.get("a")).isNull();
		assertThat(this.cache.get("b")).isNull();
		EntryFences.Writes writes = this.cache.getFences().begin(List.of("c"));
		assertThat(writes.awaitBegun()).isNull();
		resetCommandCounts();

		assertThat(this.cache.get("c")).isNull();
		assertThat(commandCalls("get")).as("GETs of the predicted miss").isZero();
		this.cache.put("c", "read while a writer is active");
		assertThat(this.store.get(this.cache.getKeys().entry("c"))).as("the entry after the skipped fill").isNull();
		assertThat(this.cache.getStatistics().getFillResults()).containsEntry("skipped", 1L);
		writes.abort();
	}

	// A read on another thread loads the lease script, so no NOSCRIPT answer is counted
	// below; the prediction of this test's thread is untouched.
	private void loadScriptsOnAnotherThread() throws Exception {
		CompletableFuture.runAsync(() -> assertThat(this.cache.get("warm-up")).isNull()).get(10, TimeUnit.SECONDS);
	}

	private void resetCommandCounts() {
		this.sent.clear();
	}

	private long commandCalls(String command) {
		LongAdder calls = this.sent.get(command.toUpperCase(Locale.ROOT));
		return (calls != null) ? calls.sum() : 0;
	}

}
