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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

import dev.writethrough.redis.RedisCacheStore;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.CacheManager;
import org.springframework.core.ResolvableType;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * The {@link CacheManager} of {@link WriteThroughCache write-through caches}.
 * <p>
 * When caches are declared (under {@code write-through.caches}), only those exist and
 * {@link #getCache(String)} returns {@code null} for any other name. Otherwise a cache is
 * created, with the default settings, the first time its name is asked for.
 *
 * @author write-through
 */
public class WriteThroughCacheManager implements CacheManager {

	private final ConcurrentMap<String, WriteThroughCache> caches = new ConcurrentHashMap<>();

	private final Map<String, WriteThroughCache.Settings> declaredCaches;

	private final WriteThroughCache.Settings defaultSettings;

	private final RedisCacheStore store;

	private final RedisSerializer<Object> serializer;

	private final PendingWrites pendingWrites;

	private final List<Consumer<WriteThroughCache>> creationListeners = new ArrayList<>();

	/**
	 * Create a new instance.
	 * @param declaredCaches the caches to create, with their settings; empty to create
	 * caches on demand
	 * @param defaultSettings the settings of caches created on demand
	 * @param store the Redis I/O
	 * @param serializer what turns values into bytes and back
	 * @param pendingWrites the writes that are not settled yet
	 */
	public WriteThroughCacheManager(Map<String, WriteThroughCache.Settings> declaredCaches,
			WriteThroughCache.Settings defaultSettings, RedisCacheStore store, RedisSerializer<Object> serializer,
			PendingWrites pendingWrites) {
		Assert.notNull(declaredCaches, "declaredCaches must not be null");
		Assert.notNull(defaultSettings, "defaultSettings must not be null");
		this.declaredCaches = Collections.unmodifiableMap(new LinkedHashMap<>(declaredCaches));
		this.defaultSettings = defaultSettings;
		this.store = store;
		this.serializer = serializer;
		this.pendingWrites = pendingWrites;
		this.declaredCaches.keySet().forEach(this::getCache);
	}

	@Override
	public @Nullable WriteThroughCache getCache(String name) {
		WriteThroughCache cache = this.caches.get(name);
		if (cache != null) {
			return cache;
		}
		if (!this.declaredCaches.isEmpty() && !this.declaredCaches.containsKey(name)) {
			return null;
		}
		List<WriteThroughCache> created = new ArrayList<>(1);
		cache = this.caches.computeIfAbsent(name, (key) -> {
			WriteThroughCache newCache = new WriteThroughCache(key,
					this.declaredCaches.getOrDefault(key, this.defaultSettings), this.store, this.serializer,
					this.pendingWrites);
			created.add(newCache);
			return newCache;
		});
		created.forEach(this::notifyCreated);
		return cache;
	}

	@Override
	public Collection<String> getCacheNames() {
		return Collections.unmodifiableSet(this.caches.keySet());
	}

	/**
	 * Tells a cache what its readers expect: a value found in Redis that is none of these
	 * types is not served (it is counted as rejected and evicted).
	 * @param name the cache name
	 * @param types the declared return types of the methods that read it
	 */
	public void expectValueTypes(String name, Collection<ResolvableType> types) {
		WriteThroughCache cache = getCache(name);
		if (cache != null) {
			cache.expectValueTypes(types);
		}
	}

	/**
	 * Registers a callback for every cache, those that exist now and those created later,
	 * for example to bind its meters.
	 * @param listener the callback
	 */
	public void onCacheCreated(Consumer<WriteThroughCache> listener) {
		List<WriteThroughCache> existing;
		synchronized (this.creationListeners) {
			this.creationListeners.add(listener);
			existing = List.copyOf(this.caches.values());
		}
		existing.forEach(listener);
	}

	private void notifyCreated(WriteThroughCache cache) {
		List<Consumer<WriteThroughCache>> listeners;
		synchronized (this.creationListeners) {
			listeners = List.copyOf(this.creationListeners);
		}
		listeners.forEach((listener) -> listener.accept(cache));
	}

}
