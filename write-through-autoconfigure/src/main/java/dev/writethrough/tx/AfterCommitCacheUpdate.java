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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.writethrough.redis.RedisFailure;

import org.springframework.util.Assert;

/**
 * The after-commit step of rules 1 to 3: store the new value; if that fails evict the
 * key; if that fails too, hand the key to the {@link PendingInvalidations} log.
 *
 * @author write-through
 */
public final class AfterCommitCacheUpdate implements CacheWriteProtocol {

	private static final Log logger = LogFactory.getLog(AfterCommitCacheUpdate.class);

	private final PendingInvalidations pendingInvalidations;

	/**
	 * Create a new instance.
	 * @param pendingInvalidations where evictions that failed are remembered
	 */
	public AfterCommitCacheUpdate(PendingInvalidations pendingInvalidations) {
		Assert.notNull(pendingInvalidations, "pendingInvalidations must not be null");
		this.pendingInvalidations = pendingInvalidations;
	}

	@Override
	public WriteOutcome afterCommit(CacheKeyWrite write, WriteTicket ticket) {
		return afterCommit(write);
	}

	/**
	 * Applies one write: store, else evict, else remember.
	 * @param write the write
	 * @return what happened to the cache
	 */
	public WriteOutcome afterCommit(CacheKeyWrite write) {
		if (write.kind() == CacheKeyWrite.Kind.PUT && write.value() != null) {
			try {
				CacheOperations.put(write.cache(), write.key(), write.value());
				return WriteOutcome.CACHED;
			}
			catch (RuntimeException ex) {
				logger.warn("Could not cache the value written under key '" + write.key() + "' in cache '"
						+ write.cacheName() + "' after commit (" + ex.getMessage()
						+ "); evicting the key so that the next read loads it from the database");
				logger.debug("Cache update failure", ex);
			}
		}
		return evict(write);
	}

	/**
	 * Evicts the key of a write (or clears its cache), remembering it if that fails.
	 * @param write the write
	 * @return {@link WriteOutcome#EVICTED} or {@link WriteOutcome#PENDING}
	 */
	public WriteOutcome evict(CacheKeyWrite write) {
		try {
			if (write.kind() == CacheKeyWrite.Kind.CLEAR) {
				CacheOperations.clear(write.cache());
			}
			else {
				CacheOperations.evict(write.cache(), write.key());
			}
			return WriteOutcome.EVICTED;
		}
		catch (RuntimeException ex) {
			this.pendingInvalidations.add(write);
			logger.warn("Could not evict " + describe(write) + " after commit: " + RedisFailure.of(ex).describe()
					+ ". It will be evicted as soon as the cache takes it; reads of it go to the database meanwhile");
			return WriteOutcome.PENDING;
		}
	}

	private static String describe(CacheKeyWrite write) {
		return (write.kind() == CacheKeyWrite.Kind.CLEAR) ? "all entries of cache '" + write.cacheName() + "'"
				: "key '" + write.key() + "' of cache '" + write.cacheName() + "'";
	}

}
