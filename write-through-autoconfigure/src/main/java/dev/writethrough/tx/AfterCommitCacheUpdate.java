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
import java.util.concurrent.TimeUnit;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.EntryFences;
import dev.writethrough.redis.FenceEnd;
import dev.writethrough.redis.RedisFailure;
import dev.writethrough.redis.RejectedValueException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.Cache;

/**
 * The after-commit step, the one place where a committed write reaches a cache. The
 * writes of one call to one cache form a {@link Batch}: fenced for the starter's caches
 * (begun before the commit, ended after it, released after a rollback; see
 * {@link EntryFences}), and for any other cache a plain put, evict or clear after the
 * commit. Either way a change the cache does not take is evicted, and an eviction it does
 * not take is remembered in the {@link PendingInvalidations pending log} and retried.
 *
 * @author write-through
 */
final class AfterCommitCacheUpdate {

	private static final Log logger = LogFactory.getLog(AfterCommitCacheUpdate.class);

	private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final PendingInvalidations pendingInvalidations;

	private final OnCacheUnavailable onCacheUnavailable;

	private final WriteListener listener;

	private final @Nullable DurableInvalidations durableInvalidations;

	private volatile long lastFenceFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

	AfterCommitCacheUpdate(PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable,
			WriteListener listener, @Nullable DurableInvalidations durableInvalidations) {
		this.pendingInvalidations = pendingInvalidations;
		this.onCacheUnavailable = onCacheUnavailable;
		this.listener = listener;
		this.durableInvalidations = durableInvalidations;
	}

	/**
	 * Begins the writes of one call to one cache, as soon as their keys are known: a
	 * starter's cache sends their fence now, so it travels while the transaction goes on.
	 * @param cache the cache
	 * @param writes its writes, none of them a clear when the cache is the starter's
	 * @return the batch
	 */
	Batch begin(Cache cache, List<CacheKeyWrite> writes) {
		if (!(cache instanceof WriteThroughCache writeThroughCache)) {
			return new Batch(cache, writes, null);
		}
		List<Object> keys = new ArrayList<>(writes.size());
		writes.forEach((write) -> keys.add(write.key()));
		return new Batch(cache, writes, writeThroughCache.getFences().begin(keys));
	}

	/**
	 * Waits for a batch's fence just before the commit.
	 * @throws CacheUnavailableException if Redis did not take it and
	 * {@code write-through.on-cache-unavailable} is {@code fail}
	 */
	void beforeCommit(Batch batch) {
		RuntimeException failure = (batch.fenced() != null) ? batch.fenced().awaitBegun() : null;
		if (failure == null) {
			return;
		}
		if (this.onCacheUnavailable == OnCacheUnavailable.FAIL) {
			throw new CacheUnavailableException("Commit refused: the cache could not mark a written key and"
					+ " write-through.on-cache-unavailable is 'fail', so the transaction is rolled back and nothing"
					+ " was written. " + RedisFailure.of(failure).describe(), failure);
		}
		logFenceFailure(failure);
		if (this.durableInvalidations != null) {
			// In the write's own transaction: committed implies recorded.
			WriteThroughCache cache = (WriteThroughCache) batch.cache();
			for (CacheKeyWrite write : batch.writes()) {
				this.durableInvalidations.record(cache.getName(), cache.getKeys().keyString(write.key()));
			}
		}
	}

	/**
	 * Applies a batch after its transaction committed. Never throws.
	 * @return what happened to the cache for each write, in order
	 */
	List<WriteOutcome> afterCommit(Batch batch) {
		EntryFences.Writes fenced = batch.fenced();
		if (fenced == null) {
			List<WriteOutcome> outcomes = new ArrayList<>(batch.writes().size());
			batch.writes().forEach((write) -> outcomes.add(unfenced(write)));
			return outcomes;
		}
		WriteThroughCache cache = (WriteThroughCache) batch.cache();
		List<byte @Nullable []> values = new ArrayList<>(batch.writes().size());
		List<@Nullable Long> versions = new ArrayList<>(batch.writes().size());
		for (CacheKeyWrite write : batch.writes()) {
			byte[] value = serialize(write, cache);
			values.add(value);
			versions.add((value != null) ? version(write) : null);
		}
		List<FenceEnd> ends = fenced.end(values, versions);
		List<WriteOutcome> outcomes = new ArrayList<>(ends.size());
		for (int i = 0; i < ends.size(); i++) {
			CacheKeyWrite write = batch.writes().get(i);
			FenceEnd end = ends.get(i);
			this.listener.fenceEnded(cache.getName(), switch (end) {
				case STORED -> FenceResult.STORED;
				case STORED_BY_VERSION -> FenceResult.STORED_BY_VERSION;
				case DELETED -> (values.get(i) != null) ? FenceResult.OVERLAP : FenceResult.EVICTED;
				case FAILED -> FenceResult.FAILED;
			});
			switch (end) {
				case STORED, STORED_BY_VERSION -> {
					cache.getStatistics().stored(1);
					outcomes.add(WriteOutcome.CACHED);
				}
				case DELETED -> {
					cache.getStatistics().evicted(1);
					outcomes.add(WriteOutcome.EVICTED);
				}
				case FAILED -> outcomes.add(evictOrRemember(write));
			}
		}
		return outcomes;
	}

	/**
	 * Releases a batch's fence after its transaction rolled back. Never throws.
	 */
	void afterRollback(Batch batch) {
		EntryFences.Writes fenced = batch.fenced();
		if (fenced != null) {
			fenced.abort();
			batch.writes()
				.forEach((write) -> this.listener.fenceEnded(batch.cache().getName(), FenceResult.ROLLED_BACK));
		}
	}

	// A user's own cache: store, else evict, else remember.
	private WriteOutcome unfenced(CacheKeyWrite write) {
		if (write.kind() == CacheKeyWrite.Kind.PUT && !(write.cache() instanceof WriteThroughCache)) {
			try {
				write.cache().put(write.key(), write.value());
				return WriteOutcome.CACHED;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not cache the value written under key '" + write.key() + "' in cache '"
						+ write.cacheName() + "' after commit (" + ex.getMessage()
						+ "); evicting the key so that the next read loads it from the database");
				logger.debug("Cache update failure", ex);
			}
		}
		return evictOrRemember(write);
	}

	private WriteOutcome evictOrRemember(CacheKeyWrite write) {
		Object key = (write.kind() != CacheKeyWrite.Kind.CLEAR) ? write.key() : null;
		try {
			RetriedInvalidations.evictReportingFailure(write.cache(), key);
			return WriteOutcome.EVICTED;
		}
		catch (RuntimeException ex) {
			this.pendingInvalidations.add(write.cache(), key);
			logger.warn("Could not evict "
					+ ((key == null) ? "all entries of cache '" + write.cacheName() + "'"
							: "key '" + key + "' of cache '" + write.cacheName() + "'")
					+ " after commit: " + RedisFailure.of(ex).describe()
					+ ". It will be evicted as soon as the cache takes it; reads of it go to the database meanwhile");
			return WriteOutcome.PENDING;
		}
	}

	// At most one warning every few seconds: an outage fails every fence.
	private void logFenceFailure(RuntimeException failure) {
		long now = System.nanoTime();
		if (now - this.lastFenceFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
			this.lastFenceFailureLogNanos = now;
			logger.warn("Could not mark a written key before the commit: " + RedisFailure.of(failure).describe()
					+ ". The write commits (write-through.on-cache-unavailable=proceed) and its key is evicted after"
					+ " it, or remembered until the cache takes the eviction");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Could not mark a written key before the commit", failure);
		}
	}

	private static byte @Nullable [] serialize(CacheKeyWrite write, WriteThroughCache cache) {
		if (write.kind() != CacheKeyWrite.Kind.PUT || write.value() == null
				|| cache.getStrategy() == WriteStrategy.WRITE_AROUND) {
			return null;
		}
		try {
			return cache.serialize(write.value());
		}
		catch (RejectedValueException ex) {
			// The cache counted and logged the refusal; the key is evicted.
			return null;
		}
		catch (RuntimeException ex) {
			logger.warn("Could not cache the value written under key '" + write.key() + "' in cache '"
					+ write.cacheName() + "' after commit (" + ex.getMessage()
					+ "); evicting the key so that the next read loads it from the database");
			return null;
		}
	}

	// Read after the commit: JPA raises @Version fields when it flushes.
	private static @Nullable Long version(CacheKeyWrite write) {
		if (write.version() == null) {
			return null;
		}
		try {
			Object version = write.version().get();
			if (version == null || version instanceof Long || version instanceof Integer || version instanceof Short) {
				return (version != null) ? ((Number) version).longValue() : null;
			}
			logger.warn("Ignoring the version " + version + " of key '" + write.key() + "' in cache '"
					+ write.cacheName() + "': a version must be a long, int or short; overlapping writes of the key"
					+ " are evicted instead of compared");
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read the version of key '" + write.key() + "' in cache '" + write.cacheName() + "' ("
					+ ex.getMessage() + "); overlapping writes of the key are evicted instead of compared");
		}
		return null;
	}

	/**
	 * The writes of one call to one cache, with their fence when the cache is the
	 * starter's.
	 *
	 * @param cache the cache
	 * @param writes the writes, in the order of the fence's keys
	 * @param fenced the fence, {@code null} for a user's own cache and for clears
	 */
	record Batch(Cache cache, List<CacheKeyWrite> writes, EntryFences.@Nullable Writes fenced) {

	}

}
