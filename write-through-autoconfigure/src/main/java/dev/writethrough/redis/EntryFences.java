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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The per-entry fence of one cache, the product's guarantee in one place: a writer marks
 * its keys before the database commits ({@link #begin}), ends the write after the commit
 * ({@link Writes#end}) or releases it after a rollback ({@link Writes#abort}); a reader
 * that missed fills only under a lease ({@link #acquireLease}, {@link #fill}) that any
 * writer's begin cancels. Every operation takes a batch of keys; one key is the batch of
 * one.
 * <p>
 * The invariants are those of the scripts beside {@link RedisEntryFences}, its one
 * implementation: while a writer is active no value is served and no lease can fill; a
 * value is stored at the end only by a writer that no other writer overlapped (or whose
 * version is the newest once every writer that began has ended); anything else leaves the
 * entry absent, so the next read loads it from the database. The fence knows nothing of
 * transactions: its caller decides when to begin and end.
 *
 * @author write-through
 */
public interface EntryFences {

	/**
	 * The fence of one cache's entries.
	 * @param store the Redis I/O
	 * @param keys the cache's key layout
	 * @param expiry how long the entries' keys live
	 * @return the fence
	 */
	static EntryFences create(RedisCacheStore store, CacheKeys keys, EntryExpiry expiry) {
		// Sealed: the one implementation, whose scripts the fence sends.
		return new RedisEntryFences((DefaultRedisCacheStore) store, keys, expiry);
	}

	/**
	 * Marks keys as being written, before the database commits: their values are moved
	 * aside, read leases are cancelled and no fill succeeds until the writes end. The
	 * marks are sent without blocking the caller where the connection allows it, so they
	 * travel while the caller's transaction goes on. Never throws: a mark Redis does not
	 * take shows in {@link Writes#awaitBegun()}.
	 * @param keys the cache keys
	 * @return the writes, to await, end or abort
	 * @throws IllegalStateException if a key cannot become a Redis key
	 */
	Writes begin(List<?> keys);

	/**
	 * A token for a read lease, unique across this cache's instances and over time.
	 * @return the token
	 */
	byte[] newToken();

	/**
	 * Asks, after a read missed, for the lease to fill an entry.
	 * @param key the cache key
	 * @param token the reader's token
	 * @return the value if it appeared meanwhile, or whether the reader holds the lease
	 * @throws RuntimeException if Redis does not answer
	 */
	LeaseResult acquireLease(Object key, byte[] token);

	/**
	 * Fills an entry with the value a lease holder read from the database; refused if a
	 * writer began since the lease was granted or is active.
	 * @param key the cache key
	 * @param token the reader's lease token
	 * @param value the value
	 * @return {@code true} if it was stored
	 * @throws RuntimeException if Redis does not answer
	 */
	boolean fill(Object key, byte[] token, byte[] value);

	/**
	 * Evicts a key through the fence, for a change the database made that no fenced
	 * writer announced (one read from its change stream, for example): its write sequence
	 * moves on so a writer in flight will not store, its read lease is cancelled so no
	 * reader that read before can fill, and its value is deleted. Calling it again for
	 * the same change is harmless. An entry of a write-behind cache whose write is still
	 * queued is kept.
	 * @param key the cache key
	 * @param version the changed row's version, or {@code null} to evict whatever is
	 * cached
	 * @return {@code true} if the key was evicted, {@code false} if a write (or an
	 * invalidation) of that version or newer already ended, or the entry's write is
	 * queued
	 * @throws RuntimeException if Redis does not answer
	 */
	boolean invalidate(Object key, @Nullable Long version);

	/**
	 * The writes of one batch of keys, begun before the commit.
	 */
	interface Writes {

		/**
		 * The keys of the batch, in order.
		 * @return the cache keys
		 */
		List<?> keys();

		/**
		 * Waits for Redis to take every mark, just before the commit.
		 * @return the first failure, or {@code null} if every key is marked
		 */
		@Nullable RuntimeException awaitBegun();

		/**
		 * Ends every write after the commit: stores each value where the fence allows,
		 * otherwise deletes the entry. Never throws.
		 * @param values the serialized value of each key, in order; {@code null} to evict
		 * @param versions the written row's version of each key, {@code null} when it has
		 * none
		 * @return how each write ended, {@link FenceEnd#FAILED} where Redis did not
		 * answer or the mark was never taken
		 */
		List<FenceEnd> end(List<byte @Nullable []> values, List<@Nullable Long> versions);

		/**
		 * Releases the marks after a rollback, moving back the values they moved aside
		 * where no other writer interfered. Never throws: a mark left behind expires with
		 * its time to live.
		 */
		void abort();

	}

}
