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

import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Scopes the cache's key space to the lifetime of an embedded in-memory database. Such a
 * database is new at every start while Redis keeps what the last run cached, so the cache
 * would serve rows the database no longer holds; a per-start epoch in the key prefix
 * keeps every run to its own keys (the old ones expire with their time to live).
 * <p>
 * The data source is recognised from its JDBC URL (H2 {@code mem:}, HSQLDB {@code mem:},
 * Derby {@code memory:}), read without opening a connection, or from Spring's
 * {@code EmbeddedDatabase}.
 *
 * @author write-through
 */
final class EmbeddedDatabaseKeySpace {

	private static final Log logger = LogFactory.getLog(EmbeddedDatabaseKeySpace.class);

	private static final List<String> IN_MEMORY_URLS = List.of("jdbc:h2:mem:", "jdbc:hsqldb:mem:",
			"jdbc:derby:memory:");

	private static final List<String> URL_GETTERS = List.of("getJdbcUrl", "getUrl", "getURL");

	private EmbeddedDatabaseKeySpace() {
	}

	/**
	 * The key prefix to use with a data source.
	 * @param keyPrefix the configured prefix
	 * @param dataSource the application's data source, if it has exactly one
	 * @return the prefix, with a per-start epoch when the data source is an embedded
	 * in-memory database
	 */
	static String keyPrefix(String keyPrefix, @Nullable DataSource dataSource) {
		if (dataSource == null || !isInMemory(dataSource, 0)) {
			return keyPrefix;
		}
		String scoped = keyPrefix + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ":";
		logger.info("The data source is an embedded in-memory database, new at every start: cache keys are scoped"
				+ " to this start with the prefix '" + scoped + "', so no value cached by an earlier run is served");
		return scoped;
	}

	private static boolean isInMemory(Object dataSource, int depth) {
		for (Class<?> type = dataSource.getClass(); type != null; type = type.getSuperclass()) {
			for (Class<?> implemented : type.getInterfaces()) {
				if (implemented.getName().equals("org.springframework.jdbc.datasource.embedded.EmbeddedDatabase")) {
					return true;
				}
			}
		}
		String url = url(dataSource);
		if (url != null) {
			String lower = url.toLowerCase(Locale.ROOT);
			return IN_MEMORY_URLS.stream().anyMatch(lower::startsWith);
		}
		// A delegating data source (a proxy around the pool): look behind it.
		Object target = invoke(dataSource, "getTargetDataSource");
		return depth < 4 && target != null && isInMemory(target, depth + 1);
	}

	private static @Nullable String url(Object dataSource) {
		for (String getter : URL_GETTERS) {
			Object url = invoke(dataSource, getter);
			if (url instanceof String string) {
				return string;
			}
		}
		return null;
	}

	private static @Nullable Object invoke(Object target, String methodName) {
		Method method = ReflectionUtils.findMethod(target.getClass(), methodName);
		if (method == null || method.getParameterCount() != 0) {
			return null;
		}
		try {
			ReflectionUtils.makeAccessible(method);
			return method.invoke(target);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
