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

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.Window;

/**
 * The type a Spring Data query result is cached as: its interface ({@code Page},
 * {@code Slice}, {@code Window}) of the most specific class of its content.
 *
 * @author write-through
 */
final class SpringDataResultTypes {

	/** The result interfaces, allowed as containers like collections are. */
	static final String[] RESULT_TYPES = { Page.class.getName(), Slice.class.getName(), Window.class.getName() };

	private SpringDataResultTypes() {
	}

	static boolean isResult(Object value) {
		return value instanceof Slice<?> || value instanceof Window<?>;
	}

	// What a caller reads from a result besides its content.
	static Object metadata(Object value) {
		if (value instanceof Page<?> page) {
			return List.of("page", page.getPageable(), page.getTotalElements());
		}
		if (value instanceof Slice<?> slice) {
			return List.of("slice", slice.getPageable(), slice.hasNext());
		}
		if (value instanceof Window<?> window) {
			List<Object> positions = new ArrayList<>();
			for (int i = 0; i < window.size(); i++) {
				positions.add(window.positionAt(i));
			}
			return List.of("window", window.hasNext(), positions);
		}
		return value.getClass();
	}

	static List<?> content(Object value) {
		return (value instanceof Window<?> window) ? window.getContent() : ((Slice<?>) value).getContent();
	}

	static @Nullable JavaType readType(TypeFactory types, Object value) {
		if (value instanceof Page<?> page) {
			return types.constructParametricType(Page.class, JsonValueSerializer.elementType(page.getContent()));
		}
		if (value instanceof Slice<?> slice) {
			return types.constructParametricType(Slice.class, JsonValueSerializer.elementType(slice.getContent()));
		}
		if (value instanceof Window<?> window) {
			return types.constructParametricType(Window.class, JsonValueSerializer.elementType(window.getContent()));
		}
		return null;
	}

}
