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

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * The bounded log of keys whose after-commit eviction failed. Each is retried with
 * exponential backoff until the cache answers; until then reads of a pending key bypass
 * the cache and do not fill it.
 * <p>
 * When the log is full, the entries of the cache that overflows are replaced by one entry
 * that clears that whole cache: the log stays bounded and no key is forgotten.
 *
 * @author write-through
 * @see #create(int, Duration, Duration)
 */
public sealed interface PendingInvalidations permits RetriedInvalidations {

	/**
	 * Remembers a key (or, for a clear, a whole cache) to evict as soon as the cache
	 * answers.
	 * @param cache the cache
	 * @param key the key, or {@code null} to clear the whole cache
	 */
	void add(Cache cache, @Nullable Object key);

	/**
	 * Whether a key still waits for its eviction: a read must then bypass the cache and
	 * must not fill it.
	 * @param cacheName the cache name
	 * @param key the key
	 * @return {@code true} if the key, or its whole cache, is pending
	 */
	boolean isPending(String cacheName, Object key);

	/**
	 * The number of entries waiting: keys, and whole caches to clear.
	 * @return the size of the log
	 */
	int size();

	/**
	 * The entries of one cache waiting for their eviction.
	 * @param cacheName the cache name
	 * @return how many keys (or whole-cache clears) of that cache wait
	 */
	int size(String cacheName);

	/**
	 * Retries every pending invalidation now, with the backoff reset: called when the
	 * connection to the cache is re-established, so the log drains at once instead of
	 * after a backoff that grew during the outage.
	 */
	void retryNow();

	/**
	 * Create a log whose retries run on a daemon thread of its own, stopped when the
	 * application context closes (the returned object is a {@code DisposableBean}).
	 * @param maxSize how many keys the log holds before it clears whole caches instead
	 * @param initialBackoff the delay before the first retry
	 * @param maxBackoff the longest delay between two retries
	 * @return the log
	 */
	static PendingInvalidations create(int maxSize, Duration initialBackoff, Duration maxBackoff) {
		return new RetriedInvalidations(maxSize, initialBackoff, maxBackoff);
	}

}
