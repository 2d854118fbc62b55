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

import java.util.List;
import java.util.concurrent.Executor;

import dev.writethrough.CacheUnavailableException;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.PendingWrites;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cache.Cache;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Binds the cache writes of annotated calls to their transaction: each call runs in a
 * transaction, its writes are begun as soon as their keys are known, and are applied by
 * the after-commit step once the transaction commits (released if it rolls back). Inside
 * a transaction that has written a key, reads of that key go to the database (rule 5,
 * through {@link #unsettledWrites}).
 *
 * @author write-through
 * @see #create(ObjectProvider, PendingInvalidations, OnCacheUnavailable, WriteListener,
 * DurableInvalidations, Executor)
 */
public sealed interface TransactionalCacheWrites permits TransactionBoundCacheWrites {

	/**
	 * Runs one call of an annotated method in a transaction and binds its writes to it.
	 * @param description the method, for the transaction's name and messages
	 * @param caches the caches the call writes
	 * @param plan the call's writes
	 * @param call the call
	 * @return what the call returned
	 * @throws CacheUnavailableException if a cache does not answer and
	 * {@code write-through.on-cache-unavailable} is {@code fail}: nothing was written
	 * @throws Throwable what the call threw
	 */
	@Nullable Object run(String description, List<Cache> caches, CacheWritePlan plan, Call call) throws Throwable;

	/**
	 * What the caches must know of the writes that are not settled yet: this binding's
	 * writes of the current transaction, and the evictions still pending.
	 * @param pendingInvalidations the keys whose eviction is pending
	 * @return the unsettled writes, for the cache manager
	 */
	PendingWrites unsettledWrites(PendingInvalidations pendingInvalidations);

	/**
	 * Create a new binding.
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
	 * @return the binding
	 */
	static TransactionalCacheWrites create(ObjectProvider<PlatformTransactionManager> transactionManager,
			PendingInvalidations pendingInvalidations, OnCacheUnavailable onCacheUnavailable, WriteListener listener,
			@Nullable DurableInvalidations durableInvalidations, @Nullable Executor cacheStepExecutor) {
		return new TransactionBoundCacheWrites(transactionManager, pendingInvalidations, onCacheUnavailable, listener,
				durableInvalidations, cacheStepExecutor);
	}

	/**
	 * The call of an annotated method, run inside the transaction.
	 */
	@FunctionalInterface
	interface Call {

		/**
		 * Runs the call.
		 * @return what it returned
		 * @throws Throwable what it threw
		 */
		@Nullable Object run() throws Throwable;

	}

}
