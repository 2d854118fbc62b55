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

import org.jspecify.annotations.Nullable;

/**
 * What a cache must know of the writes that are not settled yet: keys the current
 * transaction has written (read them from the database, do not fill them) and keys whose
 * eviction Redis has not taken yet (remembered and retried). The starter implements it on
 * its transaction binding and pending-invalidation log; an application has no reason to.
 *
 * @author write-through
 */
public interface PendingWrites {

	/**
	 * Whether reads of a key must bypass the cache and not fill it: the current
	 * transaction has written it, or its eviction is still pending.
	 * @param cacheName the cache name
	 * @param key the key
	 * @return {@code true} to read the database and leave the cache alone
	 */
	boolean mustBypass(String cacheName, Object key);

	/**
	 * Remembers an eviction Redis did not take, to retry it until it does.
	 * @param cache the cache
	 * @param key the key, or {@code null} for every entry of the cache
	 */
	void evictionFailed(WriteThroughCache cache, @Nullable Object key);

}
