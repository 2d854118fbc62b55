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

import java.io.ByteArrayOutputStream;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.util.Assert;

/**
 * Writes values as JSON in an envelope that names their type and can carry a version:
 * <pre class="code">
 * {"t":"com.example.Product","v":3,"d":{"id":1,"name":"Lamp"}}
 * </pre> Only types on the {@link SerializationAllowList} are written or read: a value of
 * any other type is refused on write, and is never instantiated on read (a
 * {@link DisallowedTypeException} is thrown before any class is loaded). No Java
 * serialization and no polymorphic typing is ever used.
 *
 * @author write-through
 */
public final class JsonValueSerializer implements RedisSerializer<Object> {

	private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*");

	private final JsonMapper mapper;

	private final SerializationAllowList allowList;

	private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param mapper the mapper that writes and reads the values themselves
	 * @param allowList the types that may be written and read
	 */
	public JsonValueSerializer(JsonMapper mapper, SerializationAllowList allowList) {
		Assert.notNull(mapper, "mapper must not be null");
		Assert.notNull(allowList, "allowList must not be null");
		this.mapper = mapper;
		this.allowList = allowList;
	}

	@Override
	public byte[] serialize(@Nullable Object value) throws SerializationException {
		Assert.notNull(value, "value must not be null: absent values are stored by the cache itself");
		JavaType type = readType(value);
		String canonical = type.toCanonical();
		checkAllowed(canonical, "write");
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("t", canonical);
			generator.writeName("d");
			this.mapper.writerFor(writeType(type)).writeValue(generator, value);
			generator.writeEndObject();
		}
		catch (JacksonException ex) {
			throw new SerializationException("Could not write a value of type " + canonical + " as JSON: "
					+ ex.getOriginalMessage() + ". Make the type serializable by Jackson, or cache a simpler type", ex);
		}
		return out.toByteArray();
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) throws SerializationException {
		if (bytes == null) {
			return null;
		}
		try (JsonParser parser = this.mapper.createParser(bytes)) {
			expect(parser.nextToken() == JsonToken.START_OBJECT, "an object");
			String typeName = null;
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken token = parser.nextToken();
				if ("t".equals(name)) {
					typeName = parser.getValueAsString();
				}
				else if ("d".equals(name)) {
					expect(typeName != null, "the type before the data");
					ObjectReader reader = reader(typeName);
					return (token == JsonToken.VALUE_NULL) ? null : reader.readValue(parser);
				}
				else {
					parser.skipChildren();
				}
			}
			throw new SerializationException("Cached value has no data");
		}
		catch (JacksonException ex) {
			throw new SerializationException("Could not read a cached value: " + ex.getOriginalMessage(), ex);
		}
	}

	private static void expect(boolean condition, String what) {
		if (!condition) {
			throw new SerializationException("Cached value is not in the write-through envelope: expected " + what);
		}
	}

	private ObjectReader reader(String canonical) {
		ObjectReader reader = this.readers.get(canonical);
		if (reader == null) {
			checkAllowed(canonical, "read");
			// The value is followed by the envelope's end: that is not a trailing token.
			reader = this.mapper.readerFor(this.mapper.getTypeFactory().constructFromCanonical(canonical))
				.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
			this.readers.put(canonical, reader);
		}
		return reader;
	}

	private void checkAllowed(String canonical, String operation) {
		Matcher matcher = CLASS_NAME.matcher(canonical);
		while (matcher.find()) {
			String className = matcher.group();
			if (!this.allowList.isAllowed(className)) {
				throw new DisallowedTypeException(className, "Type " + className + " is not allowed in the cache ("
						+ operation + " refused). Add it to 'write-through.serialization.allowed-types' (or its package"
						+ " to 'write-through.serialization.allowed-packages'), or return it from a method annotated with"
						+ " @Cacheable or @WriteThrough so it is allowed at start-up");
			}
		}
	}

	// The type a reader will build: collections and maps as the JDK's plain mutable ones.
	private JavaType readType(Object value) {
		TypeFactory types = this.mapper.getTypeFactory();
		if (value instanceof Set<?> set) {
			return types.constructCollectionType(java.util.LinkedHashSet.class, elementType(set));
		}
		if (value instanceof Collection<?> collection) {
			return types.constructCollectionType(java.util.ArrayList.class, elementType(collection));
		}
		if (value instanceof Map<?, ?> map) {
			return types.constructMapType(java.util.LinkedHashMap.class, elementType(map.keySet()),
					elementType(map.values()));
		}
		return types.constructType(value.getClass());
	}

	// The type to write with: the value may be any implementation (List.of, a Hibernate
	// bag).
	private JavaType writeType(JavaType readType) {
		TypeFactory types = this.mapper.getTypeFactory();
		if (readType.isCollectionLikeType()) {
			return types.constructCollectionType(Collection.class, readType.getContentType());
		}
		if (readType.isMapLikeType()) {
			return types.constructMapType(Map.class, readType.getKeyType(), readType.getContentType());
		}
		return readType;
	}

	private static Class<?> elementType(Collection<?> elements) {
		Class<?> type = null;
		Iterator<?> iterator = elements.iterator();
		while (iterator.hasNext()) {
			Object element = iterator.next();
			if (element == null) {
				continue;
			}
			if (type == null) {
				type = element.getClass();
			}
			else if (type != element.getClass()) {
				throw new SerializationException("Cannot cache a collection of mixed element types ("
						+ List.of(type.getName(), element.getClass().getName()) + "): cache one type per collection");
			}
		}
		return (type != null) ? type : Object.class;
	}

}
