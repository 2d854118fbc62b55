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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.it.support.RedisServerProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The in-JVM loader of {@code @Cacheable(sync = true)} and the read lease, against a real
 * {@code redis-server}: the thread that holds a key's lease is the one whose fill Redis
 * takes, so it loads itself rather than join a load that has no right to fill.
 */
class SyncLoadUnderLeaseTests {

	private static final String KEY = "7";

	private RedisServerProcess server;

	private LettuceConnectionFactory connectionFactory;

	private RedisCacheStore store;

	private WriteThroughCache cache;

	// A pause a thread makes when the cache asks whether it must bypass: between the
	// miss that took the lease and the load.
	private final Map<Thread, Runnable> pauses = new ConcurrentHashMap<>();

	@BeforeEach
	void startRedis() {
		this.server = RedisServerProcess.start();
		this.connectionFactory = OwnRedisCaches.connectionFactory(this.server, (factory) -> {
		});
		this.store = RedisCacheStore.create(this.connectionFactory);
		this.cache = OwnRedisCaches.cache("products", this.store, Duration.ofSeconds(30), Duration.ofMillis(50),
				OwnRedisCaches.pendingWrites((cacheName, key) -> {
					this.pauses.getOrDefault(Thread.currentThread(), () -> {
					}).run();
					return false;
				}, (cache, key) -> {
				}));
	}

	@AfterEach
	void stopRedis() {
		((DefaultRedisCacheStore) this.store).destroy();
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void theLeaseHolderLoadsAndFillsWhileALoadWithoutTheRightToFillRuns() throws Exception {
		// Another instance holds the lease: this JVM's first reader waits 50 ms for its
		// fill, gives up, and loads without the right to fill.
		LeaseResult foreign = this.cache.getFences()
			.acquireLease(KEY, "other-instance".getBytes(StandardCharsets.US_ASCII));
		assertThat(foreign.status()).isEqualTo(LeaseResult.Status.GRANTED);
		CountDownLatch slowLoadStarted = new CountDownLatch(1);
		CountDownLatch releaseSlowLoad = new CountDownLatch(1);
		AtomicInteger loads = new AtomicInteger();
		CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> this.cache.get(KEY, () -> {
			loads.incrementAndGet();
			slowLoadStarted.countDown();
			assertThat(releaseSlowLoad.await(10, TimeUnit.SECONDS)).isTrue();
			return "loaded without the right to fill";
		}));
		assertThat(slowLoadStarted.await(10, TimeUnit.SECONDS)).as("the reader that timed out is loading").isTrue();

		// The other instance's lease lapses; the next reader of this JVM takes it.
		this.store.delete(this.cache.getKeys().lease(KEY));
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> this.cache.get(KEY, () -> {
			loads.incrementAndGet();
			return "loaded by the lease holder";
		}));
		try {
			assertThat(holder.get(5, TimeUnit.SECONDS)).as("what the lease holder read")
				.isEqualTo("loaded by the lease holder");
		}
		finally {
			releaseSlowLoad.countDown();
		}
		assertThat(slow.get(10, TimeUnit.SECONDS)).isEqualTo("loaded without the right to fill");
		assertThat(this.cache.get(KEY)).as("the entry after both reads: the lease holder's fill")
			.isNotNull()
			.extracting(org.springframework.cache.Cache.ValueWrapper::get)
			.isEqualTo("loaded by the lease holder");
		assertThat(loads).as("database loads").hasValue(2);
	}

	@Test
	void theLeaseHolderJoinsALoadThatBeganAfterItsLeaseAndFillsWithItsValue() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		CountDownLatch holderGranted = new CountDownLatch(1);
		CountDownLatch resumeHolder = new CountDownLatch(1);
		CountDownLatch otherLoading = new CountDownLatch(1);
		CountDownLatch releaseOther = new CountDownLatch(1);
		AtomicReference<Thread> holderThread = new AtomicReference<>();
		AtomicInteger holderChecks = new AtomicInteger();
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> {
			holderThread.set(Thread.currentThread());
			// The second check comes after the miss took the lease, before the load.
			this.pauses.put(Thread.currentThread(), () -> {
				if (holderChecks.incrementAndGet() == 2) {
					holderGranted.countDown();
					await(resumeHolder);
				}
			});
			try {
				return this.cache.get(KEY, () -> {
					loads.incrementAndGet();
					return "loaded by the lease holder";
				});
			}
			finally {
				this.pauses.remove(Thread.currentThread());
			}
		});
		assertThat(holderGranted.await(10, TimeUnit.SECONDS)).as("the holder took the lease").isTrue();

		// Another reader waits 50 ms for the holder's fill, gives up and loads, after the
		// lease was granted.
		CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> this.cache.get(KEY, () -> {
			loads.incrementAndGet();
			otherLoading.countDown();
			await(releaseOther);
			return "loaded after the lease was granted";
		}));
		assertThat(otherLoading.await(10, TimeUnit.SECONDS)).as("the reader that timed out is loading").isTrue();
		resumeHolder.countDown();
		// The holder joins that load rather than read the database again: it waits for
		// it (or, if it loaded itself, is done).
		Awaitility.await("the holder joins the running load or ends")
			.atMost(Duration.ofSeconds(10))
			.until(() -> holder.isDone() || holderThread.get().getState() == Thread.State.WAITING);
		releaseOther.countDown();

		assertThat(holder.get(10, TimeUnit.SECONDS)).isEqualTo("loaded after the lease was granted");
		assertThat(other.get(10, TimeUnit.SECONDS)).isEqualTo("loaded after the lease was granted");
		assertThat(loads).as("database loads").hasValue(1);
		assertThat(this.cache.get(KEY)).as("filled by the holder with the joined value")
			.isNotNull()
			.extracting(org.springframework.cache.Cache.ValueWrapper::get)
			.isEqualTo("loaded after the lease was granted");
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
