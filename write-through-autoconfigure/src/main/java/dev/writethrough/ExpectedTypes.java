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

package dev.writethrough;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.cache.support.NullValue;
import org.springframework.core.ResolvableType;
import org.springframework.util.ClassUtils;

/**
 * The types a cache's readers expect, from the declared return types of the methods that
 * read it: a value of none of them is not served.
 *
 * @author write-through
 */
final class ExpectedTypes {

	// Set once the annotated methods are known, after the cache is built.
	private volatile List<ResolvableType> types = List.of();

	void add(Collection<ResolvableType> more) {
		List<ResolvableType> expected = new ArrayList<>(this.types);
		expected.addAll(more);
		this.types = List.copyOf(expected);
	}

	boolean matches(Object value) {
		List<ResolvableType> expected = this.types;
		if (expected.isEmpty() || value == NullValue.INSTANCE) {
			return true;
		}
		for (ResolvableType type : expected) {
			Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(type.toClass());
			if (raw.isInstance(value) && elementsMatch(type, value)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.types.toString();
	}

	private static boolean elementsMatch(ResolvableType type, Object value) {
		if (!(value instanceof Iterable<?> elements) || value instanceof Map<?, ?>) {
			return true;
		}
		Class<?> elementType = type.as(Iterable.class).getGeneric(0).toClass();
		if (elementType == Object.class) {
			return true;
		}
		for (Object element : elements) {
			if (element != null && !elementType.isInstance(element)) {
				return false;
			}
		}
		return true;
	}

	static String describe(Object value) {
		if (value instanceof Iterable<?> elements) {
			for (Object element : elements) {
				if (element != null) {
					return value.getClass().getName() + " of " + element.getClass().getName();
				}
			}
		}
		return value.getClass().getName();
	}

}
