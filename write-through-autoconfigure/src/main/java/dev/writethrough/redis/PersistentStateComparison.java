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

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Compares the persistent state of a value as written with the copy read back from its
 * JSON: the fields the cache's mapper writes, deeply, through collections, maps, arrays
 * and cycles. Collections compare by kind (a list with a list, a set with a set), so a
 * Hibernate collection equals the plain one it is read back as.
 *
 * @author write-through
 */
final class PersistentStateComparison {

	// Past this size sets are compared in iteration order only.
	private static final int MAX_UNORDERED_MATCH = 1000;

	private final Map<Class<?>, List<Field>> fields = new ConcurrentHashMap<>();

	/**
	 * The first difference between a value and its copy.
	 * @param written the value as written
	 * @param read the copy read back
	 * @return where and how they differ, or {@code null} if they do not
	 */
	@Nullable String difference(Object written, @Nullable Object read) {
		return compare(written, read, "", new IdentityHashMap<>());
	}

	private @Nullable String compare(@Nullable Object written, @Nullable Object read, String path,
			IdentityHashMap<Object, Object> visited) {
		Object a = PersistentStateTypes.unproxy(written);
		if (a == read) {
			return null;
		}
		if (a == null || read == null) {
			return differs(path, describe(a), describe(read));
		}
		if (visited.get(a) == read) {
			return null;
		}
		if (a instanceof Collection<?> collection) {
			return compareCollections(collection, read, path, visited);
		}
		if (a instanceof Map<?, ?> map) {
			return compareMaps(map, read, path, visited);
		}
		if (PersistentStateTypes.SPRING_DATA_PRESENT && SpringDataResultTypes.isResult(a)) {
			Object metadata = SpringDataResultTypes.metadata(a);
			if (!metadata.equals(SpringDataResultTypes.metadata(read))) {
				return differs(path, String.valueOf(metadata), String.valueOf(SpringDataResultTypes.metadata(read)));
			}
			return compare(SpringDataResultTypes.content(a), SpringDataResultTypes.content(read),
					path.isEmpty() ? "content" : path + ".content", visited);
		}
		if (a.getClass().isArray()) {
			return compareArrays(a, read, path, visited);
		}
		if (a instanceof Date date && read instanceof Date readDate) {
			boolean lostNanos = date instanceof Timestamp timestamp && timestamp.getNanos() % 1_000_000 != 0;
			return (date.getTime() == readDate.getTime() && !lostNanos) ? null
					: differs(path, String.valueOf(a), String.valueOf(read));
		}
		if (a.getClass() != read.getClass()) {
			return differs(path, "a " + a.getClass().getName(), "a " + read.getClass().getName());
		}
		if (!PersistentStateTyping.isApplicationType(a.getClass()) || a.getClass().isEnum()) {
			return a.equals(read) ? null : differs(path, String.valueOf(a), String.valueOf(read));
		}
		visited.put(a, read);
		for (Field field : persistentFields(a.getClass())) {
			String difference = compare(ReflectionUtils.getField(field, a), ReflectionUtils.getField(field, read),
					path.isEmpty() ? field.getName() : path + "." + field.getName(), visited);
			if (difference != null) {
				return difference;
			}
		}
		return null;
	}

	private @Nullable String compareCollections(Collection<?> written, Object read, String path,
			IdentityHashMap<Object, Object> visited) {
		if (!(read instanceof Collection<?> copy) || (written instanceof List) != (read instanceof List)
				|| (written instanceof Set) != (read instanceof Set)) {
			return differs(path, "a " + kind(written), "a " + read.getClass().getName());
		}
		if (written.size() != copy.size()) {
			return differs(path, written.size() + " elements", copy.size() + " elements");
		}
		String ordered = compareInOrder(written, copy, path, visited);
		if (ordered == null || !(written instanceof Set) || written.size() > MAX_UNORDERED_MATCH) {
			return ordered;
		}
		List<Object> unmatched = new ArrayList<>(copy);
		for (Object element : written) {
			boolean found = false;
			for (Iterator<Object> candidates = unmatched.iterator(); candidates.hasNext();) {
				Object candidate = candidates.next();
				if (compare(element, candidate, path, new IdentityHashMap<>(visited)) == null) {
					candidates.remove();
					found = true;
					break;
				}
			}
			if (!found) {
				return differs(path, "an element " + element, "no equal element");
			}
		}
		return null;
	}

	private @Nullable String compareInOrder(Collection<?> written, Collection<?> read, String path,
			IdentityHashMap<Object, Object> visited) {
		Iterator<?> copies = read.iterator();
		int index = 0;
		for (Object element : written) {
			String difference = compare(element, copies.next(), path + "[" + index++ + "]", visited);
			if (difference != null) {
				return difference;
			}
		}
		return null;
	}

	private @Nullable String compareMaps(Map<?, ?> written, Object read, String path,
			IdentityHashMap<Object, Object> visited) {
		if (!(read instanceof Map<?, ?> copy)) {
			return differs(path, "a map", "a " + read.getClass().getName());
		}
		if (written.size() != copy.size()) {
			return differs(path, written.size() + " entries", copy.size() + " entries");
		}
		for (Map.Entry<?, ?> entry : written.entrySet()) {
			if (!copy.containsKey(entry.getKey())) {
				return differs(path, "key " + entry.getKey(), "no such key");
			}
			String difference = compare(entry.getValue(), copy.get(entry.getKey()), path + "[" + entry.getKey() + "]",
					visited);
			if (difference != null) {
				return difference;
			}
		}
		return null;
	}

	private @Nullable String compareArrays(Object written, Object read, String path,
			IdentityHashMap<Object, Object> visited) {
		if (!read.getClass().isArray() || Array.getLength(written) != Array.getLength(read)) {
			return differs(path, "an array of " + Array.getLength(written), describe(read));
		}
		if (written.getClass().getComponentType().isPrimitive()) {
			return Arrays.deepEquals(new Object[] { written }, new Object[] { read }) ? null
					: differs(path, "an array", "another array");
		}
		for (int i = 0; i < Array.getLength(written); i++) {
			String difference = compare(Array.get(written, i), Array.get(read, i), path + "[" + i + "]", visited);
			if (difference != null) {
				return difference;
			}
		}
		return null;
	}

	private List<Field> persistentFields(Class<?> type) {
		return this.fields.computeIfAbsent(type, (key) -> {
			List<Field> found = new ArrayList<>();
			for (Class<?> current = key; current != null
					&& current != Object.class; current = current.getSuperclass()) {
				for (Field field : current.getDeclaredFields()) {
					if (isPersistent(field)) {
						ReflectionUtils.makeAccessible(field);
						found.add(field);
					}
				}
			}
			return List.copyOf(found);
		});
	}

	private static boolean isPersistent(Field field) {
		int modifiers = field.getModifiers();
		return !Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()
				&& !PersistentStateTypes.isLeftOut(field.getName(), Arrays.stream(field.getAnnotations()));
	}

	private static String kind(Collection<?> collection) {
		return (collection instanceof List) ? "list" : (collection instanceof Set) ? "set" : "collection";
	}

	private static String describe(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof Collection<?> collection) {
			return collection.size() + " elements";
		}
		return "a " + value.getClass().getName();
	}

	private static String differs(String path, String written, String read) {
		return "'" + (path.isEmpty() ? "the value" : path) + "' was " + written + " when written, " + read
				+ " when read back";
	}

}
