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

import java.util.concurrent.TimeUnit;

import dev.writethrough.behind.WriteBehindListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.Assert;

/**
 * Records what the write-behind flushers do: {@code writethrough.writebehind.flush},
 * {@code writethrough.writebehind.batch.size} and
 * {@code writethrough.writebehind.retries}.
 *
 * @author write-through
 */
final class MicrometerWriteBehindListener implements WriteBehindListener {

	private final MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry where to record
	 */
	MicrometerWriteBehindListener(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	@Override
	public void batchFlushed(String cacheName, int size, long nanos, boolean succeeded) {
		Timer.builder(WriteThroughMetricNames.WRITE_BEHIND_FLUSH)
			.description("Transactions that write a batch of queued writes to the database")
			.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
			.tag(WriteThroughMetricNames.OUTCOME_TAG, succeeded ? "flushed" : "failed")
			.publishPercentiles(0.5, 0.95, 0.99)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
		if (succeeded) {
			DistributionSummary.builder(WriteThroughMetricNames.WRITE_BEHIND_BATCH_SIZE)
				.description("Writes per flushed batch")
				.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
				.register(this.registry)
				.record(size);
		}
	}

	@Override
	public void retried(String cacheName, int writes) {
		Counter.builder(WriteThroughMetricNames.WRITE_BEHIND_RETRIES)
			.description("Queued writes whose batch failed and is tried again")
			.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
			.register(this.registry)
			.increment(writes);
	}

}
