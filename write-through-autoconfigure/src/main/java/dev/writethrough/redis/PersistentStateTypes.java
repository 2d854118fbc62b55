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

package dev.writethrough.redis;

import java.lang.annotation.Annotation;
import java.util.Set;
import java.util.stream.Stream;

import org.hibernate.proxy.HibernateProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The classes a value is cached as: an entity behind a Hibernate proxy as the entity's
 * class, and the most specific common class of the elements of a collection.
 *
 * @author write-through
 */
final class PersistentStateTypes {

	static final boolean HIBERNATE_PRESENT = ClassUtils.isPresent("org.hibernate.proxy.HibernateProxy",
			PersistentStateTypes.class.getClassLoader());

	static final boolean SPRING_DATA_PRESENT = ClassUtils.isPresent("org.springframework.data.domain.Page",
			PersistentStateTypes.class.getClassLoader());

	private static final Set<String> TRANSIENT_ANNOTATIONS = Set.of("jakarta.persistence.Transient",
			"javax.persistence.Transient", "org.springframework.data.annotation.Transient");

	private PersistentStateTypes() {
	}

	/**
	 * Whether a field or property is left out of persistent state although Java keeps it:
	 * persistence's own {@code @Transient}, or what Hibernate's bytecode enhancement
	 * adds.
	 * @param name the member's name
	 * @param annotations the member's annotations
	 * @return {@code true} if it is not persistent state
	 */
	static boolean isLeftOut(String name, Stream<Annotation> annotations) {
		return name.startsWith("$$_hibernate_") || annotations
			.anyMatch((annotation) -> TRANSIENT_ANNOTATIONS.contains(annotation.annotationType().getName()));
	}

	static @Nullable Object unproxy(@Nullable Object value) {
		if (HIBERNATE_PRESENT && value instanceof HibernateProxy proxy) {
			return proxy.getHibernateLazyInitializer().getImplementation();
		}
		return value;
	}

	static Class<?> persistentClass(Object value) {
		if (HIBERNATE_PRESENT && value instanceof HibernateProxy proxy) {
			return proxy.getHibernateLazyInitializer().getPersistentClass();
		}
		return value.getClass();
	}

	static Class<?> commonSuperclass(Class<?> first, Class<?> second) {
		if (first.isAssignableFrom(second)) {
			return first;
		}
		if (second.isAssignableFrom(first)) {
			return second;
		}
		for (Class<?> candidate = first.getSuperclass(); candidate != null; candidate = candidate.getSuperclass()) {
			if (candidate.isAssignableFrom(second)) {
				return candidate;
			}
		}
		return Object.class;
	}

}
