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
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * Builds the JSON mapper the cache stores values with. It is the cache's own, never the
 * application's web mapper, and it writes a value's persistent state as JPA field access
 * sees it:
 * <ul>
 * <li>fields, whatever their visibility, final or not, with or without getters and
 * setters; getters and setters are not used. Static, {@code transient}, JPA
 * {@code @Transient} and Spring Data {@code @Transient} fields are not persistent state
 * and are left out;</li>
 * <li>Jackson annotations that would drop persistent state ({@code @JsonIgnore},
 * {@code @JsonIgnoreProperties}, {@code @JsonIgnoreType}, {@code @JsonBackReference},
 * {@code @JsonManagedReference}, {@code @JsonView}, read- or write-only access,
 * {@code @JsonAutoDetect}) are ignored; the rest ({@code @JsonCreator}, custom
 * serializers, renames) still apply;</li>
 * <li>objects of application classes keep their identity inside one value, so
 * bidirectional associations and shared references come back as one object;</li>
 * <li>a value whose declared type is abstract, {@code Object} or a non-final application
 * class (an entity with subclasses) carries its concrete class, which is read back only
 * if it is on the {@link SerializationAllowList};</li>
 * <li>Hibernate proxies are written as the entity they stand for, and an uninitialized
 * lazy association is refused ({@link RejectedValueException.Reason#LAZY}) instead of
 * being written as empty;</li>
 * <li>Spring Data's {@code Page}, {@code Slice} and {@code Window} keep their content,
 * pageable, sort, total and scroll positions.</li>
 * </ul>
 *
 * @author write-through
 */
public final class PersistentStateMapper {

	/** The property that carries the concrete class of a polymorphic value. */
	static final String TYPE_PROPERTY = "@type";

	/** The property that carries an object's identity inside one value. */
	static final String IDENTITY_PROPERTY = "@id";

	private PersistentStateMapper() {
	}

	/**
	 * A builder of the cache's mapper, to customize before building it.
	 * @param allowList the types a polymorphic value may be read back as
	 * @return the builder
	 */
	public static JsonMapper.Builder builder(SerializationAllowList allowList) {
		Assert.notNull(allowList, "allowList must not be null");
		JsonMapper.Builder builder = JsonMapper.builder()
			.changeDefaultVisibility((visibility) -> visibility.withFieldVisibility(Visibility.ANY)
				.withGetterVisibility(Visibility.NONE)
				.withIsGetterVisibility(Visibility.NONE)
				.withSetterVisibility(Visibility.NONE)
				.withCreatorVisibility(Visibility.ANY))
			.annotationIntrospector(new PersistentStateIntrospector())
			.setDefaultTyping(new PersistentStateTyping(new AllowListTypeValidator(allowList), JsonTypeInfo.As.PROPERTY,
					TYPE_PROPERTY))
			.disable(MapperFeature.USE_GETTERS_AS_SETTERS)
			.disable(MapperFeature.INFER_PROPERTY_MUTATORS)
			.enable(MapperFeature.ALLOW_FINAL_FIELDS_AS_MUTATORS)
			.enable(MapperFeature.CAN_OVERRIDE_ACCESS_MODIFIERS)
			.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
			.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
		SimpleModule collections = new SimpleModule("write-through-collections");
		// A set keeps its order through the cache (an @OrderBy set, a LinkedHashSet
		// field).
		collections.addAbstractTypeMapping(Set.class, LinkedHashSet.class);
		collections.addAbstractTypeMapping(Collection.class, ArrayList.class);
		builder.addModule(collections);
		if (PersistentStateTypes.HIBERNATE_PRESENT) {
			builder.addModule(new HibernateStateModule());
		}
		if (PersistentStateTypes.SPRING_DATA_PRESENT) {
			builder.addModule(new SpringDataResultsModule());
		}
		return builder;
	}

	/**
	 * The cache's value serializer: JSON written by a mapper of {@link #builder}, each
	 * value wrapped with its type, read back only as a type the allow-list names.
	 * @param mapper the mapper, built from {@link #builder} and customized
	 * @param allowList the types a value may be read back as
	 * @return the serializer
	 */
	public static RedisSerializer<Object> serializer(JsonMapper mapper, SerializationAllowList allowList) {
		return new JsonValueSerializer(mapper, allowList);
	}

}
