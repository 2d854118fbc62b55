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

package dev.writethrough.changecapture.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.changecapture.ChangeCapture;
import dev.writethrough.changecapture.ChangeCaptureSettings;
import dev.writethrough.changecapture.TableMapping;
import dev.writethrough.changecapture.autoconfigure.ChangeCaptureMappings.DerivedEntity;
import io.debezium.engine.DebeziumEngine;
import jakarta.persistence.EntityManagerFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

import javax.sql.DataSource;

/**
 * Auto-configuration of change capture: with
 * {@code write-through.change-capture.enabled=true} and the write-through cache manager
 * present, a {@link ChangeCapture} follows the application's database and evicts, through
 * the fence, every cached key a changed row maps to ({@link ChangeCaptureMappings}).
 *
 * @author write-through
 */
@AutoConfiguration(afterName = { "dev.writethrough.autoconfigure.WriteThroughAutoConfiguration",
		"org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
		"org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration",
		"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@ConditionalOnClass({ DebeziumEngine.class, WriteThroughCacheManager.class })
@ConditionalOnProperty(prefix = "write-through.change-capture", name = "enabled", havingValue = "true")
@ConditionalOnBean({ WriteThroughCacheManager.class, RedisConnectionFactory.class })
@EnableConfigurationProperties(ChangeCaptureProperties.class)
public final class ChangeCaptureAutoConfiguration {

	private static final boolean JPA_PRESENT = ClassUtils.isPresent(
			"org.hibernate.engine.spi.SessionFactoryImplementor",
			ChangeCaptureAutoConfiguration.class.getClassLoader());

	private static final boolean RELATIONAL_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.relational.core.mapping.RelationalMappingContext",
			ChangeCaptureAutoConfiguration.class.getClassLoader());

	private static final boolean REPOSITORIES_PRESENT = ClassUtils.isPresent(
			"org.springframework.data.repository.support.Repositories",
			ChangeCaptureAutoConfiguration.class.getClassLoader());

	@Bean
	@ConditionalOnMissingBean
	ChangeCaptureMappings changeCaptureMappings(ChangeCaptureProperties properties, ListableBeanFactory beanFactory) {
		return ChangeCaptureMappings.resolve(properties, REPOSITORIES_PRESENT
				? RepositoryEntities.derive(beanFactory, JPA_PRESENT, RELATIONAL_PRESENT) : List.of());
	}

	@Bean
	@ConditionalOnMissingBean
	ChangeCapture changeCapture(ChangeCaptureProperties properties, ChangeCaptureMappings mappings,
			WriteThroughCacheManager cacheManager, RedisConnectionFactory redisConnectionFactory,
			ObjectProvider<DataSource> dataSource, Environment environment) {
		ChangeCaptureProperties.ChangeCapture stream = properties.getChangeCapture();
		String url = StringUtils.hasText(stream.getUrl()) ? stream.getUrl()
				: environment.getProperty("spring.datasource.url");
		if (!StringUtils.hasText(url)) {
			throw new IllegalStateException("write-through.change-capture.enabled is true but no database is named:"
					+ " set spring.datasource.url or write-through.change-capture.url");
		}
		String username = (stream.getUsername() != null) ? stream.getUsername()
				: environment.getProperty("spring.datasource.username");
		String password = (stream.getPassword() != null) ? stream.getPassword()
				: environment.getProperty("spring.datasource.password");
		List<TableMapping> tables = mappings.getMappings();
		ChangeCaptureSettings settings = new ChangeCaptureSettings(stream.getName(),
				environment.getProperty("write-through.key-prefix", "wt:"), instance(stream),
				DebeziumConnectorProperties.of(stream, url, username, password, tables),
				DebeziumConnectorProperties.isBinlog(url), stream.getLeaderLease(), stream.getRetryDelay());
		StringRedisTemplate redis = new StringRedisTemplate(redisConnectionFactory);
		boolean queries = tables.stream().anyMatch((mapping) -> mapping.keyQuery() != null);
		DataSource source = dataSource.getIfAvailable();
		return new ChangeCapture(settings, tables, cacheManager, redis,
				(queries && source != null) ? new NamedParameterJdbcTemplate(source) : null);
	}

	private static String instance(ChangeCaptureProperties.ChangeCapture stream) {
		if (StringUtils.hasText(stream.getInstance())) {
			return stream.getInstance();
		}
		String host = System.getenv("HOSTNAME");
		return (StringUtils.hasText(host) ? host : "instance") + ":" + ProcessHandle.current().pid();
	}

	/**
	 * The entities and aggregates of the application's Spring Data repositories whose
	 * caches are read by id.
	 */
	static final class RepositoryEntities {

		private RepositoryEntities() {
		}

		static List<DerivedEntity> derive(ListableBeanFactory beanFactory, boolean jpa, boolean relational) {
			org.springframework.data.repository.support.Repositories repositories = new org.springframework.data.repository.support.Repositories(
					beanFactory);
			EntityManagerFactory entityManagerFactory = jpa
					? beanFactory.getBeanProvider(EntityManagerFactory.class).getIfUnique() : null;
			Object relationalContext = relational ? beanFactory
				.getBeanProvider(org.springframework.data.relational.core.mapping.RelationalMappingContext.class)
				.getIfUnique() : null;
			List<DerivedEntity> derived = new ArrayList<>();
			for (Class<?> domainType : repositories) {
				var information = repositories.getRepositoryInformationFor(domainType).orElse(null);
				if (information == null) {
					continue;
				}
				Set<String> caches = ChangeCaptureMappings.cachesReadById(information.getRepositoryInterface(),
						information.getIdType());
				for (String cache : caches) {
					DerivedEntity entity = null;
					if (entityManagerFactory != null
							&& domainType.isAnnotationPresent(jakarta.persistence.Entity.class)) {
						entity = HibernateEntityTables.derive(entityManagerFactory, cache, domainType);
					}
					if (entity == null && relationalContext != null) {
						entity = JdbcAggregateTables.derive(
								(org.springframework.data.relational.core.mapping.RelationalMappingContext) relationalContext,
								cache, domainType);
					}
					if (entity != null) {
						derived.add(entity);
					}
				}
			}
			return derived;
		}

	}

}
