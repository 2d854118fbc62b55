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

import dev.writethrough.PendingWrites;
import dev.writethrough.WriteThroughCache;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The writes a cache must not read past, from the transaction binding (rule 5: a
 * transaction reads its own writes from the database) and the pending-invalidation log.
 *
 * @author write-through
 */
final class UnsettledWrites implements PendingWrites {

	private final TransactionBoundCacheWrites transactionalWrites;

	private final PendingInvalidations pendingInvalidations;

	/**
	 * Create a new instance.
	 * @param transactionalWrites the writes of the current transaction
	 * @param pendingInvalidations the keys whose eviction is pending
	 */
	UnsettledWrites(TransactionBoundCacheWrites transactionalWrites, PendingInvalidations pendingInvalidations) {
		Assert.notNull(transactionalWrites, "transactionalWrites must not be null");
		Assert.notNull(pendingInvalidations, "pendingInvalidations must not be null");
		this.transactionalWrites = transactionalWrites;
		this.pendingInvalidations = pendingInvalidations;
	}

	@Override
	public boolean mustBypass(String cacheName, Object key) {
		return this.transactionalWrites.hasWritten(cacheName, key)
				|| this.pendingInvalidations.isPending(cacheName, key);
	}

	@Override
	public void evictionFailed(WriteThroughCache cache, @Nullable Object key) {
		this.pendingInvalidations.add(cache, key);
	}

}
