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
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.BridgeMethodResolver;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * Finds the write operations of a method: on the method itself, on the most specific
 * implementation in the target class, or on a method of one of the target's interfaces
 * that overrides it (so an annotation on a Spring Data repository interface is found
 * whichever of its super-interfaces the caller used).
 *
 * @author write-through
 */
final class WriteThroughOperationSource {

	private final Map<MethodClassKey, MethodWrites> operations = new ConcurrentHashMap<>(256);

	private final Set<String> writeBehindCaches;

	/**
	 * Create a new instance for an application without write-behind caches.
	 */
	WriteThroughOperationSource() {
		this(Set.of());
	}

	/**
	 * Create a new instance.
	 * @param writeBehindCaches the names of the write-behind caches: a method that writes
	 * them takes the write-behind path
	 */
	WriteThroughOperationSource(Set<String> writeBehindCaches) {
		Assert.notNull(writeBehindCaches, "writeBehindCaches must not be null");
		this.writeBehindCaches = Set.copyOf(writeBehindCaches);
	}

	/**
	 * The write operations of a method invoked on a target, and the path its writes take,
	 * decided once per method.
	 * @param method the invoked method
	 * @param targetClass the target's class, if known
	 * @return the operations, empty if the method is not annotated
	 */
	MethodWrites getOperations(Method method, @Nullable Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class) {
			return MethodWrites.NONE;
		}
		return this.operations.computeIfAbsent(new MethodClassKey(method, targetClass),
				(key) -> classify(findOperations(method, targetClass)));
	}

	// All or none: a method's writes either wait for the database or do not. The
	// validator refuses a mix at start-up; a method it did not see is refused when
	// called.
	private MethodWrites classify(List<WriteOperation> found) {
		if (found.isEmpty()) {
			return MethodWrites.NONE;
		}
		int writeBehind = 0;
		int others = 0;
		for (WriteOperation operation : found) {
			for (String cacheName : operation.cacheNames()) {
				if (this.writeBehindCaches.contains(cacheName)) {
					writeBehind++;
				}
				else {
					others++;
				}
			}
		}
		if (writeBehind > 0 && others > 0) {
			return new MethodWrites(found, MethodWrites.Path.REFUSED);
		}
		return new MethodWrites(found,
				(writeBehind > 0) ? MethodWrites.Path.WRITE_BEHIND : MethodWrites.Path.TRANSACTIONAL);
	}

	/**
	 * Whether a method carries a write annotation itself (not through an override).
	 * @param method the method
	 * @return {@code true} if it is annotated
	 */
	static boolean isAnnotated(Method method) {
		return AnnotatedElementUtils.hasAnnotation(method, WriteThrough.class)
				|| AnnotatedElementUtils.hasAnnotation(method, WriteThroughEvict.class);
	}

	static List<WriteOperation> parse(Method method) {
		List<WriteOperation> found = new ArrayList<>(1);
		WriteThrough write = AnnotatedElementUtils.findMergedAnnotation(method, WriteThrough.class);
		if (write != null) {
			found.add(WriteOperation.of(method, write));
		}
		WriteThroughEvict evict = AnnotatedElementUtils.findMergedAnnotation(method, WriteThroughEvict.class);
		if (evict != null) {
			found.add(WriteOperation.of(method, evict));
		}
		return List.copyOf(found);
	}

	private static List<WriteOperation> findOperations(Method method, @Nullable Class<?> targetClass) {
		Method specific = BridgeMethodResolver.findBridgedMethod(AopUtils.getMostSpecificMethod(method, targetClass));
		List<WriteOperation> found = parse(specific);
		if (found.isEmpty() && specific != method) {
			found = parse(method);
		}
		if (found.isEmpty() && targetClass != null) {
			Method overriding = findOverridingInterfaceMethod(method, targetClass);
			if (overriding != null) {
				found = parse(overriding);
			}
		}
		return found;
	}

	private static @Nullable Method findOverridingInterfaceMethod(Method method, Class<?> targetClass) {
		if (Modifier.isStatic(method.getModifiers())) {
			return null;
		}
		for (Class<?> candidateInterface : ClassUtils.getAllInterfacesForClassAsSet(targetClass)) {
			if (candidateInterface == method.getDeclaringClass()
					|| !method.getDeclaringClass().isAssignableFrom(candidateInterface)) {
				continue;
			}
			for (Method candidate : candidateInterface.getDeclaredMethods()) {
				if (overrides(candidate, method) && isAnnotated(candidate)) {
					return candidate;
				}
			}
		}
		return null;
	}

	private static boolean overrides(Method candidate, Method method) {
		if (!candidate.getName().equals(method.getName())
				|| candidate.getParameterCount() != method.getParameterCount()) {
			return false;
		}
		Class<?>[] candidateTypes = candidate.getParameterTypes();
		Class<?>[] methodTypes = method.getParameterTypes();
		for (int i = 0; i < candidateTypes.length; i++) {
			if (!methodTypes[i].isAssignableFrom(candidateTypes[i])) {
				return false;
			}
		}
		return true;
	}

}
