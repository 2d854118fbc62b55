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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.util.Assert;

/**
 * The audit's meters: {@code writethrough.audit{cache,result=consistent|stale}}, a
 * counter per cache and result.
 *
 * @author write-through
 */
public final class AuditMeters {

	/** The name of the audit's counter. */
	public static final String AUDIT = "writethrough.audit";

	private AuditMeters() {
	}

	/**
	 * A listener that counts every audited entry in a registry.
	 * @param registry the registry
	 * @return the listener
	 */
	public static AuditListener listener(MeterRegistry registry) {
		Assert.notNull(registry, "registry must not be null");
		return new MicrometerAuditListener(registry);
	}

	private static final class MicrometerAuditListener implements AuditListener {

		private final MeterRegistry registry;

		private final Map<String, Counter> counters = new ConcurrentHashMap<>();

		MicrometerAuditListener(MeterRegistry registry) {
			this.registry = registry;
		}

		@Override
		public void audited(String cacheName, Result result) {
			this.counters.computeIfAbsent(cacheName + '\u0000' + result.tag(), (key) -> {
				// Both results exist from the first sample, so "0 stale" is a value.
				for (Result each : Result.values()) {
					counter(cacheName, each);
				}
				return counter(cacheName, result);
			}).increment();
		}

		private Counter counter(String cacheName, Result result) {
			return Counter.builder(AUDIT)
				.description("Cached entries compared with their database rows by the consistency auditor")
				.tag("cache", cacheName)
				.tag("result", result.tag())
				.register(this.registry);
		}

	}

}
