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

import javax.sql.DataSource;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.tx.DurableInvalidations;
import dev.writethrough.tx.PendingInvalidations;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Auto-configuration of the durable invalidation log: a table in the application's
 * {@code DataSource} where an eviction that could not reach Redis is recorded with the
 * write's commit. Applies when the starter's caches are in use and there is one
 * {@code DataSource}; {@code write-through.pending-invalidations.durable.enabled=false}
 * turns it off.
 *
 * @author write-through
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class,
		afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ JdbcTemplate.class, DataSource.class })
@ConditionalOnBean({ WriteThroughCacheManager.class, PendingInvalidations.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBooleanProperty(name = "write-through.pending-invalidations.durable.enabled", matchIfMissing = true)
public final class WriteThroughDurableInvalidationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DurableInvalidations writeThroughDurableInvalidations(DataSource dataSource, WriteThroughProperties properties,
			ObjectProvider<WriteThroughCacheManager> cacheManager, PendingInvalidations pendingInvalidations) {
		WriteThroughProperties.Durable durable = properties.getPendingInvalidations().getDurable();
		return DurableInvalidations.create(new JdbcTemplate(dataSource), durable.getTable(), properties.getKeyPrefix(),
				durable.isInitializeSchema(), durable.getPollInterval(),
				(name) -> cacheManager.getObject().getCache(name), pendingInvalidations);
	}

}
