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

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.Cache.ValueWrapper;

/**
 * The loads of {@code @Cacheable(sync = true)} misses in this JVM: one per key, which the
 * other readers of the key join. The holder of the key's read lease loads itself, as only
 * its fill is taken: it never joins a load that has no right to fill, whose value may be
 * older than its lease.
 *
 * @author write-through
 */
final class SyncLoads {

	private final ConcurrentMap<Object, CompletableFuture<@Nullable Object>> loads = new ConcurrentHashMap<>();

	/**
	 * Loads the key's value, or joins the load of it that is running.
	 * @param key the key
	 * @param loader what loads it from the database
	 * @param leaseHolder whether this thread holds the key's read lease
	 * @param filledMeanwhile the key's value if another instance filled it meanwhile
	 * @param fill stores what this thread loaded
	 * @return the value
	 * @throws ValueRetrievalException if the load failed
	 */
	@Nullable Object load(Object key, Callable<?> loader, boolean leaseHolder,
			Function<Object, @Nullable ValueWrapper> filledMeanwhile, BiConsumer<Object, @Nullable Object> fill) {
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = null;
		if (leaseHolder) {
			this.loads.put(key, mine);
		}
		else {
			running = this.loads.putIfAbsent(key, mine);
		}
		if (running != null) {
			try {
				return running.join();
			}
			catch (CompletionException ex) {
				throw new ValueRetrievalException(key, loader, ex.getCause());
			}
		}
		try {
			ValueWrapper filled = filledMeanwhile.apply(key);
			if (filled != null) {
				mine.complete(filled.get());
				return filled.get();
			}
			Object value = call(key, loader);
			fill.accept(key, value);
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loads.remove(key, mine);
		}
	}

	static @Nullable Object call(Object key, Callable<?> loader) {
		try {
			return loader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, loader, ex);
		}
	}

}
