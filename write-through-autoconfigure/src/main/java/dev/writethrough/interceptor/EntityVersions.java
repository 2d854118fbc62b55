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

package dev.writethrough.interceptor;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Finds the version of a written value: its field annotated with JPA's or Spring Data's
 * {@code @Version}, found once per class.
 *
 * @author write-through
 */
final class EntityVersions {

	private static final List<String> VERSION_ANNOTATIONS = List.of("jakarta.persistence.Version",
			"org.springframework.data.annotation.Version");

	private final Map<Class<?>, Optional<Field>> fields = new ConcurrentHashMap<>();

	/**
	 * Reads the version of a value, later: JPA raises it when it flushes, at the commit.
	 * @param value the written value
	 * @return what reads the value's version, or {@code null} if it has none
	 */
	@Nullable Supplier<@Nullable Object> of(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		Optional<Field> field = this.fields.computeIfAbsent(ClassUtils.getUserClass(value), EntityVersions::find);
		return field.<Supplier<@Nullable Object>>map((version) -> () -> ReflectionUtils.getField(version, value))
			.orElse(null);
	}

	/**
	 * Whether a class has a version field.
	 * @param type the class
	 * @return {@code true} if a field is annotated with {@code @Version}
	 */
	boolean isVersioned(Class<?> type) {
		return this.fields.computeIfAbsent(type, EntityVersions::find).isPresent();
	}

	private static Optional<Field> find(Class<?> type) {
		AtomicReference<Field> found = new AtomicReference<>();
		ReflectionUtils.doWithFields(type, (field) -> {
			if (found.get() == null && isVersion(field)) {
				ReflectionUtils.makeAccessible(field);
				found.set(field);
			}
		});
		return Optional.ofNullable(found.get());
	}

	private static boolean isVersion(Field field) {
		for (Annotation annotation : field.getAnnotations()) {
			if (VERSION_ANNOTATIONS.contains(annotation.annotationType().getName())) {
				return true;
			}
		}
		return false;
	}

}
