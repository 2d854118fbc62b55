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

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.ObjectIdGenerators;
import com.fasterxml.jackson.annotation.SimpleObjectIdResolver;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.PropertyName;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.AnnotatedClass;
import tools.jackson.databind.introspect.AnnotatedConstructor;
import tools.jackson.databind.introspect.AnnotatedMember;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.introspect.ObjectIdInfo;
import tools.jackson.databind.introspect.VisibilityChecker;

/**
 * Jackson's annotation introspector with the annotations that would drop persistent state
 * turned off, persistence's own {@code @Transient} honoured, and identity for objects of
 * application classes.
 *
 * @author write-through
 */
final class PersistentStateIntrospector extends JacksonAnnotationIntrospector {

	private static final ObjectIdInfo IDENTITY = new ObjectIdInfo(
			PropertyName.construct(PersistentStateMapper.IDENTITY_PROPERTY), Object.class,
			ObjectIdGenerators.IntSequenceGenerator.class, SimpleObjectIdResolver.class);

	@Override
	public boolean hasIgnoreMarker(MapperConfig<?> config, AnnotatedMember member) {
		return PersistentStateTypes.isLeftOut(member.getName(), member.annotations());
	}

	@Override
	public @Nullable Boolean isIgnorableType(MapperConfig<?> config, AnnotatedClass annotatedClass) {
		return null;
	}

	@Override
	public JsonIgnoreProperties.Value findPropertyIgnoralByName(MapperConfig<?> config, Annotated annotated) {
		return JsonIgnoreProperties.Value.empty();
	}

	@Override
	public VisibilityChecker findAutoDetectVisibility(MapperConfig<?> config, AnnotatedClass annotatedClass,
			VisibilityChecker checker) {
		return checker;
	}

	@Override
	public JsonProperty.@Nullable Access findPropertyAccess(MapperConfig<?> config, Annotated annotated) {
		return null;
	}

	@Override
	public @Nullable ReferenceProperty findReferenceType(MapperConfig<?> config, AnnotatedMember member) {
		return null;
	}

	@Override
	public Class<?> @Nullable [] findViews(MapperConfig<?> config, Annotated annotated) {
		return null;
	}

	// A class with a no-arg constructor is built with it and then field by field, as JPA
	// and Spring Data build it: another constructor may compute or check what it is
	// given, and would not receive state that is not among its parameters.
	@Override
	public JsonCreator.@Nullable Mode findCreatorAnnotation(MapperConfig<?> config, Annotated annotated) {
		JsonCreator.Mode mode = super.findCreatorAnnotation(config, annotated);
		if (mode == null && annotated instanceof AnnotatedConstructor constructor && constructor.getParameterCount() > 0
				&& !constructor.getDeclaringClass().isRecord()
				&& hasNoArgConstructor(constructor.getDeclaringClass())) {
			return JsonCreator.Mode.DISABLED;
		}
		return mode;
	}

	@Override
	public @Nullable ObjectIdInfo findObjectIdInfo(MapperConfig<?> config, Annotated annotated) {
		if (annotated instanceof AnnotatedClass annotatedClass && hasIdentity(annotatedClass.getRawType())) {
			return IDENTITY;
		}
		return super.findObjectIdInfo(config, annotated);
	}

	// Objects built field by field (a no-arg constructor) can be referred to before they
	// are complete, which a back-reference needs; records and value types cannot.
	static boolean hasIdentity(Class<?> type) {
		if (type.isEnum() || type.isRecord() || type.isInterface() || type.isArray() || type.isPrimitive()
				|| !PersistentStateTyping.isApplicationType(type)) {
			return false;
		}
		return Modifier.isAbstract(type.getModifiers()) || hasNoArgConstructor(type);
	}

	private static boolean hasNoArgConstructor(Class<?> type) {
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			if (constructor.getParameterCount() == 0) {
				return true;
			}
		}
		return false;
	}

}
