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

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughEndpoint;
import dev.writethrough.audit.ConsistencyAuditor;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.tx.PendingInvalidations;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code writethrough} Actuator endpoint, when Actuator is on
 * the class path and the endpoint is available.
 *
 * @author write-through
 */
@AutoConfiguration(after = { WriteThroughAutoConfiguration.class, WriteThroughMetricsAutoConfiguration.class,
		WriteThroughAuditAutoConfiguration.class })
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class, MeterRegistry.class })
@ConditionalOnBean(PendingInvalidations.class)
@ConditionalOnAvailableEndpoint(WriteThroughEndpoint.class)
public final class WriteThroughEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	WriteThroughEndpoint writeThroughEndpoint(ObjectProvider<WriteThroughCacheManager> cacheManagers,
			PendingInvalidations pendingInvalidations, WriteThroughProperties properties,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<WriteBehindQueues> writeBehindQueues,
			ObjectProvider<ConsistencyAuditor> auditor) {
		Map<String, String> strategies = new LinkedHashMap<>();
		properties.getCaches()
			.forEach((name, cache) -> strategies.put(name,
					cache.getStrategy().name().toLowerCase(Locale.ROOT).replace('_', '-')));
		return new WriteThroughEndpoint(cacheManagers, pendingInvalidations, properties.getOnCacheUnavailable(),
				strategies, meterRegistry, writeBehindQueues, auditor);
	}

}
