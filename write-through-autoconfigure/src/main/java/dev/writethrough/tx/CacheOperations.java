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

import dev.writethrough.WriteThroughCache;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * Cache changes that report failure by throwing. The starter's own caches swallow Redis
 * failures on their {@link Cache} methods (so a read never fails because of the cache);
 * the write path needs to see them.
 *
 * @author write-through
 */
final class CacheOperations {

	private CacheOperations() {
	}

	static void put(Cache cache, Object key, @Nullable Object value) {
		if (cache instanceof WriteThroughCache writeThroughCache) {
			writeThroughCache.store(key, value);
		}
		else {
			cache.put(key, value);
		}
	}

	static void evict(Cache cache, Object key) {
		if (cache instanceof WriteThroughCache writeThroughCache) {
			writeThroughCache.remove(key);
		}
		else {
			cache.evict(key);
		}
	}

	static void clear(Cache cache) {
		if (cache instanceof WriteThroughCache writeThroughCache) {
			writeThroughCache.removeAll();
		}
		else {
			cache.clear();
		}
	}

}
