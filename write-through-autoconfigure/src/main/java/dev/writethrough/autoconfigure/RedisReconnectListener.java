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

package dev.writethrough.autoconfigure;

import dev.writethrough.redis.RedisCircuitBreaker;
import dev.writethrough.tx.PendingInvalidations;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Listens for Lettuce's connection events: when a connection to Redis is (re)activated,
 * the circuit breaker closes and the pending-invalidation log is retried at once, so the
 * cache heals as soon as Redis answers rather than after backoffs that grew during the
 * outage.
 *
 * @author write-through
 */
final class RedisReconnectListener implements InitializingBean, DisposableBean {

	private static final Log logger = LogFactory.getLog(RedisReconnectListener.class);

	private final ClientResources clientResources;

	private final RedisCircuitBreaker circuitBreaker;

	private final PendingInvalidations pendingInvalidations;

	private @Nullable Disposable subscription;

	RedisReconnectListener(ClientResources clientResources, RedisCircuitBreaker circuitBreaker,
			PendingInvalidations pendingInvalidations) {
		this.clientResources = clientResources;
		this.circuitBreaker = circuitBreaker;
		this.pendingInvalidations = pendingInvalidations;
	}

	@Override
	public void afterPropertiesSet() {
		this.subscription = this.clientResources.eventBus()
			.get()
			.filter(ConnectionActivatedEvent.class::isInstance)
			.subscribe((event) -> connectionActivated(),
					(ex) -> logger.warn("Stopped listening for Redis reconnections (" + ex.getMessage()
							+ "); pending invalidations are" + " still retried with their backoff"));
	}

	private void connectionActivated() {
		this.circuitBreaker.reset();
		if (this.pendingInvalidations.size() > 0) {
			logger.info("Redis connection re-established: retrying " + this.pendingInvalidations.size()
					+ " pending cache invalidations now");
			this.pendingInvalidations.retryNow();
		}
	}

	@Override
	public void destroy() {
		if (this.subscription != null) {
			this.subscription.dispose();
		}
	}

}
