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

package dev.writethrough.actuate;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.tx.PendingInvalidations;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the write-through cache, contributed as {@code writethrough}:
 * <ul>
 * <li>{@code UP}: Redis answers. Details show the pending-invalidation log, which drains
 * while Redis answers.</li>
 * <li>{@code OUT_OF_SERVICE}: Redis does not answer and
 * {@code write-through.on-cache-unavailable} is {@code proceed}: the application still
 * serves, from the database, and writes commit; their keys wait in the pending log.</li>
 * <li>{@code DOWN}: Redis does not answer and {@code on-cache-unavailable} is
 * {@code fail}: writes are refused.</li>
 * </ul>
 *
 * @author write-through
 */
public class WriteThroughHealthIndicator extends AbstractHealthIndicator {

	private final RedisCacheStore store;

	private final PendingInvalidations pendingInvalidations;

	private final OnCacheUnavailable onCacheUnavailable;

	/**
	 * Create a new instance.
	 * @param store the Redis I/O of the caches
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 */
	public WriteThroughHealthIndicator(RedisCacheStore store, PendingInvalidations pendingInvalidations,
			OnCacheUnavailable onCacheUnavailable) {
		super("write-through health check failed");
		this.store = store;
		this.pendingInvalidations = pendingInvalidations;
		this.onCacheUnavailable = onCacheUnavailable;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("pendingInvalidations", this.pendingInvalidations.size())
			.withDetail("onCacheUnavailable", this.onCacheUnavailable.name().toLowerCase(java.util.Locale.ROOT));
		try {
			this.store.ping();
			builder.up().withDetail("redis", "reachable");
		}
		catch (RuntimeException ex) {
			builder.withDetail("redis", "unreachable: " + ex.getMessage());
			if (this.onCacheUnavailable == OnCacheUnavailable.FAIL) {
				builder.down().withDetail("writes", "refused until Redis answers");
			}
			else {
				builder.outOfService()
					.withDetail("writes", "commit to the database; their keys are evicted once Redis answers");
			}
		}
	}

}
