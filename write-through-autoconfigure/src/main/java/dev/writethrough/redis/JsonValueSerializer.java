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

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;
import org.springframework.util.Assert;

/**
 * Writes values as JSON in an envelope that names their type: <pre class="code">
 * {"t":"com.example.Product","d":{"id":1,"name":"Lamp"}}
 * </pre> Only types on the {@link SerializationAllowList} are written or read: a value of
 * any other type is refused on write, and is never instantiated on read (a
 * {@link DisallowedTypeException} is thrown before any class is loaded). No Java
 * serialization is used, and a nested value carries its class only where its declared
 * type needs it, read back only if that class is allowed too.
 * <p>
 * The first values of each type are read back as soon as they are written and their
 * persistent state compared with the original's: a type that loses anything on the way is
 * refused from then on ({@link RejectedValueException.Reason#LOSSY}), with the attribute
 * that was lost, instead of being cached as less than the database holds.
 *
 * @author write-through
 */
final class JsonValueSerializer implements RedisSerializer<Object> {

	private static final Pattern CLASS_NAME = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$.]*");

	/** How many values of a type are read back and compared before it is trusted. */
	static final int VERIFIED_VALUES_PER_TYPE = 8;

	private final JsonMapper mapper;

	private final SerializationAllowList allowList;

	private final PersistentStateComparison comparison = new PersistentStateComparison();

	private final Map<String, ObjectReader> readers = new ConcurrentHashMap<>();

	private final Map<JavaType, ObjectWriter> writers = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> verifiedValues = new ConcurrentHashMap<>();

	private final Map<String, String> lossyTypes = new ConcurrentHashMap<>();

	// Each type written so far with its canonical name, once every class the name holds
	// was allowed: the allow-list only grows, so the name is neither built nor checked
	// again for that type.
	private final Map<JavaType, String> allowedWrites = new ConcurrentHashMap<>();

	/**
	 * Create an instance with the cache's own mapper
	 * ({@link PersistentStateMapper#builder}).
	 * @param allowList the types that may be written and read
	 */
	JsonValueSerializer(SerializationAllowList allowList) {
		this(PersistentStateMapper.builder(allowList).build(), allowList);
	}

	/**
	 * Create a new instance.
	 * @param mapper the mapper that writes and reads the values themselves, normally
	 * built from {@link PersistentStateMapper#builder}
	 * @param allowList the types that may be written and read
	 */
	JsonValueSerializer(JsonMapper mapper, SerializationAllowList allowList) {
		Assert.notNull(mapper, "mapper must not be null");
		Assert.notNull(allowList, "allowList must not be null");
		this.mapper = mapper.rebuild().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
		this.allowList = allowList;
	}

	@Override
	public byte[] serialize(@Nullable Object value) throws SerializationException {
		Assert.notNull(value, "value must not be null: absent values are stored by the cache itself");
		JavaType type = readType(value);
		String canonical = this.allowedWrites.get(type);
		if (canonical == null) {
			canonical = type.toCanonical();
			checkAllowed(canonical, "write");
			this.allowedWrites.put(type, canonical);
		}
		String lossy = this.lossyTypes.get(canonical);
		if (lossy != null) {
			throw new RejectedValueException(RejectedValueException.Reason.LOSSY, canonical, lossy, null);
		}
		byte[] bytes = write(value, type, canonical);
		AtomicInteger verified = this.verifiedValues.computeIfAbsent(canonical, (key) -> new AtomicInteger());
		if (verified.get() < VERIFIED_VALUES_PER_TYPE) {
			verify(value, bytes, canonical);
			verified.incrementAndGet();
		}
		return bytes;
	}

	private byte[] write(Object value, JavaType type, String canonical) {
		ValueBytes out = new ValueBytes();
		try (JsonGenerator generator = this.mapper.createGenerator(out)) {
			generator.writeStartObject();
			generator.writeStringProperty("t", canonical);
			generator.writeName("d");
			// Not flushed after the value: the envelope's end follows, and the whole
			// envelope reaches ValueBytes in one write.
			this.writers
				.computeIfAbsent(type,
						(key) -> this.mapper.writerFor(writeType(key))
							.without(SerializationFeature.FLUSH_AFTER_WRITE_VALUE))
				.writeValue(generator, value);
			generator.writeEndObject();
		}
		catch (JacksonException ex) {
			RejectedValueException rejected = rejectedCause(ex);
			if (rejected != null) {
				throw new RejectedValueException(rejected.getReason(), canonical,
						"Cannot cache a " + canonical + at(ex) + ": " + rejected.getMessage(), ex);
			}
			throw new RejectedValueException(RejectedValueException.Reason.UNSERIALIZABLE, canonical,
					"Cannot cache a " + canonical + ": Jackson cannot write it as JSON (" + ex.getOriginalMessage()
							+ "). Give the attribute a type Jackson can write and read back, register a serializer"
							+ " for it with a WriteThroughJsonMapperCustomizer bean, or do not cache this type",
					ex);
		}
		return out.toByteArray();
	}

	// The generator buffers what it writes and hands a value that fits its buffer over in
	// one write at close, which becomes the value's bytes in one copy (a
	// ByteArrayOutputStream would copy it in, grow, and copy it out again).
	private static final class ValueBytes extends OutputStream {

		private byte @Nullable [] bytes;

		private int length;

		@Override
		public void write(int b) {
			byte[] buffer = capacity(this.length + 1);
			buffer[this.length++] = (byte) b;
		}

		@Override
		public void write(byte[] b, int off, int len) {
			if (this.bytes == null) {
				this.bytes = Arrays.copyOfRange(b, off, off + len);
				this.length = len;
				return;
			}
			System.arraycopy(b, off, capacity(this.length + len), this.length, len);
			this.length += len;
		}

		private byte[] capacity(int needed) {
			byte[] buffer = this.bytes;
			if (buffer == null) {
				buffer = new byte[Math.max(needed, 256)];
			}
			else if (needed > buffer.length) {
				buffer = Arrays.copyOf(buffer, Math.max(needed, 2 * buffer.length));
			}
			this.bytes = buffer;
			return buffer;
		}

		byte[] toByteArray() {
			byte[] buffer = this.bytes;
			if (buffer == null) {
				return new byte[0];
			}
			return (buffer.length == this.length) ? buffer : Arrays.copyOf(buffer, this.length);
		}

	}

	private void verify(Object value, byte[] bytes, String canonical) {
		String difference;
		try {
			difference = this.comparison.difference(value, deserialize(bytes));
		}
		catch (RuntimeException ex) {
			difference = "it cannot be read back (" + ex.getMessage() + ")";
		}
		if (difference != null) {
			String message = "Type " + canonical + " does not come back from the cache as it was written: " + difference
					+ ". Caching it would serve (and let the application save) less than the database"
					+ " holds, so it is not cached and its reads go to the database. The cache writes and reads"
					+ " fields: make the attribute a field of a type Jackson can read back, register a serializer"
					+ " and deserializer for its type with a WriteThroughJsonMapperCustomizer bean, or do not cache"
					+ " this type";
			this.lossyTypes.put(canonical, message);
			throw new RejectedValueException(RejectedValueException.Reason.LOSSY, canonical, message, null);
		}
	}

	@Override
	public @Nullable Object deserialize(byte @Nullable [] bytes) throws SerializationException {
		if (bytes == null) {
			return null;
		}
		try (JsonParser parser = this.mapper.createParser(bytes)) {
			expect(parser.nextToken() == JsonToken.START_OBJECT, "an object");
			expect("t".equals(parser.nextName()), "\"t\" first");
			expect(parser.nextToken() == JsonToken.VALUE_STRING, "the type as a string");
			String typeName = parser.getString();
			String name = parser.nextName();
			if ("v".equals(name)) {
				expect(parser.nextToken() == JsonToken.VALUE_NUMBER_INT, "the version as a number");
				name = parser.nextName();
			}
			expect("d".equals(name), "\"d\" after the type");
			ObjectReader reader = reader(typeName);
			Object value = (parser.nextToken() == JsonToken.VALUE_NULL) ? null : reader.readValue(parser);
			expect(parser.nextToken() == JsonToken.END_OBJECT, "the end after \"d\"");
			expect(parser.nextToken() == null, "nothing after the envelope");
			return value;
		}
		catch (JacksonException ex) {
			RejectedValueException rejected = rejectedCause(ex);
			if (rejected != null) {
				throw rejected;
			}
			throw new RejectedValueException(RejectedValueException.Reason.UNREADABLE, null,
					"Could not read a cached value: " + ex.getOriginalMessage(), ex);
		}
	}

	private static void expect(boolean condition, String what) {
		if (!condition) {
			throw new RejectedValueException(RejectedValueException.Reason.UNREADABLE,
					"Cached value is not in the write-through envelope: expected " + what);
		}
	}

	private ObjectReader reader(String canonical) {
		ObjectReader reader = this.readers.get(canonical);
		if (reader == null) {
			checkAllowed(canonical, "read");
			reader = this.mapper.readerFor(this.mapper.getTypeFactory().constructFromCanonical(canonical));
			this.readers.put(canonical, reader);
		}
		return reader;
	}

	private void checkAllowed(String canonical, String operation) {
		Matcher matcher = CLASS_NAME.matcher(canonical);
		while (matcher.find()) {
			String className = matcher.group();
			if (!this.allowList.isAllowed(className)) {
				throw new DisallowedTypeException(className, notAllowedMessage(className, operation));
			}
		}
	}

	static String notAllowedMessage(String className, String operation) {
		if (operation.equals("read")) {
			return "Type not allowed: a cached value names " + className + ", which is not on the cache's type"
					+ " allow-list, so it was not instantiated (read refused) and the read goes to the database. If"
					+ " your application caches values of this type, it is missing from the allow-list; if not,"
					+ " something else wrote this value to Redis";
		}
		return "Type not allowed: " + className + " is not on the cache's type allow-list (" + operation
				+ " refused), so the value is not cached. Return it from a method annotated with @Cacheable or"
				+ " @WriteThrough so it is allowed at start-up, or add it to"
				+ " 'write-through.serialization.allowed-types' (or its package to"
				+ " 'write-through.serialization.allowed-packages')";
	}

	private static @Nullable RejectedValueException rejectedCause(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RejectedValueException rejected) {
				return rejected;
			}
		}
		return null;
	}

	private static String at(JacksonException ex) {
		if (!(ex instanceof DatabindException databind) || databind.getPath().isEmpty()) {
			return "";
		}
		StringBuilder path = new StringBuilder();
		for (JacksonException.Reference reference : databind.getPath()) {
			if (reference.getPropertyName() != null) {
				path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				path.append('[').append(reference.getIndex()).append(']');
			}
		}
		return path.isEmpty() ? "" : " (at '" + path + "')";
	}

	// The type a reader will build: collections and maps as the JDK's plain mutable
	// ones, Spring Data results as their interfaces.
	private JavaType readType(Object value) {
		TypeFactory types = this.mapper.getTypeFactory();
		if (value instanceof Set<?> set) {
			return types.constructCollectionType(LinkedHashSet.class, elementType(set));
		}
		if (value instanceof Collection<?> collection) {
			return types.constructCollectionType(java.util.ArrayList.class, elementType(collection));
		}
		if (value instanceof Map<?, ?> map) {
			return types.constructMapType(LinkedHashMap.class, elementType(map.keySet()), elementType(map.values()));
		}
		if (PersistentStateTypes.SPRING_DATA_PRESENT) {
			JavaType result = SpringDataResultTypes.readType(types, value);
			if (result != null) {
				return result;
			}
		}
		return types.constructType(PersistentStateTypes.persistentClass(value));
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

	// The most specific class of the elements: each element of a subclass carries its
	// own (an entity hierarchy, a sealed interface).
	static Class<?> elementType(Collection<?> elements) {
		Class<?> type = null;
		Iterator<?> iterator = elements.iterator();
		while (iterator.hasNext()) {
			Object element = iterator.next();
			if (element == null) {
				continue;
			}
			Class<?> elementClass = PersistentStateTypes.persistentClass(element);
			type = (type == null) ? elementClass : PersistentStateTypes.commonSuperclass(type, elementClass);
		}
		return (type != null) ? type : Object.class;
	}

}
