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

package dev.writethrough;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.writethrough.redis.EntryFences;
import dev.writethrough.redis.LeaseResult;
import org.jspecify.annotations.Nullable;

/**
 * The read lease of one cache: after a miss, only the lease holder fills the entry;
 * others wait briefly for its fill, or read the database without filling while a writer
 * is active. The right to fill is handed from the miss ({@link #afterMiss}) to the fill
 * that follows it in the same {@code @Cacheable} call ({@link #take}) through the thread,
 * in a fixed number of slots: a call that nests deeper than that loses the oldest right,
 * and its fill is skipped.
 * <p>
 * A read costs one round trip either way. A plain {@code GET} is the cheaper one for
 * Redis and the client, but a miss then needs a second round trip for the lease. So each
 * thread predicts its next read of the cache from its latest ones, as a two-bit
 * saturating counter does: after two misses in a row it asks for the value and the lease
 * together ({@code acquire-lease.lua} answers with the value when it is there), after two
 * hits in a row it goes back to {@code GET}. A wrong guess costs a script where a
 * {@code GET} would have done, never a stale value: both paths take the lease under the
 * same rules.
 *
 * @author write-through
 */
final class ReadLeases {

	/** The right of a read that must not fill. */
	static final byte[] NO_FILL = new byte[0];

	private static final long MAX_POLL_NANOS = Duration.ofMillis(20).toNanos();

	private static final int SLOTS = 8;

	private final EntryFences fences;

	private final boolean enabled;

	private final long waitNanos;

	private final CacheStatistics statistics;

	private final ThreadLocal<FillRights> rights = ThreadLocal.withInitial(FillRights::new);

	ReadLeases(EntryFences fences, boolean enabled, Duration wait, CacheStatistics statistics) {
		this.fences = fences;
		this.enabled = enabled;
		this.waitNanos = wait.toNanos();
		this.statistics = statistics;
	}

	/**
	 * Reads an entry and, if it is absent, takes the lease or waits for the holder's
	 * fill. The right of an earlier read of the key on this thread is forgotten first.
	 * @param key the cache key
	 * @param get the plain read of the entry's value
	 * @return the value, or {@code null} with the right to fill (or not) kept for
	 * {@link #take}
	 * @throws RuntimeException if Redis does not answer
	 */
	byte @Nullable [] read(Object key, Supplier<byte @Nullable []> get) {
		FillRights rights = this.rights.get();
		rights.take(key);
		if (!this.enabled) {
			return get.get();
		}
		if (!rights.missLikely()) {
			byte[] value = get.get();
			rights.observed(value != null);
			return (value != null) ? value : afterMiss(key, rights, false);
		}
		return afterMiss(key, rights, true);
	}

	// Takes the lease, or waits for the holder's fill. In place of the GET, the thread's
	// prediction learns whether the first answer held the value.
	private byte @Nullable [] afterMiss(Object key, FillRights rights, boolean inPlaceOfGet) {
		byte[] token = this.fences.newToken();
		long deadline = System.nanoTime() + this.waitNanos;
		long pause = TimeUnit.MILLISECONDS.toNanos(1);
		boolean waited = false;
		while (true) {
			LeaseResult lease = this.fences.acquireLease(key, token);
			if (inPlaceOfGet) {
				rights.observed(lease.status() == LeaseResult.Status.VALUE);
				inPlaceOfGet = false;
			}
			switch (lease.status()) {
				case VALUE -> {
					return lease.value();
				}
				case GRANTED -> {
					this.statistics.lease(CacheStatistics.Lease.GRANTED);
					rights.put(key, token, System.nanoTime());
					return null;
				}
				case WRITER_ACTIVE -> {
					this.statistics.lease(CacheStatistics.Lease.WRITER_ACTIVE);
					rights.put(key, NO_FILL, 0);
					return null;
				}
				case BUSY -> {
					if (!waited) {
						this.statistics.lease(CacheStatistics.Lease.WAITED);
						waited = true;
					}
					if (System.nanoTime() >= deadline || !pause(pause)) {
						this.statistics.lease(CacheStatistics.Lease.TIMED_OUT);
						rights.put(key, NO_FILL, 0);
						return null;
					}
					pause = Math.min(pause * 2, MAX_POLL_NANOS);
				}
			}
		}
	}

	/**
	 * Records that the read of a key must not fill it.
	 */
	void noFill(Object key) {
		this.rights.get().put(key, NO_FILL, 0);
	}

	/**
	 * When the latest read of the key on this thread was granted the key's lease, which a
	 * fill may still use: a value read from the database after that may fill.
	 * @return the {@link System#nanoTime()} just after the grant, or {@code null} if this
	 * thread holds no lease of the key
	 */
	@Nullable Long leaseGrantedAt(Object key) {
		return this.rights.get().grantedAt(key);
	}

	/**
	 * Takes the right a read of the key left.
	 * @return the lease token, {@link #NO_FILL}, or {@code null} if the read left none
	 * (leases off, or a put that follows no read)
	 */
	byte @Nullable [] take(Object key) {
		return this.rights.get().take(key);
	}

	/**
	 * Fills the entry under the lease.
	 * @throws RuntimeException if Redis does not answer
	 */
	void fill(Object key, byte[] token, byte[] value) {
		if (this.fences.fill(key, token, value)) {
			this.statistics.stored(1);
			this.statistics.fill(CacheStatistics.Fill.FILLED);
		}
		else {
			this.statistics.fill(CacheStatistics.Fill.REFUSED);
		}
	}

	private static boolean pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	// The rights of one thread's latest reads, oldest overwritten first.
	private static final class FillRights {

		private final Object[] keys = new Object[SLOTS];

		private final byte[][] rights = new byte[SLOTS][];

		private final long[] grantedAt = new long[SLOTS];

		private int next;

		// A two-bit saturating counter of the latest reads: 0 and 1 predict a hit, 2 and
		// 3 a miss.
		private int misses;

		boolean missLikely() {
			return this.misses >= 2;
		}

		void observed(boolean hit) {
			this.misses = hit ? Math.max(0, this.misses - 1) : Math.min(3, this.misses + 1);
		}

		void put(Object key, byte[] right, long grantedAt) {
			take(key);
			this.keys[this.next] = key;
			this.rights[this.next] = right;
			this.grantedAt[this.next] = grantedAt;
			this.next = (this.next + 1) % SLOTS;
		}

		@Nullable Long grantedAt(Object key) {
			for (int i = 0; i < SLOTS; i++) {
				if (this.keys[i] != null && Objects.equals(this.keys[i], key)) {
					return (this.rights[i] != NO_FILL) ? this.grantedAt[i] : null;
				}
			}
			return null;
		}

		byte @Nullable [] take(Object key) {
			for (int i = 0; i < SLOTS; i++) {
				if (this.keys[i] != null && Objects.equals(this.keys[i], key)) {
					byte[] right = this.rights[i];
					this.keys[i] = null;
					this.rights[i] = null;
					return right;
				}
			}
			return null;
		}

	}

}
