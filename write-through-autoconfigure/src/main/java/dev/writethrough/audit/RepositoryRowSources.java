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

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.cache.annotation.CacheConfig;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.data.repository.core.RepositoryInformation;
import org.springframework.data.repository.support.Repositories;
import org.springframework.util.ClassUtils;

/**
 * Derives, from the application's Spring Data repositories, which caches hold entities or
 * aggregates by id and how to load their rows: a cache read by a {@code @Cacheable}
 * repository method whose one parameter is the id and is the key maps to the repository's
 * domain type, loaded with JPA when it is an entity and with Spring Data JDBC when it is
 * an aggregate. The rule the change-capture module derives its tables with, applied to
 * loading rather than to tables.
 *
 * @author write-through
 */
final class RepositoryRowSources {

	private static final ClassLoader CLASS_LOADER = RepositoryRowSources.class.getClassLoader();

	private static final boolean REPOSITORIES_PRESENT = ClassUtils
		.isPresent("org.springframework.data.repository.support.Repositories", CLASS_LOADER);

	private static final boolean JPA_PRESENT = ClassUtils.isPresent("jakarta.persistence.EntityManagerFactory",
			CLASS_LOADER);

	private static final boolean JDBC_PRESENT = ClassUtils
		.isPresent("org.springframework.data.jdbc.core.JdbcAggregateOperations", CLASS_LOADER);

	private RepositoryRowSources() {
	}

	/**
	 * The row source of every cache that can be derived, and for the others that were
	 * looked at, why not.
	 * @param beanFactory where the repositories are
	 * @return the derived mappings
	 */
	static Derived derive(ListableBeanFactory beanFactory) {
		Map<String, RowSource> sources = new LinkedHashMap<>();
		Map<String, String> ambiguous = new LinkedHashMap<>();
		if (!REPOSITORIES_PRESENT) {
			return new Derived(sources, ambiguous);
		}
		Repositories repositories = new Repositories(beanFactory);
		for (Class<?> domainType : repositories) {
			RepositoryInformation information = repositories.getRepositoryInformationFor(domainType).orElse(null);
			if (information == null) {
				continue;
			}
			for (String cache : cachesReadById(information.getRepositoryInterface(), information.getIdType())) {
				RowSource source = rowSource(beanFactory, domainType, information.getIdType());
				if (source == null) {
					continue;
				}
				RowSource other = sources.putIfAbsent(cache, source);
				if (other != null && other.valueType() != domainType) {
					ambiguous.put(cache,
							"it is read by id as " + other.valueType().getName() + " and as " + domainType.getName());
				}
			}
		}
		ambiguous.keySet().forEach(sources::remove);
		return new Derived(sources, ambiguous);
	}

	private static @Nullable RowSource rowSource(ListableBeanFactory beanFactory, Class<?> type, Class<?> idType) {
		RowSource source = JPA_PRESENT ? JpaRows.of(beanFactory, type, idType) : null;
		if (source == null && JDBC_PRESENT) {
			source = JdbcAggregateRows.of(beanFactory, type, idType);
		}
		return source;
	}

	/**
	 * The caches a repository reads by id: {@code @Cacheable} methods with one parameter
	 * of the id type whose key is that parameter.
	 * @param repositoryInterface the repository interface
	 * @param idType the domain type's id type
	 * @return the cache names
	 */
	static Set<String> cachesReadById(Class<?> repositoryInterface, Class<?> idType) {
		Set<String> names = new LinkedHashSet<>();
		CacheConfig config = AnnotatedElementUtils.findMergedAnnotation(repositoryInterface, CacheConfig.class);
		for (Method method : repositoryInterface.getMethods()) {
			Cacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(method, Cacheable.class);
			if (cacheable == null || method.getParameterCount() != 1
					|| !ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0])
						.isAssignableFrom(ClassUtils.resolvePrimitiveIfNecessary(idType))
					|| !keyIsTheParameter(cacheable.key(), method)) {
				continue;
			}
			String[] cacheNames = (cacheable.cacheNames().length > 0) ? cacheable.cacheNames()
					: (config != null) ? config.cacheNames() : new String[0];
			names.addAll(Arrays.asList(cacheNames));
		}
		return names;
	}

	private static boolean keyIsTheParameter(String key, Method method) {
		String trimmed = key.trim();
		if (trimmed.isEmpty()) {
			return true;
		}
		String name = method.getParameters()[0].isNamePresent() ? method.getParameters()[0].getName() : null;
		return trimmed.equals("#p0") || trimmed.equals("#a0") || trimmed.equals("#root.args[0]")
				|| (name != null && trimmed.equals("#" + name));
	}

	/**
	 * What was derived.
	 *
	 * @param sources the row source of each mapped cache
	 * @param ambiguous caches read by id as two different types, with why they are not
	 * mapped
	 */
	record Derived(Map<String, RowSource> sources, Map<String, String> ambiguous) {

	}

}
