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

import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import tools.jackson.core.TreeNode;
import tools.jackson.databind.DefaultTyping;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;
import tools.jackson.databind.jsontype.impl.DefaultTypeResolverBuilder;

/**
 * Decides which values carry their concrete class: those whose declared type does not say
 * how to build them ({@code Object}, an interface or abstract class other than a
 * collection or map) and those whose declared type is a non-final application class,
 * which an entity subclass may stand in for. JDK value types, records, enums, final
 * classes, collections and maps never do.
 *
 * @author write-through
 */
final class PersistentStateTyping extends DefaultTypeResolverBuilder {

	private static final long serialVersionUID = 1L;

	PersistentStateTyping(PolymorphicTypeValidator validator, JsonTypeInfo.As includeAs, String propertyName) {
		super(validator, DefaultTyping.NON_FINAL, includeAs, JsonTypeInfo.Id.CLASS, propertyName);
	}

	private PersistentStateTyping(PersistentStateTyping base, Class<?> defaultImpl) {
		super(base, defaultImpl);
	}

	@Override
	public PersistentStateTyping withDefaultImpl(Class<?> defaultImpl) {
		return new PersistentStateTyping(this, defaultImpl);
	}

	@Override
	public boolean useForType(JavaType type) {
		JavaType declared = type;
		while (declared.isArrayType() || declared.isReferenceType()) {
			declared = declared.isArrayType() ? declared.getContentType() : declared.getReferencedType();
		}
		Class<?> raw = declared.getRawClass();
		if (raw == Object.class) {
			return true;
		}
		if (declared.isPrimitive() || declared.isEnumType() || declared.isRecordType() || declared.isContainerType()
				|| Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
				|| TreeNode.class.isAssignableFrom(raw) || Modifier.isFinal(raw.getModifiers())) {
			return false;
		}
		if (raw.isInterface() || Modifier.isAbstract(raw.getModifiers())) {
			return !raw.getName().startsWith("org.springframework.data.domain.");
		}
		return isApplicationType(raw);
	}

	/**
	 * Whether a class belongs to the application rather than to the JDK or a library
	 * whose types the cache writes as plain values.
	 * @param type the class
	 * @return {@code true} for an application class
	 */
	static boolean isApplicationType(Class<?> type) {
		String name = type.getName();
		return !(name.startsWith("java.") || name.startsWith("javax.") || name.startsWith("jakarta.")
				|| name.startsWith("jdk.") || name.startsWith("sun.") || name.startsWith("kotlin.")
				|| name.startsWith("tools.jackson.") || name.startsWith("com.fasterxml.jackson.")
				|| name.startsWith("org.springframework.") || name.startsWith("org.hibernate."));
	}

}
