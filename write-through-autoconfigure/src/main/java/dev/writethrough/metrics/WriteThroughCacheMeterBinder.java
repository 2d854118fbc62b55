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

import dev.writethrough.WriteThroughCache;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.cache.CacheMeterBinder;
import org.jspecify.annotations.Nullable;

/**
 * Binds the standard cache meters ({@code cache.gets} with {@code result=hit|miss},
 * {@code cache.puts}, {@code cache.evictions}) of a {@link WriteThroughCache}, so the hit
 * rate reads exactly as for Spring Boot's own caches, plus
 * {@value WriteThroughMetricNames#REJECTED_VALUES}.
 *
 * @author write-through
 */
final class WriteThroughCacheMeterBinder extends CacheMeterBinder<WriteThroughCache> {

	private final WriteThroughCache cache;

	/**
	 * Create a new instance.
	 * @param cache the cache
	 * @param tags extra tags, for example {@code cache.manager}
	 */
	WriteThroughCacheMeterBinder(WriteThroughCache cache, Iterable<Tag> tags) {
		super(cache, cache.getName(), tags);
		this.cache = cache;
	}

	@Override
	protected @Nullable Long size() {
		return null;
	}

	@Override
	protected long hitCount() {
		return this.cache.getStatistics().getHits();
	}

	@Override
	protected Long missCount() {
		return this.cache.getStatistics().getMisses();
	}

	@Override
	protected @Nullable Long evictionCount() {
		return this.cache.getStatistics().getEvictions();
	}

	@Override
	protected long putCount() {
		return this.cache.getStatistics().getPuts();
	}

	@Override
	protected void bindImplementationSpecificMetrics(MeterRegistry registry) {
		for (String reason : this.cache.getStatistics().getRejectedValues().keySet()) {
			FunctionCounter
				.builder(WriteThroughMetricNames.REJECTED_VALUES, this.cache,
						(cache) -> cache.getStatistics().getRejectedValues().getOrDefault(reason, 0L))
				.tags(getTagsWithCacheName())
				.tag(WriteThroughMetricNames.REASON_TAG, reason)
				.description("Values the cache refused, on write (not cached) or on read (not served), by reason")
				.register(registry);
		}
		for (String result : this.cache.getStatistics().getLeaseResults().keySet()) {
			FunctionCounter
				.builder(WriteThroughMetricNames.LEASES, this.cache,
						(cache) -> cache.getStatistics().getLeaseResults().getOrDefault(result, 0L))
				.tags(getTagsWithCacheName())
				.tag(WriteThroughMetricNames.RESULT_TAG, result)
				.description("Reads that missed, by what their read lease said")
				.register(registry);
		}
		for (String result : this.cache.getStatistics().getFillResults().keySet()) {
			FunctionCounter
				.builder(WriteThroughMetricNames.FILLS, this.cache,
						(cache) -> cache.getStatistics().getFillResults().getOrDefault(result, 0L))
				.tags(getTagsWithCacheName())
				.tag(WriteThroughMetricNames.RESULT_TAG, result)
				.description("Fills after a read, by result")
				.register(registry);
		}
	}

}
