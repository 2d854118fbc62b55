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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

import static dev.writethrough.redis.CacheKeys.ENDED;
import static dev.writethrough.redis.CacheKeys.LEASE;
import static dev.writethrough.redis.CacheKeys.SEQUENCE;
import static dev.writethrough.redis.CacheKeys.SHADOW;
import static dev.writethrough.redis.CacheKeys.VERSION;
import static dev.writethrough.redis.CacheKeys.WRITERS;
import static dev.writethrough.redis.CacheKeys.fenceKeys;

/**
 * The fence in Redis: one Lua script per step, each on the keys of one entry (one hash
 * slot), each stating in its header the invariant it keeps. The scripts that change a
 * writer's state share the repair rule of {@code repair-entry-fence.lua}, and those of a
 * reader {@code repair-lease-fence.lua}, which the loader puts in front of them.
 *
 * @author write-through
 */
final class RedisEntryFences implements EntryFences {

	private static final Log logger = LogFactory.getLog(RedisEntryFences.class);

	private static final RedisScript<List> BEGIN_WRITE = RedisCacheStore.script("repair-entry-fence.lua",
			"begin-write.lua");

	private static final RedisScript<List> END_WRITE = RedisCacheStore.script("repair-entry-fence.lua",
			"end-write.lua");

	private static final RedisScript<List> ABORT_WRITE = RedisCacheStore.script("repair-entry-fence.lua",
			"abort-write.lua");

	private static final RedisScript<List> INVALIDATE = RedisCacheStore.script("repair-entry-fence.lua",
			"invalidate.lua");

	private static final RedisScript<List> ACQUIRE_LEASE = RedisCacheStore.script("repair-lease-fence.lua",
			"acquire-lease.lua");

	private static final RedisScript<List> FILL = RedisCacheStore.script("repair-lease-fence.lua", "fill.lua");

	private static final byte[] NO_VERSION = new byte[0];

	private final RedisCacheStore store;

	private final CacheKeys keys;

	private final EntryExpiry expiry;

	private final byte[] markerTtl;

	// Tokens are this instance's random prefix and a counter: unique like a random UUID
	// each, without a SecureRandom call (and its lock) on every write and miss.
	private final byte[] tokenPrefix = (UUID.randomUUID() + ":").getBytes(StandardCharsets.US_ASCII);

	private final AtomicLong tokens = new AtomicLong();

	RedisEntryFences(RedisCacheStore store, CacheKeys keys, EntryExpiry expiry) {
		this.store = store;
		this.keys = keys;
		this.expiry = expiry;
		this.markerTtl = number(expiry.markerTtl().toMillis());
	}

	@Override
	public Writes begin(List<?> cacheKeys) {
		List<Begun> begun = new ArrayList<>(cacheKeys.size());
		for (Object key : cacheKeys) {
			byte[] entry = this.keys.entry(key);
			byte[] token = newToken();
			CompletableFuture<EntryFence> fence;
			try {
				// Sent by this thread on the shared Lettuce connection without waiting: a
				// hand-off to another thread costs more than the mark's round trip.
				// With write-through.fence.replicas, the mark counts once replicas hold
				// it.
				fence = this.store.replicatedAfter(
						this.store.evalAsync(BEGIN_WRITE, fenceKeys(entry, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED),
								new byte[][] { token, this.markerTtl }, "Redis did not take the write marker",
								(answer) -> began(entry, token, (List<?>) answer)),
						entry);
			}
			catch (RuntimeException ex) {
				fence = CompletableFuture.failedFuture(ex);
			}
			begun.add(new Begun(entry, fence));
		}
		return new RedisWrites(List.copyOf(cacheKeys), begun);
	}

	@Override
	public byte[] newToken() {
		byte[] counter = number(this.tokens.incrementAndGet());
		byte[] token = Arrays.copyOf(this.tokenPrefix, this.tokenPrefix.length + counter.length);
		System.arraycopy(counter, 0, token, this.tokenPrefix.length, counter.length);
		return token;
	}

	@Override
	public boolean invalidate(Object key, @Nullable Long version) {
		byte[] entry = this.keys.entry(key);
		List<?> answer = this.store.eval(INVALIDATE, fenceKeys(entry, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED, VERSION),
				this.markerTtl, (version != null) ? number(version) : NO_VERSION);
		repaired(entry, answer, 1);
		return answer != null && Long.valueOf(1).equals(answer.get(0));
	}

	@Override
	public LeaseResult acquireLease(Object key, byte[] token) {
		byte[] entry = this.keys.entry(key);
		List<?> answer = this.store.eval(ACQUIRE_LEASE, fenceKeys(entry, WRITERS, LEASE), token,
				number(this.expiry.leaseTtl().toMillis()), this.markerTtl);
		long status = (Long) answer.get(0);
		repaired(entry, answer, 1);
		if (status == 0) {
			return new LeaseResult(LeaseResult.Status.VALUE, (byte[]) answer.get(2));
		}
		return new LeaseResult((status == 1) ? LeaseResult.Status.GRANTED
				: (status == 2) ? LeaseResult.Status.WRITER_ACTIVE : LeaseResult.Status.BUSY, null);
	}

	@Override
	public boolean fill(Object key, byte[] token, byte[] value) {
		byte[] entry = this.keys.entry(key);
		List<?> answer = this.store.eval(FILL, fenceKeys(entry, WRITERS, LEASE), token,
				number(this.expiry.valueTtl().toMillis()), value, this.markerTtl);
		repaired(entry, answer, 1);
		return answer != null && Long.valueOf(1).equals(answer.get(0));
	}

	private EntryFence began(byte[] entry, byte[] token, List<?> answer) {
		repaired(entry, answer, 2);
		return new EntryFence(token, (Long) answer.get(0), (Long) answer.get(1));
	}

	private FenceEnd ended(byte[] entry, @Nullable List<?> answer) {
		Long result = (answer != null) ? (Long) answer.get(0) : null;
		repaired(entry, answer, 1);
		return (result == null || result == 0) ? FenceEnd.DELETED
				: (result == 1) ? FenceEnd.STORED : FenceEnd.STORED_BY_VERSION;
	}

	private byte[][] endArguments(EntryFence fence, byte @Nullable [] value, @Nullable Long version) {
		List<byte[]> arguments = new ArrayList<>(7);
		arguments.add(fence.token());
		arguments.add(number(fence.sequence()));
		arguments.add(number(fence.othersActive()));
		arguments.add(number(this.expiry.valueTtl().toMillis()));
		arguments.add(this.markerTtl);
		arguments.add((version != null) ? number(version) : NO_VERSION);
		if (value != null) {
			arguments.add(value);
		}
		return arguments.toArray(byte[][]::new);
	}

	// The scripts repair fence keys they never wrote (see their headers): counted and
	// logged, since something else writes the starter's keys.
	private void repaired(byte[] entry, @Nullable List<?> answer, int index) {
		if (answer == null || answer.size() <= index || !(answer.get(index) instanceof Long repaired)
				|| repaired == 0) {
			return;
		}
		this.store.fenceRepaired(repaired);
		logger.warn("Repaired " + repaired + " unreadable fence key(s) of '" + new String(entry, StandardCharsets.UTF_8)
				+ "' (an unexpected type or value, or no TTL: something other than the starter wrote them). The"
				+ " entry was evicted and is read from the database until write-through.fence.marker-ttl has passed;"
				+ " check what else writes keys under write-through.key-prefix");
	}

	private static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static @Nullable RuntimeException failure(CompletableFuture<?> future) {
		try {
			future.join();
			return null;
		}
		catch (CompletionException ex) {
			return (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private record Begun(byte[] entry, CompletableFuture<EntryFence> fence) {

		@Nullable EntryFence fenceOrNull() {
			return (failure(this.fence) == null) ? this.fence.join() : null;
		}

	}

	private final class RedisWrites implements Writes {

		private final List<?> keys;

		private final List<Begun> begun;

		RedisWrites(List<?> keys, List<Begun> begun) {
			this.keys = keys;
			this.begun = begun;
		}

		@Override
		public List<?> keys() {
			return this.keys;
		}

		@Override
		public @Nullable RuntimeException awaitBegun() {
			for (Begun write : this.begun) {
				RuntimeException failure = failure(write.fence());
				if (failure != null) {
					return failure;
				}
			}
			return null;
		}

		@Override
		public List<FenceEnd> end(List<byte @Nullable []> values, List<@Nullable Long> versions) {
			int size = this.begun.size();
			List<@Nullable CompletableFuture<FenceEnd>> sent = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				Begun write = this.begun.get(i);
				EntryFence fence = write.fenceOrNull();
				if (fence == null) {
					sent.add(null);
					continue;
				}
				byte[] entry = write.entry();
				byte[][] endKeys = fenceKeys(entry, WRITERS, SEQUENCE, LEASE, SHADOW, ENDED, VERSION);
				byte[][] arguments = endArguments(fence, values.get(i), versions.get(i));
				try {
					// One key: answered in the caller's round trip. Several: sent
					// together
					// on the shared connection, so the batch costs one round trip.
					sent.add((size == 1)
							? CompletableFuture.completedFuture(
									ended(entry, RedisEntryFences.this.store.eval(END_WRITE, endKeys, arguments)))
							: RedisEntryFences.this.store.evalAsync(END_WRITE, endKeys, arguments,
									"Redis did not take the end of a write",
									(answer) -> ended(entry, (List<?>) answer)));
				}
				catch (RuntimeException ex) {
					sent.add(null);
				}
			}
			List<FenceEnd> ends = new ArrayList<>(size);
			for (CompletableFuture<FenceEnd> end : sent) {
				ends.add((end != null && failure(end) == null) ? end.join() : FenceEnd.FAILED);
			}
			return ends;
		}

		@Override
		public void abort() {
			for (Begun write : this.begun) {
				EntryFence fence = write.fenceOrNull();
				if (fence == null) {
					continue;
				}
				try {
					List<?> answer = RedisEntryFences.this.store.eval(ABORT_WRITE,
							fenceKeys(write.entry(), WRITERS, SEQUENCE, SHADOW, ENDED), fence.token(),
							number(fence.sequence()), RedisEntryFences.this.markerTtl);
					repaired(write.entry(), answer, 1);
				}
				catch (RuntimeException ex) {
					// The marker expires with its TTL; until then the key is only read
					// from
					// the database.
					logger.debug("Could not release the write marker of '"
							+ new String(write.entry(), StandardCharsets.UTF_8) + "'", ex);
				}
			}
		}

	}

}
