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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteThroughCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.cache.Cache;
import org.springframework.util.Assert;

/**
 * The bounded log of keys whose after-commit eviction failed. Each is retried with
 * exponential backoff until the cache answers; until then reads of a pending key bypass
 * the cache and do not fill it.
 * <p>
 * When the log is full, the entries of the cache that overflows are replaced by one entry
 * that clears that whole cache: the log stays bounded and no key is forgotten.
 *
 * @author write-through
 */
final class RetriedInvalidations implements PendingInvalidations, DisposableBean {

	private static final Log logger = LogFactory.getLog(RetriedInvalidations.class);

	private final int maxSize;

	private final long initialBackoffNanos;

	private final long maxBackoffNanos;

	private final ScheduledExecutorService executor;

	private final Object lock = new Object();

	private final Map<Entry, Long> entries = new LinkedHashMap<>();

	private volatile int size;

	private long generation;

	private long backoffNanos;

	private @Nullable ScheduledFuture<?> scheduled;

	/**
	 * Create a new instance.
	 * @param maxSize how many keys the log holds before it clears whole caches instead
	 * @param initialBackoff the delay before the first retry
	 * @param maxBackoff the longest delay between two retries
	 */
	RetriedInvalidations(int maxSize, Duration initialBackoff, Duration maxBackoff) {
		Assert.isTrue(maxSize > 0, "maxSize must be positive");
		Assert.isTrue(!initialBackoff.isNegative() && !initialBackoff.isZero(), "initialBackoff must be positive");
		Assert.isTrue(maxBackoff.compareTo(initialBackoff) >= 0, "maxBackoff must not be shorter than initialBackoff");
		this.maxSize = maxSize;
		this.initialBackoffNanos = initialBackoff.toNanos();
		this.maxBackoffNanos = maxBackoff.toNanos();
		this.backoffNanos = this.initialBackoffNanos;
		this.executor = Executors
			.newSingleThreadScheduledExecutor(DaemonThreads.named("write-through-pending-invalidations"));
	}

	@Override
	public void add(Cache cache, @Nullable Object key) {
		Entry entry = new Entry(cache, key);
		synchronized (this.lock) {
			if (entry.key() != null && this.entries.containsKey(new Entry(cache, null))) {
				return;
			}
			if (entry.key() == null) {
				this.entries.keySet().removeIf((existing) -> existing.cacheName().equals(entry.cacheName()));
			}
			else if (!this.entries.containsKey(entry) && this.entries.size() >= this.maxSize) {
				logger.warn("The pending-invalidation log is full (" + this.maxSize + " keys): cache '"
						+ entry.cacheName() + "' will be cleared as a whole once the cache answers again");
				this.entries.keySet().removeIf((existing) -> existing.cacheName().equals(entry.cacheName()));
				this.entries.put(new Entry(cache, null), ++this.generation);
				this.size = this.entries.size();
				scheduleIfIdle();
				return;
			}
			this.entries.remove(entry);
			this.entries.put(entry, ++this.generation);
			this.size = this.entries.size();
			scheduleIfIdle();
		}
	}

	@Override
	public boolean isPending(String cacheName, Object key) {
		if (this.size == 0) {
			return false;
		}
		synchronized (this.lock) {
			return this.entries.containsKey(new Entry(cacheName, key))
					|| this.entries.containsKey(new Entry(cacheName, null));
		}
	}

	@Override
	public int size() {
		return this.size;
	}

	@Override
	public int size(String cacheName) {
		synchronized (this.lock) {
			return (int) this.entries.keySet().stream().filter((entry) -> entry.cacheName().equals(cacheName)).count();
		}
	}

	private void scheduleIfIdle() {
		if (this.scheduled == null && !this.executor.isShutdown()) {
			this.scheduled = this.executor.schedule(this::drain, this.backoffNanos, TimeUnit.NANOSECONDS);
		}
	}

	private void drain() {
		List<Map.Entry<Entry, Long>> snapshot;
		synchronized (this.lock) {
			this.scheduled = null;
			snapshot = this.entries.entrySet()
				.stream()
				.map((entry) -> Map.entry(entry.getKey(), entry.getValue()))
				.toList();
		}
		for (Map.Entry<Entry, Long> pending : snapshot) {
			Entry entry = pending.getKey();
			try {
				Cache cache = entry.cache();
				if (cache == null) {
					continue;
				}
				evictReportingFailure(cache, entry.key());
			}
			catch (RuntimeException ex) {
				retryLater(entry, ex);
				return;
			}
			synchronized (this.lock) {
				this.entries.remove(entry, pending.getValue());
				this.size = this.entries.size();
			}
		}
		synchronized (this.lock) {
			this.backoffNanos = this.initialBackoffNanos;
			if (!this.entries.isEmpty()) {
				scheduleIfIdle();
			}
			else {
				logger.info("All pending cache invalidations are done");
			}
		}
	}

	// The starter's caches remember a failed eviction themselves: ask for the variant
	// that reports it instead.
	static void evictReportingFailure(Cache cache, @Nullable Object key) {
		if (cache instanceof WriteThroughCache writeThroughCache) {
			if (key != null) {
				writeThroughCache.remove(key);
			}
			else {
				writeThroughCache.clearEntries();
			}
		}
		else if (key != null) {
			cache.evict(key);
		}
		else {
			cache.clear();
		}
	}

	private void retryLater(Entry entry, RuntimeException ex) {
		synchronized (this.lock) {
			this.backoffNanos = Math.min(this.backoffNanos * 2, this.maxBackoffNanos);
			if (logger.isDebugEnabled()) {
				logger.debug("Cache still unavailable while evicting " + entry + " (" + ex.getMessage() + "); "
						+ this.entries.size() + " invalidations pending, next try in "
						+ Duration.ofNanos(this.backoffNanos));
			}
			scheduleIfIdle();
		}
	}

	@Override
	public void retryNow() {
		synchronized (this.lock) {
			if (this.entries.isEmpty() || this.executor.isShutdown()) {
				return;
			}
			this.backoffNanos = this.initialBackoffNanos;
			if (this.scheduled != null && this.scheduled.cancel(false)) {
				this.scheduled = null;
			}
			if (this.scheduled == null) {
				this.scheduled = this.executor.schedule(this::drain, 0, TimeUnit.NANOSECONDS);
			}
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
		if (this.size > 0) {
			logger.warn(this.size + " cache invalidations were still pending at shutdown: " + describeSome()
					+ ". Their keys expire with the cache TTL at the latest");
		}
	}

	private String describeSome() {
		synchronized (this.lock) {
			List<String> names = new ArrayList<>();
			Iterator<Entry> iterator = this.entries.keySet().iterator();
			while (iterator.hasNext() && names.size() < 10) {
				names.add(iterator.next().toString());
			}
			return String.join(", ", names);
		}
	}

	/**
	 * A key (or, with a {@code null} key, a whole cache) to evict; equal by cache name
	 * and key, so a read can look itself up without the cache instance.
	 */
	private record Entry(String cacheName, @Nullable Object key, @Nullable Cache cache) {

		Entry(Cache cache, @Nullable Object key) {
			this(cache.getName(), key, cache);
		}

		Entry(String cacheName, @Nullable Object key) {
			this(cacheName, key, null);
		}

		@Override
		public boolean equals(Object other) {
			return (other instanceof Entry entry) && this.cacheName.equals(entry.cacheName)
					&& Objects.equals(this.key, entry.key);
		}

		@Override
		public int hashCode() {
			return Objects.hash(this.cacheName, this.key);
		}

		@Override
		public String toString() {
			return (this.key != null) ? "key '" + this.key + "' of cache '" + cacheName() + "'"
					: "all of cache '" + cacheName() + "'";
		}

	}

}
