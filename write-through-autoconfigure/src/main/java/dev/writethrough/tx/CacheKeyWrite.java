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

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;
import org.springframework.util.Assert;

/**
 * One change a committed write makes to one cache: store a value under a key, evict a
 * key, or clear the cache.
 *
 * @param cache the cache to change
 * @param kind what to do
 * @param key the key, {@code null} only for {@link Kind#CLEAR}
 * @param value the value to store, only for {@link Kind#PUT} (may be {@code null} to
 * cache an absent value)
 * @param version reads the written row's version after the commit (JPA and Spring Data
 * {@code @Version}, or {@code @WriteThrough(version = ...)}); {@code null} when the row
 * has none
 * @author write-through
 */
public record CacheKeyWrite(Cache cache, Kind kind, @Nullable Object key, @Nullable Object value,
		@Nullable Supplier<@Nullable Object> version) {

	public CacheKeyWrite {
		Assert.notNull(cache, "cache must not be null");
		Assert.notNull(kind, "kind must not be null");
		Assert.isTrue(kind == Kind.CLEAR || key != null, "key must not be null unless the whole cache is cleared");
	}

	/**
	 * A write of a row without a version.
	 * @param cache the cache to change
	 * @param kind what to do
	 * @param key the key, {@code null} only for {@link Kind#CLEAR}
	 * @param value the value to store, only for {@link Kind#PUT}
	 */
	public CacheKeyWrite(Cache cache, Kind kind, @Nullable Object key, @Nullable Object value) {
		this(cache, kind, key, value, null);
	}

	/**
	 * The name of the cache this write changes.
	 * @return the cache name
	 */
	public String cacheName() {
		return this.cache.getName();
	}

	/**
	 * What a write does.
	 */
	public enum Kind {

		/** Store the value under the key. */
		PUT,

		/** Evict the key. */
		EVICT,

		/** Evict every key of the cache. */
		CLEAR

	}

}
