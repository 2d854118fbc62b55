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
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

import static dev.writethrough.redis.CacheKeys.COUNTERS;
import static dev.writethrough.redis.CacheKeys.LEASE;
import static dev.writethrough.redis.CacheKeys.SHADOW;
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

	private static final RedisScript<List> BEGIN_WRITE = DefaultRedisCacheStore.script("repair-entry-fence.lua",
			"begin-write.lua");

	private static final RedisScript<List> END_WRITE = DefaultRedisCacheStore.script("repair-entry-fence.lua",
			"end-write.lua");

	private static final RedisScript<List> ABORT_WRITE = DefaultRedisCacheStore.script("repair-entry-fence.lua",
			"abort-write.lua");

	private static final RedisScript<List> BEGIN_WRITES = DefaultRedisCacheStore
		.scriptPerEntry("repair-entry-fence.lua", "begin-write.lua");

	private static final RedisScript<List> END_WRITES = DefaultRedisCacheStore.scriptPerEntry("repair-entry-fence.lua",
			"end-write.lua");

	private static final RedisScript<List> ABORT_WRITES = DefaultRedisCacheStore
		.scriptPerEntry("repair-entry-fence.lua", "abort-write.lua");

	// The most entries one script of a batch changes: a script holds Redis for its whole
	// run, about 20 us per entry.
	static final int BATCH = 100;

	private static final RedisScript<List> INVALIDATE = DefaultRedisCacheStore.script("repair-entry-fence.lua",
			"invalidate.lua");

	private static final RedisScript<List> ACQUIRE_LEASE = DefaultRedisCacheStore.script("repair-lease-fence.lua",
			"acquire-lease.lua");

	private static final RedisScript<List> FILL = DefaultRedisCacheStore.script("repair-lease-fence.lua", "fill.lua");

	private static final byte[] NO_VERSION = new byte[0];

	private final DefaultRedisCacheStore store;

	private final CacheKeys keys;

	private final EntryExpiry expiry;

	private final byte[] markerTtl;

	// Tokens are this instance's random prefix and a counter: unique like a random UUID
	// each, without a SecureRandom call (and its lock) on every write and miss.
	private final byte[] tokenPrefix = (UUID.randomUUID() + ":").getBytes(StandardCharsets.US_ASCII);

	private final AtomicLong tokens = new AtomicLong();

	RedisEntryFences(DefaultRedisCacheStore store, CacheKeys keys, EntryExpiry expiry) {
		this.store = store;
		this.keys = keys;
		this.expiry = expiry;
		this.markerTtl = number(expiry.markerTtl().toMillis());
	}

	@Override
	public Writes begin(List<?> cacheKeys) {
		List<byte[]> entries = new ArrayList<>(cacheKeys.size());
		for (Object key : cacheKeys) {
			entries.add(this.keys.entry(key));
		}
		List<Begun> begun = new ArrayList<>(entries.size());
		if (batched(entries.size())) {
			inBatches(entries, (batch) -> beginBatch(batch, begun));
		}
		else {
			for (byte[] entry : entries) {
				begun.add(beginOne(entry));
			}
		}
		return new RedisWrites(List.copyOf(cacheKeys), begun);
	}

	// One script for a batch where Redis takes the keys of several entries at once.
	private boolean batched(int entries) {
		return entries > 1 && this.store.takesKeysOfAnySlot();
	}

	private static <T> void inBatches(List<T> items, Consumer<List<T>> batch) {
		for (int from = 0; from < items.size(); from += BATCH) {
			batch.accept(items.subList(from, Math.min(items.size(), from + BATCH)));
		}
	}

	private Begun beginOne(byte[] entry) {
		byte[] token = newToken();
		byte[][] keys = entryKeys(entry);
		CompletableFuture<EntryFence> fence;
		try {
			// Sent by this thread on the shared Lettuce connection without waiting: a
			// hand-off to another thread costs more than the mark's round trip. With
			// write-through.fence.replicas, the mark counts once replicas hold it.
			fence = this.store.replicatedAfter(
					this.store.evalAsync(BEGIN_WRITE, keys, new byte[][] { token, this.markerTtl },
							"Redis did not take the write marker", (answer) -> began(entry, token, (List<?>) answer)),
					entry);
		}
		catch (RuntimeException ex) {
			fence = CompletableFuture.failedFuture(ex);
		}
		return new Begun(entry, keys, fence);
	}

	// The marks of a batch in one script, sent like one mark. If the script fails
	// part-way, every mark of the batch counts as not taken; those Redis took expire
	// with their time to live, like a mark whose answer was lost.
	private void beginBatch(List<byte[]> entries, List<Begun> begun) {
		byte[] token = newToken();
		EachEntry call = new EachEntry();
		List<byte[][]> keys = new ArrayList<>(entries.size());
		for (byte[] entry : entries) {
			keys.add(entryKeys(entry));
			call.add(keys.get(keys.size() - 1), token, this.markerTtl);
		}
		CompletableFuture<List<?>> sent;
		try {
			sent = this.store.replicatedAfter(this.store.evalAsync(BEGIN_WRITES, call.keys(), call.arguments(),
					"Redis did not take the write markers", (answer) -> (List<?>) answer), entries.get(0));
		}
		catch (RuntimeException ex) {
			sent = CompletableFuture.failedFuture(ex);
		}
		for (int i = 0; i < entries.size(); i++) {
			byte[] entry = entries.get(i);
			int index = i;
			begun.add(new Begun(entry, keys.get(index),
					sent.thenApply((answers) -> began(entry, token, (List<?>) answers.get(index)))));
		}
	}

	// The keys begin-write, end-write and invalidate take, in their order.
	private static byte[][] entryKeys(byte[] entry) {
		return fenceKeys(entry, WRITERS, COUNTERS, LEASE, SHADOW);
	}

	private static byte[][] abortKeys(byte[] entry) {
		return fenceKeys(entry, WRITERS, COUNTERS, SHADOW);
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
		List<?> answer = this.store.eval(INVALIDATE, entryKeys(entry), this.markerTtl,
				(version != null) ? number(version) : NO_VERSION);
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

	// keys: the entry's fence keys, which its end takes too.
	private record Begun(byte[] entry, byte[][] keys, CompletableFuture<EntryFence> fence) {

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
			List<Integer> ending = new ArrayList<>(size);
			for (int i = 0; i < size; i++) {
				sent.add(null);
				if (this.begun.get(i).fenceOrNull() != null) {
					ending.add(i);
				}
			}
			if (batched(ending.size())) {
				inBatches(ending, (batch) -> endBatch(batch, values, versions, sent));
			}
			else {
				for (int i : ending) {
					sent.set(i, endOne(i, values.get(i), versions.get(i), size == 1));
				}
			}
			List<FenceEnd> ends = new ArrayList<>(size);
			for (CompletableFuture<FenceEnd> end : sent) {
				ends.add((end != null && failure(end) == null) ? end.join() : FenceEnd.FAILED);
			}
			return ends;
		}

		// One key: answered in the caller's round trip. Several: sent together on the
		// shared connection, so they cost one round trip.
		private @Nullable CompletableFuture<FenceEnd> endOne(int index, byte @Nullable [] value, @Nullable Long version,
				boolean alone) {
			Begun write = this.begun.get(index);
			byte[] entry = write.entry();
			byte[][] endKeys = write.keys();
			byte[][] arguments = endArguments(write.fenceOrNull(), value, version);
			String failure = "Redis did not take the end of a write";
			Function<@Nullable Object, FenceEnd> answer = (answered) -> ended(entry, (List<?>) answered);
			try {
				return alone ? RedisEntryFences.this.store.evalAwaited(END_WRITE, endKeys, arguments, failure, answer)
						: RedisEntryFences.this.store.evalAsync(END_WRITE, endKeys, arguments, failure, answer);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}

		private void endBatch(List<Integer> batch, List<byte @Nullable []> values, List<@Nullable Long> versions,
				List<@Nullable CompletableFuture<FenceEnd>> sent) {
			EachEntry call = new EachEntry();
			for (int i : batch) {
				Begun write = this.begun.get(i);
				call.add(write.keys(), endArguments(write.fenceOrNull(), values.get(i), versions.get(i)));
			}
			CompletableFuture<List<?>> answered;
			try {
				answered = RedisEntryFences.this.store.evalAsync(END_WRITES, call.keys(), call.arguments(),
						"Redis did not take the end of the writes", (answer) -> (List<?>) answer);
			}
			catch (RuntimeException ex) {
				return;
			}
			for (int j = 0; j < batch.size(); j++) {
				int index = j;
				byte[] entry = this.begun.get(batch.get(j)).entry();
				sent.set(batch.get(j), answered.thenApply((answers) -> ended(entry, (List<?>) answers.get(index))));
			}
		}

		@Override
		public void abort() {
			List<Begun> aborting = new ArrayList<>(this.begun.size());
			for (Begun write : this.begun) {
				if (write.fenceOrNull() != null) {
					aborting.add(write);
				}
			}
			if (batched(aborting.size())) {
				inBatches(aborting, this::abortBatch);
				return;
			}
			for (Begun write : aborting) {
				try {
					List<?> answer = RedisEntryFences.this.store.eval(ABORT_WRITE, abortKeys(write.entry()),
							abortArguments(write.fenceOrNull()));
					repaired(write.entry(), answer, 1);
				}
				catch (RuntimeException ex) {
					markerLeft(write.entry(), ex);
				}
			}
		}

		private void abortBatch(List<Begun> batch) {
			EachEntry call = new EachEntry();
			for (Begun write : batch) {
				call.add(abortKeys(write.entry()), abortArguments(write.fenceOrNull()));
			}
			try {
				List<?> answers = RedisEntryFences.this.store.eval(ABORT_WRITES, call.keys(), call.arguments());
				for (int i = 0; i < batch.size(); i++) {
					repaired(batch.get(i).entry(), (List<?>) answers.get(i), 1);
				}
			}
			catch (RuntimeException ex) {
				markerLeft(batch.get(0).entry(), ex);
			}
		}

		private byte[][] abortArguments(EntryFence fence) {
			return new byte[][] { fence.token(), number(fence.sequence()), RedisEntryFences.this.markerTtl };
		}

		// The marker expires with its TTL; until then the key is only read from the
		// database.
		private static void markerLeft(byte[] entry, RuntimeException ex) {
			logger.debug("Could not release the write marker of '" + new String(entry, StandardCharsets.UTF_8) + "'",
					ex);
		}

	}

	// The keys and arguments of one call of each-entry.lua: every entry's keys in turn;
	// ARGV[1] the keys per entry, then each entry's argument count and its arguments.
	private static final class EachEntry {

		private final List<byte[]> keys = new ArrayList<>();

		private final List<byte[]> arguments = new ArrayList<>();

		void add(byte[][] entryKeys, byte[]... entryArguments) {
			if (this.arguments.isEmpty()) {
				this.arguments.add(number(entryKeys.length));
			}
			this.keys.addAll(Arrays.asList(entryKeys));
			this.arguments.add(number(entryArguments.length));
			this.arguments.addAll(Arrays.asList(entryArguments));
		}

		byte[][] keys() {
			return this.keys.toArray(byte[][]::new);
		}

		byte[][] arguments() {
			return this.arguments.toArray(byte[][]::new);
		}

	}

}
