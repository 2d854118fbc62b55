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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.EntryFence;
import dev.writethrough.redis.FenceEnd;
import dev.writethrough.redis.RedisFailure;
import dev.writethrough.redis.RejectedValueException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * The fenced write path of the starter's own caches. Before the commit each written key
 * is marked as being written (its value deleted, read leases cancelled); the mark is sent
 * as soon as the key is known and awaited just before the commit. After the commit the
 * new value is stored only if no other writer overlapped this one, otherwise the key is
 * evicted (a write-around cache always evicts); a rollback releases the mark. So two
 * writers whose cache steps run out of order, or a reader that fills after a writer, can
 * never leave an older value cached.
 * <p>
 * Writes to other caches (a user's own {@code CacheManager}) and whole-cache clears take
 * the unfenced {@link AfterCommitCacheUpdate} path.
 *
 * @author write-through
 */
public final class FencedCacheUpdate implements CacheWriteProtocol, DisposableBean {

	private static final Log logger = LogFactory.getLog(FencedCacheUpdate.class);

	private static final long FAILURE_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final AfterCommitCacheUpdate unfenced;

	private final OnCacheUnavailable onCacheUnavailable;

	private final ExecutorService executor;

	private final WriteListener listener;

	private volatile long lastFenceFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

	private final @Nullable DurableInvalidations durableInvalidations;

	/**
	 * Create a new instance.
	 * @param unfenced the path of writes that are not fenced, and of evictions that fail
	 * @param onCacheUnavailable whether a fence Redis does not take refuses the commit
	 * @param listener told how each fenced write ended
	 */
	public FencedCacheUpdate(AfterCommitCacheUpdate unfenced, OnCacheUnavailable onCacheUnavailable,
			WriteListener listener) {
		this(unfenced, onCacheUnavailable, listener, null);
	}

	/**
	 * Create a new instance that records, before the commit, the eviction of every key
	 * whose fence Redis did not take, so it survives a restart.
	 * @param unfenced the path of writes that are not fenced, and of evictions that fail
	 * @param onCacheUnavailable whether a fence Redis does not take refuses the commit
	 * @param listener told how each fenced write ended
	 * @param durableInvalidations where to record those evictions, or {@code null} to
	 * keep them in memory only
	 */
	public FencedCacheUpdate(AfterCommitCacheUpdate unfenced, OnCacheUnavailable onCacheUnavailable,
			WriteListener listener, @Nullable DurableInvalidations durableInvalidations) {
		Assert.notNull(unfenced, "unfenced must not be null");
		Assert.notNull(onCacheUnavailable, "onCacheUnavailable must not be null");
		Assert.notNull(listener, "listener must not be null");
		this.unfenced = unfenced;
		this.onCacheUnavailable = onCacheUnavailable;
		this.listener = listener;
		this.durableInvalidations = durableInvalidations;
		// Only for connections that cannot send a mark without blocking: marks are then
		// sent by these threads while the caller's transaction goes on; when every thread
		// is busy the caller sends its own, so a burst never queues behind Redis.
		this.executor = new ThreadPoolExecutor(0, 64, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), (runnable) -> {
			Thread thread = new Thread(runnable, "write-through-fence");
			thread.setDaemon(true);
			return thread;
		}, new ThreadPoolExecutor.CallerRunsPolicy());
	}

	@Override
	public void destroy() {
		this.executor.shutdown();
	}

	@Override
	public WriteTicket begin(CacheKeyWrite write) {
		if (!(write.cache() instanceof WriteThroughCache cache) || write.kind() == CacheKeyWrite.Kind.CLEAR) {
			return WriteTicket.NONE;
		}
		CompletableFuture<EntryFence> fence;
		try {
			// Sent by this thread on the shared Lettuce connection without waiting: a
			// hand-off to another thread cost more than the mark's round trip.
			fence = cache.beginWriteAsync(write.key(), this.executor);
		}
		catch (RuntimeException ex) {
			fence = CompletableFuture.failedFuture(ex);
		}
		return new Fence(fence, write);
	}

	@Override
	public void beforeCommit(List<WriteTicket> tickets) {
		for (WriteTicket ticket : tickets) {
			if (ticket instanceof Fence fence) {
				RuntimeException failure = fence.await();
				if (failure != null && this.onCacheUnavailable == OnCacheUnavailable.PROCEED) {
					logFenceFailure(failure);
				}
				if (failure != null && this.onCacheUnavailable == OnCacheUnavailable.FAIL) {
					throw new CacheUnavailableException("Commit refused: the cache could not mark a written key"
							+ " and write-through.on-cache-unavailable is 'fail', so the transaction is rolled back"
							+ " and nothing was written. " + RedisFailure.of(failure).describe(), failure);
				}
				if (failure != null && this.durableInvalidations != null
						&& fence.write().cache() instanceof WriteThroughCache cache) {
					// In the write's own transaction: committed implies recorded.
					this.durableInvalidations.record(cache.getName(), cache.keyString(fence.write().key()));
				}
			}
		}
	}

	// At most one warning every few seconds: an outage fails every fence.
	private void logFenceFailure(RuntimeException failure) {
		long now = System.nanoTime();
		long last = this.lastFenceFailureLogNanos;
		if (now - last >= FAILURE_LOG_INTERVAL_NANOS) {
			this.lastFenceFailureLogNanos = now;
			logger.warn("Could not mark a written key before the commit: " + RedisFailure.of(failure).describe()
					+ ". The write commits (write-through.on-cache-unavailable=proceed) and its key is evicted after"
					+ " it, or remembered until the cache takes the eviction");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Could not mark a written key before the commit", failure);
		}
	}

	@Override
	public WriteOutcome afterCommit(CacheKeyWrite write, WriteTicket ticket) {
		if (!(ticket instanceof Fence fence) || !(write.cache() instanceof WriteThroughCache cache)) {
			return this.unfenced.afterCommit(write);
		}
		EntryFence entryFence = fence.fenceOrNull();
		if (entryFence == null) {
			this.listener.fenceEnded(write.cacheName(), "failed");
			return this.unfenced.evict(write);
		}
		byte[] value = serialize(write, cache);
		Long version = (value != null) ? version(write) : null;
		try {
			return ended(write, cache.endWrite(write.key(), entryFence, value, version), value != null);
		}
		catch (RuntimeException ex) {
			this.listener.fenceEnded(write.cacheName(), "failed");
			return this.unfenced.evict(write);
		}
	}

	/**
	 * Sends the ends of the fenced writes together (one round trip for all of them on a
	 * shared Lettuce connection, instead of one each), then settles every write as
	 * {@link #afterCommit} does: a write whose end Redis did not take is evicted, or
	 * remembered.
	 */
	@Override
	public List<WriteOutcome> afterCommitAll(List<CacheKeyWrite> writes, List<WriteTicket> tickets) {
		List<@Nullable CompletableFuture<FenceEnd>> ends = new ArrayList<>(writes.size());
		List<byte @Nullable []> values = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			CacheKeyWrite write = writes.get(i);
			CompletableFuture<FenceEnd> end = null;
			byte[] value = null;
			if (tickets.get(i) instanceof Fence fence && write.cache() instanceof WriteThroughCache cache) {
				EntryFence entryFence = fence.fenceOrNull();
				if (entryFence != null) {
					value = serialize(write, cache);
					Long version = (value != null) ? version(write) : null;
					try {
						end = cache.endWriteAsync(write.key(), entryFence, value, version, this.executor);
					}
					catch (RuntimeException ex) {
						end = CompletableFuture.failedFuture(ex);
					}
				}
			}
			ends.add(end);
			values.add(value);
		}
		List<WriteOutcome> outcomes = new ArrayList<>(writes.size());
		for (int i = 0; i < writes.size(); i++) {
			CompletableFuture<FenceEnd> end = ends.get(i);
			outcomes.add((end != null) ? settle(writes.get(i), end, values.get(i) != null)
					: afterCommit(writes.get(i), tickets.get(i)));
		}
		return outcomes;
	}

	private WriteOutcome settle(CacheKeyWrite write, CompletableFuture<FenceEnd> sent, boolean stored) {
		FenceEnd end;
		try {
			end = sent.join();
		}
		catch (RuntimeException ex) {
			this.listener.fenceEnded(write.cacheName(), "failed");
			return this.unfenced.evict(write);
		}
		return ended(write, end, stored);
	}

	private WriteOutcome ended(CacheKeyWrite write, FenceEnd end, boolean stored) {
		this.listener.fenceEnded(write.cacheName(), switch (end) {
			case STORED -> "stored";
			case STORED_BY_VERSION -> "stored_by_version";
			case DELETED -> stored ? "overlap" : "evicted";
		});
		return (end != FenceEnd.DELETED) ? WriteOutcome.CACHED : WriteOutcome.EVICTED;
	}

	@Override
	public void afterRollback(CacheKeyWrite write, WriteTicket ticket) {
		if (ticket instanceof Fence fence && write.cache() instanceof WriteThroughCache cache) {
			EntryFence entryFence = fence.fenceOrNull();
			if (entryFence != null) {
				try {
					cache.abortWrite(write.key(), entryFence);
				}
				catch (RuntimeException ex) {
					// The marker expires with its TTL; until then the key is only read
					// from the database.
					logger.debug("Could not release the write marker of key '" + write.key() + "'", ex);
				}
			}
			this.listener.fenceEnded(write.cacheName(), "rolled_back");
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

	private record Fence(CompletableFuture<EntryFence> future, CacheKeyWrite write) implements WriteTicket {

		@Nullable RuntimeException await() {
			try {
				this.future.join();
				return null;
			}
			catch (CompletionException ex) {
				return (ex.getCause() instanceof RuntimeException cause) ? cause : ex;
			}
		}

		@Nullable EntryFence fenceOrNull() {
			return (await() == null) ? this.future.join() : null;
		}

	}

}
