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
 * other readers of the key join. Only the holder of the key's read lease may fill, and
 * only with a value read from the database after its lease was granted (an older one may
 * predate a write that ended before the grant). So the holder joins a running load that
 * began after its grant, and fills with its value; otherwise it loads itself.
 *
 * @author write-through
 */
final class SyncLoads {

	private final ConcurrentMap<Object, Load> loads = new ConcurrentHashMap<>();

	/**
	 * Loads the key's value, or joins the load of it that is running.
	 * @param key the key
	 * @param loader what loads it from the database
	 * @param leaseGrantedAt when this thread was granted the key's read lease
	 * ({@link System#nanoTime()}), or {@code null} if it holds none
	 * @param filledMeanwhile the key's value if another instance filled it meanwhile
	 * @param fill stores what this thread loaded or joined
	 * @return the value
	 * @throws ValueRetrievalException if the load failed
	 */
	@Nullable Object load(Object key, Callable<?> loader, @Nullable Long leaseGrantedAt,
			Function<Object, @Nullable ValueWrapper> filledMeanwhile, BiConsumer<Object, @Nullable Object> fill) {
		Load mine = new Load(System.nanoTime());
		Load running;
		if (leaseGrantedAt != null) {
			running = this.loads.get(key);
			if (running != null && running.started - leaseGrantedAt > 0) {
				Object value = join(key, loader, running);
				fill.accept(key, value);
				return value;
			}
			this.loads.put(key, mine);
			running = null;
		}
		else {
			running = this.loads.putIfAbsent(key, mine);
		}
		if (running != null) {
			return join(key, loader, running);
		}
		try {
			ValueWrapper filled = filledMeanwhile.apply(key);
			if (filled != null) {
				mine.value.complete(filled.get());
				return filled.get();
			}
			Object value = call(key, loader);
			fill.accept(key, value);
			mine.value.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.value.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loads.remove(key, mine);
		}
	}

	private static @Nullable Object join(Object key, Callable<?> loader, Load running) {
		try {
			return running.value.join();
		}
		catch (CompletionException ex) {
			throw new ValueRetrievalException(key, loader, ex.getCause());
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

	// A load, and when it began: before the database was read.
	private static final class Load {

		private final long started;

		private final CompletableFuture<@Nullable Object> value = new CompletableFuture<>();

		Load(long started) {
			this.started = started;
		}

	}

}
