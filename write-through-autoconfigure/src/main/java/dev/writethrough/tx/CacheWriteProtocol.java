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

package dev.writethrough.tx;

import java.util.ArrayList;
import java.util.List;

/**
 * How the keys of a transaction's writes reach the cache. This is the one place where the
 * ordering protocol lives: the per-key fence ({@link FencedCacheUpdate}) plugs in here,
 * behind these four calls, without the interceptor or the transaction binding changing.
 *
 * @author write-through
 */
public interface CacheWriteProtocol {

	/**
	 * Begins a write as soon as its key is known, inside its transaction and before the
	 * commit. May start asynchronous work; must not throw because of the cache.
	 * @param write the write
	 * @return what the protocol keeps about the write until it ends
	 */
	default WriteTicket begin(CacheKeyWrite write) {
		return WriteTicket.NONE;
	}

	/**
	 * Called once the transaction that made the writes is about to commit, to wait for
	 * what {@link #begin} started. Throwing refuses the commit.
	 * @param tickets the tickets of the transaction's writes
	 */
	default void beforeCommit(List<WriteTicket> tickets) {
	}

	/**
	 * Applies one write after its transaction committed. Must not throw: a change the
	 * cache did not take is evicted, and an eviction it did not take is remembered.
	 * @param write the write to apply
	 * @param ticket what {@link #begin} returned for it
	 * @return what happened to the cache
	 */
	WriteOutcome afterCommit(CacheKeyWrite write, WriteTicket ticket);

	/**
	 * Applies the writes of one call after its transaction committed, as
	 * {@link #afterCommit} does one by one (the default); a protocol may send them
	 * together. Must not throw.
	 * @param writes the writes to apply
	 * @param tickets what {@link #begin} returned for each, in the same order
	 * @return what happened to the cache for each write, in the same order
	 */
	default List<WriteOutcome> afterCommitAll(List<CacheKeyWrite> writes, List<WriteTicket> tickets) {
		List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			outcomes.add(afterCommit(writes.get(i), tickets.get(i)));
		}
		return outcomes;
	}

	/**
	 * Called for each write of a transaction that rolled back. The default does nothing:
	 * the cache was never touched.
	 * @param write the write
	 * @param ticket what {@link #begin} returned for it
	 */
	default void afterRollback(CacheKeyWrite write, WriteTicket ticket) {
	}

}
