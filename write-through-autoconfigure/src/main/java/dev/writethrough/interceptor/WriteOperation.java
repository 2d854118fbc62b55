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

import java.lang.reflect.Method;
import java.util.List;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;

import org.springframework.util.StringUtils;

/**
 * What one {@link WriteThrough} or {@link WriteThroughEvict} annotation asks for.
 *
 * @param method the annotated method
 * @param kind whether to write values or evict keys
 * @param cacheNames the caches to change
 * @param key the key expression (empty only for {@code allEntries})
 * @param value the value expression, empty for the default
 * @param condition the condition expression, empty for always
 * @param unless the veto expression, empty for never
 * @param version the version expression, empty for the value's {@code @Version} field
 * @param allEntries whether to clear whole caches
 * @param description the method, for messages and transaction names
 * @author write-through
 */
record WriteOperation(Method method, Kind kind, List<String> cacheNames, String key, String value, String condition,
		String unless, String version, boolean allEntries, String description) {

	static final String ELEMENT_VARIABLE = "element";

	static WriteOperation of(Method method, WriteThrough annotation) {
		return new WriteOperation(method, Kind.WRITE, List.of(annotation.cache()), annotation.key(), annotation.value(),
				annotation.condition(), annotation.unless(), annotation.version(), false,
				WriteThroughInterceptor.describe(method));
	}

	static WriteOperation of(Method method, WriteThroughEvict annotation) {
		return new WriteOperation(method, Kind.EVICT, List.of(annotation.cache()), annotation.key(), "",
				annotation.condition(), "", "", annotation.allEntries(), WriteThroughInterceptor.describe(method));
	}

	/**
	 * Whether the key is evaluated once per element of a collection.
	 * @return {@code true} if the key refers to {@code #element}
	 */
	public boolean perElement() {
		return this.key.contains("#" + ELEMENT_VARIABLE);
	}

	/**
	 * The annotation, as written on the method, for messages.
	 * @return for example {@code @WriteThrough}
	 */
	public String annotationName() {
		return (this.kind == Kind.WRITE) ? "@WriteThrough" : "@WriteThroughEvict";
	}

	/**
	 * The expressions of this operation, by attribute name, leaving out empty ones.
	 * @return attribute name and expression pairs
	 */
	public List<String[]> expressions() {
		return java.util.stream.Stream
			.of(new String[] { "key", this.key }, new String[] { "value", this.value },
					new String[] { "condition", this.condition }, new String[] { "unless", this.unless },
					new String[] { "version", this.version })
			.filter((pair) -> StringUtils.hasText(pair[1]))
			.toList();
	}

	/**
	 * What an operation does.
	 */
	public enum Kind {

		/** Write values after commit ({@link WriteThrough}). */
		WRITE,

		/** Evict keys after commit ({@link WriteThroughEvict}). */
		EVICT

	}

}
