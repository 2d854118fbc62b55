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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.PendingWrites;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.redis.RedisFailure;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.Cache;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Binds the cache writes of annotated calls to their transaction: each call runs in a
 * transaction ({@link WriteTransactions}), its writes are begun as soon as their keys are
 * known, and are applied by the {@link AfterCommitCacheUpdate after-commit step} once the
 * transaction commits (released if it rolls back). Inside a transaction that has written
 * a key, {@link #hasWritten} tells the cache to read that key from the database (rule 5).
 *
 * @author write-through
 */
final class TransactionBoundCacheWrites implements TransactionalCacheWrites {

	private static final Log logger = LogFactory.getLog(TransactionBoundCacheWrites.class);

	private final WriteTransactions transactions;

	private final AfterCommitCacheUpdate step;

	private final OnCacheUnavailable onCacheUnavailable;

	private final WriteListener listener;

	private final @Nullable Executor cacheStepExecutor;

	/**
	 * Create a new instance.
	 * @param transactionManager the transaction manager a call that runs outside a
	 * transaction starts one with (the unique or primary one)
	 * @param pendingInvalidations where evictions Redis does not take are remembered
	 * @param onCacheUnavailable whether a cache Redis does not answer refuses the write
	 * @param listener told what each write did
	 * @param durableInvalidations where the evictions of keys whose fence Redis did not
	 * take are recorded before the commit, or {@code null} to keep them in memory only
	 * @param cacheStepExecutor where the after-commit step runs, or {@code null} to run
	 * it on the committing thread before the write returns. The fence keeps the key from
	 * being served or filled until the step is done, so nothing stale is served; a read
	 * right after the write may miss.
	 */
	TransactionBoundCacheWrites(ObjectProvider<PlatformTransactionManager> transactionManager,
			PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable, WriteListener listener,
			@Nullable DurableInvalidations durableInvalidations, @Nullable Executor cacheStepExecutor) {
		Assert.notNull(transactionManager, "transactionManager must not be null");
		Assert.notNull(pendingInvalidations, "pendingInvalidations must not be null");
		Assert.notNull(onCacheUnavailable, "onCacheUnavailable must not be null");
		Assert.notNull(listener, "listener must not be null");
		this.transactions = new WriteTransactions(transactionManager);
		this.step = new AfterCommitCacheUpdate(pendingInvalidations, onCacheUnavailable, listener,
				durableInvalidations);
		this.onCacheUnavailable = onCacheUnavailable;
		this.listener = listener;
		this.cacheStepExecutor = cacheStepExecutor;
	}

	@Override
	public @Nullable Object run(String description, List<Cache> caches, CacheWritePlan plan, Call call)
			throws Throwable {
		if (this.onCacheUnavailable == OnCacheUnavailable.FAIL) {
			checkAvailable(description, caches);
		}
		long start = System.nanoTime();
		return this.transactions.execute(description, () -> {
			Assert.state(TransactionSynchronizationManager.isSynchronizationActive(),
					"Cache writes need an active transaction synchronization; do not disable it on the transaction"
							+ " manager");
			List<AfterCommitCacheUpdate.Batch> begun = begin(plan.keysKnownBeforeTheCall());
			Object result;
			try {
				result = call.run();
			}
			catch (Throwable ex) {
				register(start, plan.evictionsAfterFailure(), begun);
				throw ex;
			}
			register(start, plan.writesAfter(result), begun);
			return result;
		});
	}

	// Refused before the database is touched.
	private static void checkAvailable(String description, List<Cache> caches) {
		for (Cache cache : caches) {
			if (cache instanceof WriteThroughCache writeThroughCache) {
				try {
					writeThroughCache.getNativeCache().ping();
				}
				catch (RuntimeException ex) {
					throw new CacheUnavailableException("Write refused: cache '" + cache.getName()
							+ "' is unavailable and write-through.on-cache-unavailable is 'fail', so " + description
							+ " did not touch the database. " + RedisFailure.of(ex).describe()
							+ ". Or set write-through.on-cache-unavailable=proceed to let writes commit and evict later",
							ex);
				}
			}
		}
	}

	@Override
	public PendingWrites unsettledWrites(PendingInvalidations pendingInvalidations) {
		return new UnsettledWrites(this, pendingInvalidations);
	}

	/**
	 * Whether the current transaction has written a key (or cleared its cache): reads of
	 * it must then go to the database and must not fill the cache.
	 * @param cacheName the cache name
	 * @param key the key
	 * @return {@code true} if a transaction is active and has written the key
	 */
	boolean hasWritten(String cacheName, Object key) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return false;
		}
		TransactionWrites current = currentWrites();
		return current != null && current.hasWritten(cacheName, key);
	}

	// One batch per cache, in the order of first appearance; a clear is never fenced.
	private List<AfterCommitCacheUpdate.Batch> begin(List<CacheKeyWrite> writes) {
		if (writes.isEmpty()) {
			return List.of();
		}
		Map<Cache, List<CacheKeyWrite>> byCache = new LinkedHashMap<>();
		List<AfterCommitCacheUpdate.Batch> batches = new ArrayList<>();
		for (CacheKeyWrite write : writes) {
			if (write.kind() == CacheKeyWrite.Kind.CLEAR) {
				batches.add(new AfterCommitCacheUpdate.Batch(write.cache(), List.of(write), null));
			}
			else {
				byCache.computeIfAbsent(write.cache(), (cache) -> new ArrayList<>()).add(write);
			}
		}
		byCache.forEach((cache, cacheWrites) -> batches.add(this.step.begin(cache, cacheWrites)));
		return batches;
	}

	// The writes the call made take the batches begun before it, key for key; a begun
	// key the call did not write after all becomes an eviction; the other writes are
	// begun now.
	private void register(long startNanos, List<CacheKeyWrite> writes, List<AfterCommitCacheUpdate.Batch> begun) {
		List<CacheKeyWrite> remaining = new ArrayList<>(writes);
		List<AfterCommitCacheUpdate.Batch> batches = new ArrayList<>(begun.size() + 1);
		for (AfterCommitCacheUpdate.Batch batch : begun) {
			if (batch.fenced() == null) {
				batches.add(batch);
				continue;
			}
			List<CacheKeyWrite> aligned = new ArrayList<>(batch.writes().size());
			for (CacheKeyWrite started : batch.writes()) {
				CacheKeyWrite made = take(remaining, started);
				aligned.add((made != null) ? made
						: new CacheKeyWrite(started.cache(), CacheKeyWrite.Kind.EVICT, started.key(), null));
			}
			batches.add(new AfterCommitCacheUpdate.Batch(batch.cache(), aligned, batch.fenced()));
		}
		batches.addAll(begin(remaining));
		if (batches.isEmpty()) {
			return;
		}
		TransactionWrites current = currentWrites();
		if (current == null) {
			current = new TransactionWrites();
			TransactionSynchronizationManager.registerSynchronization(current);
		}
		current.add(new Invocation(startNanos, batches));
	}

	private static @Nullable CacheKeyWrite take(List<CacheKeyWrite> writes, CacheKeyWrite started) {
		for (int i = 0; i < writes.size(); i++) {
			CacheKeyWrite write = writes.get(i);
			if (write.cache() == started.cache() && write.kind() != CacheKeyWrite.Kind.CLEAR
					&& Objects.equals(write.key(), started.key())) {
				return writes.remove(i);
			}
		}
		return null;
	}

	private @Nullable TransactionWrites currentWrites() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof TransactionWrites writes && writes.owner() == this) {
				return writes;
			}
		}
		return null;
	}

	private final class TransactionWrites implements TransactionSynchronization {

		private final List<Invocation> invocations = new ArrayList<>();

		private final Set<WrittenKey> writtenKeys = new HashSet<>();

		private final Set<String> clearedCaches = new HashSet<>();

		TransactionalCacheWrites owner() {
			return TransactionBoundCacheWrites.this;
		}

		void add(Invocation invocation) {
			this.invocations.add(invocation);
			for (AfterCommitCacheUpdate.Batch batch : invocation.batches()) {
				for (CacheKeyWrite write : batch.writes()) {
					if (write.kind() == CacheKeyWrite.Kind.CLEAR) {
						this.clearedCaches.add(write.cacheName());
					}
					else {
						this.writtenKeys.add(new WrittenKey(write.cacheName(), write.key()));
					}
				}
			}
		}

		boolean hasWritten(String cacheName, Object key) {
			return this.clearedCaches.contains(cacheName) || this.writtenKeys.contains(new WrittenKey(cacheName, key));
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			for (Invocation invocation : this.invocations) {
				invocation.batches().forEach(TransactionBoundCacheWrites.this.step::beforeCommit);
			}
		}

		@Override
		public void afterCompletion(int status) {
			try {
				if (status == STATUS_COMMITTED) {
					Executor executor = TransactionBoundCacheWrites.this.cacheStepExecutor;
					if (executor != null) {
						executor.execute(this::applyAllLogged);
					}
					else {
						applyAll();
					}
				}
				else {
					long now = System.nanoTime();
					for (Invocation invocation : this.invocations) {
						invocation.batches().forEach(TransactionBoundCacheWrites.this.step::afterRollback);
						for (String cacheName : invocation.cacheNames()) {
							TransactionBoundCacheWrites.this.listener.writeCompleted(cacheName,
									WriteOutcome.ROLLED_BACK, now - invocation.startNanos());
						}
					}
				}
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure in the after-completion cache step", ex);
			}
		}

		private void applyAllLogged() {
			try {
				applyAll();
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure in the after-commit cache step", ex);
			}
		}

		private void applyAll() {
			WriteListener listener = TransactionBoundCacheWrites.this.listener;
			for (Invocation invocation : this.invocations) {
				Map<String, WriteOutcome> outcomes = new LinkedHashMap<>();
				for (AfterCommitCacheUpdate.Batch batch : invocation.batches()) {
					long start = System.nanoTime();
					List<WriteOutcome> applied = TransactionBoundCacheWrites.this.step.afterCommit(batch);
					// Sent together, the steps of a batch share their time: each key is
					// recorded with its share.
					long share = (System.nanoTime() - start) / applied.size();
					for (WriteOutcome outcome : applied) {
						listener.cacheUpdated(batch.cache().getName(), share);
						outcomes.merge(batch.cache().getName(), outcome, WriteOutcome::worst);
					}
				}
				long end = System.nanoTime();
				outcomes.forEach((cacheName, outcome) -> listener.writeCompleted(cacheName, outcome,
						end - invocation.startNanos()));
			}
		}

	}

	private record Invocation(long startNanos, List<AfterCommitCacheUpdate.Batch> batches) {

		Set<String> cacheNames() {
			Set<String> names = new LinkedHashSet<>();
			this.batches.forEach((batch) -> names.add(batch.cache().getName()));
			return names;
		}

	}

	private record WrittenKey(String cacheName, Object key) {

	}

}
