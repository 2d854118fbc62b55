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

package dev.writethrough.audit;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the auditor found in one cache over the last hour.
 *
 * @param status {@code audited}, or {@code skipped} when the auditor cannot map the
 * cache's entries to rows
 * @param skipped why the cache is skipped, {@code null} if it is audited
 * @param source how its rows are loaded ({@code JPA com.example.Owner by id}),
 * {@code null} if skipped
 * @param samples entries compared in the last hour
 * @param consistent of those, the ones equal to their row
 * @param stale of those, the ones that differed (and were evicted)
 * @param unsettled entries sampled in the last hour but not compared, because they
 * changed or disappeared during their grace period (a write landed); a cache whose keys
 * are written more often than the grace period is mostly unsettled
 * @param consistency consistent over samples, {@code null} before the first sample
 * @param nines the consistency in nines ({@code -log10(stale / samples)}: 3 for 99.9 %),
 * {@code null} while no stale entry was found (the samples then support at least
 * {@code log10(samples)} nines)
 * @param recentStale the last stale entries found (at most ten), newest first
 * @author write-through
 */
public record CacheAudit(String status, @Nullable String skipped, @Nullable String source, long samples,
		long consistent, long stale, long unsettled, @Nullable Double consistency, @Nullable Double nines,
		List<StaleEntry> recentStale) {

	static CacheAudit skipped(String reason) {
		return new CacheAudit("skipped", reason, null, 0, 0, 0, 0, null, null, List.of());
	}

	static CacheAudit audited(String source, long consistent, long stale, long unsettled,
			List<StaleEntry> recentStale) {
		long samples = consistent + stale;
		Double consistency = (samples > 0) ? (double) consistent / samples : null;
		Double nines = (stale > 0) ? Math.round(-Math.log10((double) stale / samples) * 100) / 100.0 : null;
		return new CacheAudit("audited", null, source, samples, consistent, stale, unsettled, consistency, nines,
				List.copyOf(recentStale));
	}

	/**
	 * A stale entry the auditor found and evicted.
	 *
	 * @param key the cache key
	 * @param at when it was found, ISO-8601
	 * @param difference how the cached value differed from the row
	 */
	public record StaleEntry(String key, String at, String difference) {

	}

}
