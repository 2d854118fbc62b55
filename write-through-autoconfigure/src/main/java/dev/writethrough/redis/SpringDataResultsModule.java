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
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.deser.Deserializers;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.ser.Serializers;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.TypeFactory;

import org.springframework.data.domain.KeysetScrollPosition;
import org.springframework.data.domain.OffsetScrollPosition;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

/**
 * Writes Spring Data's query results ({@code Page}, {@code Slice}, {@code Window}) with
 * everything a caller reads from them, and reads them back as Spring Data's own
 * implementations: content, page number and size, sort, total, whether there is more, and
 * scroll positions.
 *
 * @author write-through
 */
final class SpringDataResultsModule extends JacksonModule {

	@Override
	public String getModuleName() {
		return "write-through-spring-data-results";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addSerializers(new ResultSerializers());
		context.addDeserializers(new ResultDeserializers());
	}

	private static @Nullable Class<?> resultType(Class<?> raw) {
		if (Page.class.isAssignableFrom(raw)) {
			return Page.class;
		}
		if (Slice.class.isAssignableFrom(raw)) {
			return Slice.class;
		}
		if (Window.class.isAssignableFrom(raw)) {
			return Window.class;
		}
		return null;
	}

	private static JavaType contentType(TypeFactory types, JavaType type, Class<?> resultType) {
		JavaType[] parameters = types.findTypeParameters(type, resultType);
		JavaType element = (parameters.length == 1) ? parameters[0] : types.constructType(Object.class);
		return types.constructCollectionType(List.class, element);
	}

	private static final class ResultSerializers implements Serializers {

		@Override
		public @Nullable ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type,
				BeanDescription.Supplier beanDescription, JsonFormat.Value formatOverrides) {
			Class<?> resultType = resultType(type.getRawClass());
			return (resultType != null)
					? new ResultSerializer(resultType, contentType(config.getTypeFactory(), type, resultType)) : null;
		}

	}

	private static final class ResultDeserializers implements Deserializers {

		@Override
		public @Nullable ValueDeserializer<?> findBeanDeserializer(JavaType type, DeserializationConfig config,
				BeanDescription.Supplier beanDescription) {
			Class<?> raw = type.getRawClass();
			Class<?> resultType = (raw == Page.class || raw == PageImpl.class) ? Page.class
					: (raw == Slice.class || raw == SliceImpl.class) ? Slice.class
							: (raw == Window.class) ? Window.class : null;
			return (resultType != null)
					? new ResultDeserializer(resultType, contentType(config.getTypeFactory(), type, resultType)) : null;
		}

		@Override
		public boolean hasDeserializerFor(DeserializationConfig config, Class<?> valueType) {
			return valueType == Page.class || valueType == PageImpl.class || valueType == Slice.class
					|| valueType == SliceImpl.class || valueType == Window.class;
		}

	}

	private static final class ResultSerializer extends StdSerializer<Object> {

		private final Class<?> resultType;

		private final JavaType contentType;

		ResultSerializer(Class<?> resultType, JavaType contentType) {
			super(Object.class);
			this.resultType = resultType;
			this.contentType = contentType;
		}

		@Override
		public void serialize(Object value, JsonGenerator generator, SerializationContext context) {
			generator.writeStartObject();
			generator.writeName("content");
			List<?> content = (value instanceof Window<?> window) ? window.getContent()
					: ((Slice<?>) value).getContent();
			context.findRootValueSerializer(this.contentType).serialize(content, generator, context);
			if (value instanceof Window<?> window) {
				generator.writeBooleanProperty("hasNext", window.hasNext());
				generator.writeName("positions");
				generator.writeStartArray();
				for (int i = 0; i < window.size(); i++) {
					writePosition(window.positionAt(i), generator, context);
				}
				generator.writeEndArray();
			}
			else {
				Slice<?> slice = (Slice<?>) value;
				writePageable(slice.getPageable(), slice.getSort(), generator);
				if (this.resultType == Page.class) {
					generator.writeNumberProperty("total", ((Page<?>) slice).getTotalElements());
				}
				else {
					generator.writeBooleanProperty("hasNext", slice.hasNext());
				}
			}
			generator.writeEndObject();
		}

		private static void writePageable(Pageable pageable, Sort sort, JsonGenerator generator) {
			if (pageable.isPaged()) {
				generator.writeNumberProperty("page", pageable.getPageNumber());
				generator.writeNumberProperty("size", pageable.getPageSize());
			}
			generator.writeName("sort");
			generator.writeStartArray();
			for (Sort.Order order : sort) {
				generator.writeStartObject();
				generator.writeStringProperty("property", order.getProperty());
				generator.writeStringProperty("direction", order.getDirection().name());
				generator.writeBooleanProperty("ignoreCase", order.isIgnoreCase());
				generator.writeStringProperty("nullHandling", order.getNullHandling().name());
				generator.writeEndObject();
			}
			generator.writeEndArray();
		}

		private static void writePosition(ScrollPosition position, JsonGenerator generator,
				SerializationContext context) {
			generator.writeStartObject();
			if (position instanceof OffsetScrollPosition offset) {
				if (!offset.isInitial()) {
					generator.writeNumberProperty("offset", offset.getOffset());
				}
			}
			else if (position instanceof KeysetScrollPosition keyset) {
				generator.writeStringProperty("direction", keyset.getDirection().name());
				generator.writeName("keys");
				JavaType keysType = context.getTypeFactory().constructMapType(Map.class, String.class, Object.class);
				context.findRootValueSerializer(keysType).serialize(keyset.getKeys(), generator, context);
			}
			else {
				throw new RejectedValueException(RejectedValueException.Reason.UNSERIALIZABLE, "Scroll position "
						+ position + " of a Window cannot be cached: only offset and keyset" + " positions can");
			}
			generator.writeEndObject();
		}

	}

	private static final class ResultDeserializer extends StdDeserializer<Object> {

		private final Class<?> resultType;

		private final JavaType contentType;

		ResultDeserializer(Class<?> resultType, JavaType contentType) {
			super(resultType);
			this.resultType = resultType;
			this.contentType = contentType;
		}

		@Override
		public Object deserialize(JsonParser parser, DeserializationContext context) {
			List<Object> content = List.of();
			List<ScrollPosition> positions = new ArrayList<>();
			List<Sort.Order> orders = new ArrayList<>();
			int page = -1;
			int size = -1;
			long total = 0;
			boolean hasNext = false;
			for (String name = parser.nextName(); name != null; name = parser.nextName()) {
				JsonToken token = parser.nextToken();
				switch (name) {
					case "content" -> content = context.readValue(parser, this.contentType);
					case "page" -> page = parser.getIntValue();
					case "size" -> size = parser.getIntValue();
					case "total" -> total = parser.getLongValue();
					case "hasNext" -> hasNext = token == JsonToken.VALUE_TRUE;
					case "sort" -> readOrders(parser, orders);
					case "positions" -> readPositions(parser, context, positions);
					default -> parser.skipChildren();
				}
			}
			Sort sort = Sort.by(orders);
			Pageable pageable = (page >= 0) ? PageRequest.of(page, size, sort) : Pageable.unpaged(sort);
			if (this.resultType == Page.class) {
				return new PageImpl<>(content, pageable, total);
			}
			if (this.resultType == Slice.class) {
				return new SliceImpl<>(content, pageable, hasNext);
			}
			List<ScrollPosition> windowPositions = List.copyOf(positions);
			return Window.from(content, windowPositions::get, hasNext);
		}

		private static void readOrders(JsonParser parser, List<Sort.Order> orders) {
			while (parser.nextToken() == JsonToken.START_OBJECT) {
				String property = null;
				Sort.Direction direction = Sort.Direction.ASC;
				boolean ignoreCase = false;
				Sort.NullHandling nullHandling = Sort.NullHandling.NATIVE;
				for (String name = parser.nextName(); name != null; name = parser.nextName()) {
					JsonToken token = parser.nextToken();
					switch (name) {
						case "property" -> property = parser.getString();
						case "direction" -> direction = Sort.Direction.valueOf(parser.getString());
						case "ignoreCase" -> ignoreCase = token == JsonToken.VALUE_TRUE;
						case "nullHandling" -> nullHandling = Sort.NullHandling.valueOf(parser.getString());
						default -> parser.skipChildren();
					}
				}
				Sort.Order order = new Sort.Order(direction, property, nullHandling);
				orders.add(ignoreCase ? order.ignoreCase() : order);
			}
		}

		private static void readPositions(JsonParser parser, DeserializationContext context,
				List<ScrollPosition> positions) {
			JavaType keysType = context.getTypeFactory().constructMapType(Map.class, String.class, Object.class);
			while (parser.nextToken() == JsonToken.START_OBJECT) {
				Long offset = null;
				Map<String, Object> keys = null;
				ScrollPosition.Direction direction = ScrollPosition.Direction.FORWARD;
				for (String name = parser.nextName(); name != null; name = parser.nextName()) {
					parser.nextToken();
					switch (name) {
						case "offset" -> offset = parser.getLongValue();
						case "direction" -> direction = ScrollPosition.Direction.valueOf(parser.getString());
						case "keys" -> keys = context.readValue(parser, keysType);
						default -> parser.skipChildren();
					}
				}
				positions.add((keys != null) ? ScrollPosition.of(keys, direction)
						: (offset != null) ? ScrollPosition.offset(offset) : ScrollPosition.offset());
			}
		}

	}

}
