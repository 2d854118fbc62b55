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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import dev.writethrough.tx.FenceResult;
import dev.writethrough.tx.WriteListener;
import dev.writethrough.tx.WriteOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.Assert;

/**
 * Records the write path in Micrometer: {@value WriteThroughMetricNames#WRITE} (with
 * client-side percentiles, so the {@code writethrough} endpoint can show them),
 * {@value WriteThroughMetricNames#CACHE_UPDATE} and
 * {@value WriteThroughMetricNames#FENCE}.
 *
 * @author write-through
 */
final class MicrometerWriteListener implements WriteListener {

	private final MeterRegistry registry;

	private final Map<String, Map<WriteOutcome, Timer>> writeTimers = new ConcurrentHashMap<>();

	private final Map<String, Timer> updateTimers = new ConcurrentHashMap<>();

	private final Map<String, Map<FenceResult, Counter>> fenceCounters = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param registry where to record
	 */
	MicrometerWriteListener(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		this.registry = registry;
	}

	@Override
	public void writeCompleted(String cacheName, WriteOutcome outcome, long nanos) {
		this.writeTimers.computeIfAbsent(cacheName, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome,
					(key) -> Timer.builder(WriteThroughMetricNames.WRITE)
						.description("Writes through the cache, from the call until the cache step")
						.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
						.tag(WriteThroughMetricNames.OUTCOME_TAG, outcome.tagValue())
						.publishPercentiles(0.5, 0.95, 0.99)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void cacheUpdated(String cacheName, long nanos) {
		this.updateTimers
			.computeIfAbsent(cacheName,
					(name) -> Timer.builder(WriteThroughMetricNames.CACHE_UPDATE)
						.description("The after-commit cache step of one key")
						.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
						.register(this.registry))
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void fenceEnded(String cacheName, FenceResult result) {
		this.fenceCounters.computeIfAbsent(cacheName, (name) -> new ConcurrentHashMap<>())
			.computeIfAbsent(result,
					(key) -> Counter.builder(WriteThroughMetricNames.FENCE)
						.description("Fenced writes of one key, by how they ended")
						.tag(WriteThroughMetricNames.CACHE_TAG, cacheName)
						.tag(WriteThroughMetricNames.RESULT_TAG, result.tag())
						.register(this.registry))
			.increment();
	}

}
