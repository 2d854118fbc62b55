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

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;

/**
 * The types whose values may be read from and written to the cache. Values are
 * instantiated only from types on this list, so a value planted in Redis can never make
 * the application load an arbitrary class.
 * <p>
 * The list holds common JDK value types, the types the annotated methods take and return
 * (found at start-up) and the types and packages configured under
 * {@code write-through.serialization.*}.
 *
 * @author write-through
 */
public final class SerializationAllowList {

	private static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Byte",
			"java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float", "java.lang.Double",
			"java.lang.Character", "java.math.BigDecimal", "java.math.BigInteger", "java.util.UUID",
			"java.util.ArrayList", "java.util.LinkedList", "java.util.HashSet", "java.util.LinkedHashSet",
			"java.util.TreeSet", "java.util.HashMap", "java.util.LinkedHashMap", "java.util.TreeMap", "java.util.Date",
			"java.util.Locale", "java.util.Currency", "java.net.URI", "java.lang.Object");

	private static final List<String> JDK_PACKAGES = List.of("java.time.");

	private final Set<String> types = ConcurrentHashMap.newKeySet();

	private final Set<String> packages = ConcurrentHashMap.newKeySet();

	/**
	 * Create a list that allows the common JDK value types only.
	 */
	public SerializationAllowList() {
		this.types.addAll(JDK_TYPES);
		this.packages.addAll(JDK_PACKAGES);
		if (PersistentStateTypes.SPRING_DATA_PRESENT) {
			this.types.addAll(Arrays.asList(SpringDataResultTypes.RESULT_TYPES));
		}
	}

	/**
	 * Allows a class and, for an application class, the declared types of its fields
	 * (they are part of its persistent state).
	 * @param type the class
	 */
	public void allow(Class<?> type) {
		Assert.notNull(type, "type must not be null");
		Class<?> component = type;
		while (component.isArray()) {
			component = component.getComponentType();
		}
		if (component.isPrimitive() || !this.types.add(component.getName())
				|| !PersistentStateTyping.isApplicationType(component)) {
			return;
		}
		for (Class<?> current = component; current != null
				&& current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (!Modifier.isStatic(field.getModifiers()) && !field.isSynthetic()) {
					allow(ResolvableType.forField(field, component));
				}
			}
		}
	}

	/**
	 * Allows the classes a declared type is made of: the type itself, unwrapping
	 * {@code Optional}, collections, maps and arrays, and its generic arguments.
	 * @param type the declared type
	 */
	public void allow(ResolvableType type) {
		Class<?> resolved = type.resolve();
		if (resolved == null || resolved == Object.class || resolved == void.class || resolved == Void.class) {
			return;
		}
		if (type.isArray()) {
			allow(type.getComponentType());
			return;
		}
		boolean container = Optional.class == resolved || Collection.class.isAssignableFrom(resolved)
				|| Map.class.isAssignableFrom(resolved) || Iterable.class.isAssignableFrom(resolved)
				|| !PersistentStateTyping.isApplicationType(resolved) && isResultType(resolved);
		if (!container) {
			allow(resolved);
		}
		for (ResolvableType generic : type.getGenerics()) {
			allow(generic);
		}
	}

	private static boolean isResultType(Class<?> type) {
		if (!PersistentStateTypes.SPRING_DATA_PRESENT) {
			return false;
		}
		for (String resultType : SpringDataResultTypes.RESULT_TYPES) {
			if (resultType.equals(type.getName())) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Allows every class in a package and its sub-packages.
	 * @param packageName the package name
	 */
	public void allowPackage(String packageName) {
		Assert.hasText(packageName, "packageName must not be empty");
		this.packages.add(packageName.endsWith(".") ? packageName : packageName + ".");
	}

	/**
	 * Whether a class may be instantiated from the cache.
	 * @param className the fully qualified class name
	 * @return {@code true} if it is allowed
	 */
	public boolean isAllowed(String className) {
		if (this.types.contains(className)) {
			return true;
		}
		for (String packageName : this.packages) {
			if (className.startsWith(packageName)) {
				return true;
			}
		}
		return false;
	}

}
