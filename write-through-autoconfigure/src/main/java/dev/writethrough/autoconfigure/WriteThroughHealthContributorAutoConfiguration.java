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

import dev.writethrough.actuate.WriteThroughHealthIndicator;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.tx.PendingInvalidations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the {@code writethrough} health contributor, when Spring Boot's
 * health support is on the class path.
 *
 * @author write-through
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ RedisCacheStore.class, PendingInvalidations.class })
@ConditionalOnEnabledHealthIndicator("writethrough")
public final class WriteThroughHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "writethroughHealthIndicator")
	WriteThroughHealthIndicator writethroughHealthIndicator(RedisCacheStore store,
			PendingInvalidations pendingInvalidations, WriteThroughProperties properties,
			ObjectProvider<WriteBehindQueues> writeBehindQueues) {
		return new WriteThroughHealthIndicator(store, pendingInvalidations, properties.getOnCacheUnavailable(),
				writeBehindQueues.getIfAvailable(), properties.getKeyPrefix());
	}

}
