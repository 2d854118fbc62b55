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

package dev.writethrough.metrics;

import dev.writethrough.behind.WriteBehindListener;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.WriteListener;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates what this package contributes to an application context: the listeners that
 * record writes as Micrometer meters, and the binder of every write-through cache's
 * meters and gauges. The meter names are in {@link WriteThroughMetricNames}; the types
 * behind them are internal.
 *
 * @author write-through
 */
public final class WriteThroughMeters {

	private WriteThroughMeters() {
	}

	/**
	 * Create the listener that records transactional writes: their latency, their outcome
	 * and the fence's result.
	 * @param registry where to record
	 * @return the listener
	 */
	public static WriteListener writeListener(MeterRegistry registry) {
		return new MicrometerWriteListener(registry);
	}

	/**
	 * Create the listener that records write-behind flushes.
	 * @param registry where to record
	 * @return the listener
	 */
	public static WriteBehindListener writeBehindListener(MeterRegistry registry) {
		return new MicrometerWriteBehindListener(registry);
	}

	/**
	 * Create the binder that, once every singleton exists, binds the meters of every
	 * write-through cache (and of those created later), the pending-invalidation gauge
	 * and the gauges of the write-behind queues.
	 * @param registry where to bind
	 * @param beanFactory where the write-through cache managers are
	 * @param pendingInvalidations the pending-invalidation log
	 * @param writeBehindQueues the write-behind queues
	 * @return the binder
	 */
	public static SmartInitializingSingleton binder(MeterRegistry registry, ListableBeanFactory beanFactory,
			ObjectProvider<PendingInvalidations> pendingInvalidations,
			ObjectProvider<WriteBehindQueues> writeBehindQueues) {
		return new WriteThroughMetricsBinder(registry, beanFactory, pendingInvalidations, writeBehindQueues);
	}

}
