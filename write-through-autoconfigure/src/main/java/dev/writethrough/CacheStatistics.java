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

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

import dev.writethrough.redis.RejectedValueException;

/**
 * What one cache counted since start: the standard hits, misses, puts and evictions, the
 * values it refused, and how reads fared with the read lease. Read by the metrics and the
 * endpoint; counted by the cache and the write path.
 *
 * @author write-through
 */
public final class CacheStatistics {

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final Map<RejectedValueException.Reason, LongAdder> rejected = counters(
			RejectedValueException.Reason.class);

	private final Map<Lease, LongAdder> leases = counters(Lease.class);

	private final Map<Fill, LongAdder> fills = counters(Fill.class);

	private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
		Map<E, LongAdder> counters = new EnumMap<>(type);
		for (E constant : type.getEnumConstants()) {
			counters.put(constant, new LongAdder());
		}
		return counters;
	}

	void hit() {
		this.hits.increment();
	}

	void miss() {
		this.misses.increment();
	}

	/**
	 * Counts values stored.
	 * @param count how many
	 */
	public void stored(long count) {
		this.puts.add(count);
	}

	/**
	 * Counts keys evicted.
	 * @param count how many
	 */
	public void evicted(long count) {
		this.evictions.add(count);
	}

	void rejected(RejectedValueException.Reason reason) {
		this.rejected.get(reason).increment();
	}

	void lease(Lease result) {
		this.leases.get(result).increment();
	}

	void fill(Fill result) {
		this.fills.get(result).increment();
	}

	/**
	 * The reads served from the cache.
	 * @return the hit count
	 */
	public long getHits() {
		return this.hits.sum();
	}

	/**
	 * The reads not served from the cache.
	 * @return the miss count
	 */
	public long getMisses() {
		return this.misses.sum();
	}

	/**
	 * The values stored.
	 * @return the put count
	 */
	public long getPuts() {
		return this.puts.sum();
	}

	/**
	 * The keys evicted.
	 * @return the eviction count
	 */
	public long getEvictions() {
		return this.evictions.sum();
	}

	/**
	 * The values refused, on write and on read (read refusals also count as misses).
	 * @return the count of every reason together
	 */
	public long getRejectedReads() {
		return this.rejected.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * The values refused, by {@link RejectedValueException.Reason#tag() reason}: on write
	 * (not cached) and on read (not served, also counted as misses).
	 * @return the counts by reason, every reason present
	 */
	public Map<String, Long> getRejectedValues() {
		Map<String, Long> results = new TreeMap<>();
		this.rejected.forEach((reason, count) -> results.put(reason.tag(), count.sum()));
		return results;
	}

	/**
	 * How reads that missed fared with the read lease, by {@link Lease#tag() result}.
	 * @return the counts by result, every result present
	 */
	public Map<String, Long> getLeaseResults() {
		return sums(this.leases);
	}

	/**
	 * How fills after a read fared, by {@link Fill#tag() result}.
	 * @return the counts by result, every result present
	 */
	public Map<String, Long> getFillResults() {
		return sums(this.fills);
	}

	private static <E extends Enum<E>> Map<String, Long> sums(Map<E, LongAdder> counters) {
		Map<String, Long> results = new TreeMap<>();
		counters.forEach((result, count) -> results.put(result.name().toLowerCase(Locale.ROOT), count.sum()));
		return results;
	}

	/**
	 * How a read that missed fared with the read lease.
	 */
	public enum Lease {

		/** It took the lease, so it fills the entry. */
		GRANTED,

		/** A writer was active: it read the database without filling. */
		WRITER_ACTIVE,

		/** Another reader was filling: it waited. */
		WAITED,

		/** It gave up waiting and read the database without filling. */
		TIMED_OUT;

		/**
		 * The tag value of this result.
		 * @return the result in lower case, for example {@code writer_active}
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * How a fill after a read fared.
	 */
	public enum Fill {

		/** The value was stored under the lease. */
		FILLED,

		/** A writer began meanwhile: the value was not stored. */
		REFUSED,

		/** The read held no lease: nothing was stored. */
		SKIPPED;

		/**
		 * The tag value of this result.
		 * @return the result in lower case
		 */
		public String tag() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

}
