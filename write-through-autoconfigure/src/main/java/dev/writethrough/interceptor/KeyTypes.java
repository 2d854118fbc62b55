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

import java.beans.PropertyDescriptor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeanUtils;
import org.springframework.core.ResolvableType;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * What the starter knows statically about the type of a key expression, and which key
 * types can become a Redis key.
 *
 * @author write-through
 */
final class KeyTypes {

	private static final Pattern INDEXED_PARAMETER = Pattern.compile("[ap](\\d+)");

	private KeyTypes() {
	}

	/**
	 * Whether values of a type can become part of a Redis key: strings, numbers, enums,
	 * UUIDs and primitives, and types that declare their own {@code toString()}. An
	 * interface, an abstract class or {@code Object} is not decided here.
	 * @param type the key's type
	 * @return {@code false} only if every value of the type would use
	 * {@code Object.toString()}
	 */
	static boolean isUsableKeyType(Class<?> type) {
		if (type.isPrimitive() || CharSequence.class.isAssignableFrom(type) || Number.class.isAssignableFrom(type)
				|| type.isEnum() || type == UUID.class || type == Boolean.class || type == Character.class) {
			return true;
		}
		if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type == Object.class || type.isArray()) {
			return true;
		}
		Method toString = ReflectionUtils.findMethod(type, "toString");
		return toString != null && toString.getDeclaringClass() != Object.class;
	}

	/**
	 * The type of a key expression when it is a variable ({@code #id}, {@code #p0},
	 * {@code #result}, {@code #element}) or a chain of properties of one
	 * ({@code #result.id}).
	 * @param ast the parsed expression
	 * @param operation the operation whose key it is
	 * @param beanType the bean's type, to resolve generics
	 * @param evaluator for the method's parameter names
	 * @return the type, or {@code null} when it is not known statically
	 */
	static @Nullable ResolvableType staticType(SpelNode ast, WriteOperation operation, Class<?> beanType,
			WriteExpressionEvaluator evaluator) {
		SpelNode root = (ast instanceof CompoundExpression) ? ast.getChild(0) : ast;
		if (!(root instanceof VariableReference)) {
			return null;
		}
		ResolvableType type = variableType(root.toStringAST().substring(1), operation, beanType, evaluator);
		for (int i = 1; ast instanceof CompoundExpression && i < ast.getChildCount() && type != null; i++) {
			if (!(ast.getChild(i) instanceof PropertyOrFieldReference property)) {
				return null;
			}
			type = propertyType(type, property.getName());
		}
		return type;
	}

	private static @Nullable ResolvableType variableType(String name, WriteOperation operation, Class<?> beanType,
			WriteExpressionEvaluator evaluator) {
		Method method = operation.method();
		if (name.equals(WriteExpressionEvaluator.RESULT_VARIABLE)) {
			return unwrapOptional(ResolvableType.forMethodReturnType(method, beanType));
		}
		if (name.equals(WriteOperation.ELEMENT_VARIABLE)) {
			ResolvableType source = (operation.kind() == WriteOperation.Kind.WRITE)
					? unwrapOptional(ResolvableType.forMethodReturnType(method, beanType))
					: firstIterable(method, beanType);
			if (source == null) {
				return null;
			}
			return source.isArray() ? source.getComponentType() : source.as(Iterable.class).getGeneric(0);
		}
		Matcher indexed = INDEXED_PARAMETER.matcher(name);
		int index = -1;
		if (indexed.matches()) {
			index = Integer.parseInt(indexed.group(1));
		}
		else {
			@Nullable String[] names = evaluator.parameterNames(method);
			for (int i = 0; names != null && i < names.length; i++) {
				if (name.equals(names[i])) {
					index = i;
				}
			}
		}
		return (index >= 0 && index < method.getParameterCount())
				? ResolvableType.forMethodParameter(method, index, beanType) : null;
	}

	private static @Nullable ResolvableType firstIterable(Method method, Class<?> beanType) {
		for (int i = 0; i < method.getParameterCount(); i++) {
			Class<?> type = method.getParameterTypes()[i];
			if (Iterable.class.isAssignableFrom(type) || type.isArray()) {
				return ResolvableType.forMethodParameter(method, i, beanType);
			}
		}
		return null;
	}

	private static ResolvableType unwrapOptional(ResolvableType type) {
		return (type.toClass() == Optional.class) ? type.getGeneric(0) : type;
	}

	private static @Nullable ResolvableType propertyType(ResolvableType owner, String name) {
		Class<?> type = owner.resolve();
		if (type == null) {
			return null;
		}
		PropertyDescriptor descriptor = BeanUtils.getPropertyDescriptor(type, name);
		if (descriptor != null && descriptor.getReadMethod() != null) {
			return ResolvableType.forMethodReturnType(descriptor.getReadMethod(), type);
		}
		Method accessor = ClassUtils.getMethodIfAvailable(type, name);
		if (accessor != null && accessor.getReturnType() != void.class) {
			return ResolvableType.forMethodReturnType(accessor, type);
		}
		Field field = ReflectionUtils.findField(type, name);
		return (field != null && Modifier.isPublic(field.getModifiers())) ? ResolvableType.forField(field, owner)
				: null;
	}

}
