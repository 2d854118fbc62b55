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

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.audit.AuditListener;
import dev.writethrough.audit.AuditMeters;
import dev.writethrough.audit.ConsistencyAuditor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the consistency auditor: with
 * {@code write-through.audit.enabled=true} and the write-through cache manager present, a
 * {@link ConsistencyAuditor} samples cached entries against the database, counted as
 * {@code writethrough.audit{cache,result}} when Micrometer is there. It needs neither
 * change capture nor any library beyond the starter's own.
 *
 * @author write-through
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
				"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "write-through.audit.enabled")
@ConditionalOnBean({ WriteThroughCacheManager.class, RedisConnectionFactory.class })
@Import(WriteThroughAuditAutoConfiguration.AuditMetersConfiguration.class)
public final class WriteThroughAuditAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ConsistencyAuditor writeThroughConsistencyAuditor(WriteThroughCacheManager cacheManager,
			RedisConnectionFactory connectionFactory, ListableBeanFactory beanFactory,
			WriteThroughProperties properties, ObjectProvider<AuditListener> listeners) {
		WriteThroughProperties.Audit audit = properties.getAudit();
		return ConsistencyAuditor.create(cacheManager, connectionFactory, beanFactory,
				ConsistencyAuditor.Settings.of(audit.getRate(), audit.getGracePeriod()), listeners);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class AuditMetersConfiguration {

		@Bean
		@ConditionalOnBean(MeterRegistry.class)
		@ConditionalOnMissingBean(name = "writeThroughAuditMeters")
		AuditListener writeThroughAuditMeters(MeterRegistry registry) {
			return AuditMeters.listener(registry);
		}

	}

}
