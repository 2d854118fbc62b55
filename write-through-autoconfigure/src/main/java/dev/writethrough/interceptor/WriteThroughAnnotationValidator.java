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
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.writethrough.redis.CacheKeys;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.redis.SerializationAllowList;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.annotation.AnnotationCacheOperationSource;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.interceptor.CacheOperation;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Checks every write annotation once all beans exist, and fails the application start
 * with one message that lists each problem and names its method: a method Spring cannot
 * proxy, a missing key or cache, an unknown cache (when caches are declared), an
 * expression that does not parse or refers to a parameter the method does not have.
 * <p>
 * While it looks, it allows the types the annotated methods (and {@code @Cacheable}
 * methods) take and return on the {@link SerializationAllowList}.
 *
 * @author write-through
 */
final class WriteThroughAnnotationValidator implements SmartInitializingSingleton {

	private static final Pattern INDEXED_PARAMETER = Pattern.compile("[ap]\\d+");

	private static final Set<String> BUILT_IN_VARIABLES = Set.of(WriteExpressionEvaluator.RESULT_VARIABLE,
			WriteOperation.ELEMENT_VARIABLE, "root", "this");

	private final ListableBeanFactory beanFactory;

	private final Set<String> declaredCaches;

	private final Set<String> writeBehindCaches;

	private final @Nullable SerializationAllowList allowList;

	private final WriteExpressionEvaluator evaluator;

	private static final Log logger = LogFactory.getLog(WriteThroughAnnotationValidator.class);

	private final EntityVersions versions = new EntityVersions();

	// Public methods only too: Spring's caching does not intercept the others.
	private final AnnotationCacheOperationSource cacheOperations = new AnnotationCacheOperationSource(false);

	/**
	 * Create a new instance.
	 * @param beanFactory the beans to check
	 * @param declaredCaches the declared cache names; empty if any name may be used
	 * @param allowList where to allow the types found, or {@code null}
	 */
	WriteThroughAnnotationValidator(ListableBeanFactory beanFactory, Set<String> declaredCaches,
			@Nullable SerializationAllowList allowList) {
		this(beanFactory, declaredCaches, Set.of(), allowList);
	}

	/**
	 * Create a new instance that also checks the use of write-behind caches.
	 * @param beanFactory the beans to check
	 * @param declaredCaches the declared cache names; empty if any name may be used
	 * @param writeBehindCaches the names of the write-behind caches
	 * @param allowList where to allow the types found, or {@code null}
	 */
	WriteThroughAnnotationValidator(ListableBeanFactory beanFactory, Set<String> declaredCaches,
			Set<String> writeBehindCaches, @Nullable SerializationAllowList allowList) {
		this.beanFactory = beanFactory;
		this.declaredCaches = Set.copyOf(declaredCaches);
		this.writeBehindCaches = Set.copyOf(writeBehindCaches);
		this.allowList = allowList;
		this.evaluator = new WriteExpressionEvaluator(null);
	}

	@Override
	public void afterSingletonsInstantiated() {
		Findings findings = check();
		findings.warnings().forEach(logger::warn);
		List<String> problems = findings.problems();
		if (!problems.isEmpty()) {
			throw new IllegalStateException("write-through found " + problems.size()
					+ " problem(s) in its annotations; fix them and start again:\n - "
					+ String.join("\n - ", problems));
		}
		this.beanFactory.getBeanProvider(WriteThroughCacheManager.class)
			.ifAvailable((caches) -> findings.readTypes().forEach(caches::expectValueTypes));
	}

	/**
	 * What the annotations allow but a user should know: entities saved through
	 * {@code @WriteThrough} without optimistic locking.
	 * @return one warning per entity type, empty if none
	 */
	List<String> warnings() {
		return check().warnings();
	}

	private static String unversionedWarning(Class<?> entity, Method method) {
		return "Entity " + entity.getName() + " is saved through @WriteThrough ("
				+ WriteThroughInterceptor.describe(method) + ") and has no @Version: a copy read from the cache and"
				+ " saved back silently overwrites whatever was committed since it was cached, by this application or"
				+ " another. Add a version field (@jakarta.persistence.Version or"
				+ " @org.springframework.data.annotation.Version) so that such a save fails with an optimistic"
				+ " locking exception, as it would without the cache";
	}

	// The entity a write caches, when the value is the method's result and the result is
	// a JPA entity or a Spring Data aggregate (one, or a collection of them).
	private static @Nullable Class<?> writtenEntity(WriteOperation operation, Class<?> beanType) {
		if (operation.kind() != WriteOperation.Kind.WRITE || !operation.value().isEmpty()) {
			return null;
		}
		ResolvableType returned = ResolvableType.forMethodReturnType(operation.method(), beanType);
		Class<?> type = returned.toClass();
		if (type == Optional.class || Iterable.class.isAssignableFrom(type)) {
			type = returned.getGeneric(0).toClass();
		}
		return isEntity(type) ? type : null;
	}

	private static boolean isEntity(Class<?> type) {
		if (Arrays.stream(type.getAnnotations())
			.anyMatch((annotation) -> annotation.annotationType().getName().equals("jakarta.persistence.Entity"))) {
			return true;
		}
		for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
			for (java.lang.reflect.Field field : current.getDeclaredFields()) {
				if (Arrays.stream(field.getAnnotations())
					.anyMatch((annotation) -> annotation.annotationType()
						.getName()
						.equals("org.springframework.data.annotation.Id"))) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Checks all beans.
	 * @return the problems found, empty if none
	 */
	List<String> validate() {
		return check().problems();
	}

	private Findings check() {
		List<String> problems = new ArrayList<>();
		Map<Class<?>, Method> unversioned = new LinkedHashMap<>();
		Map<String, Set<ResolvableType>> readTypes = new LinkedHashMap<>();
		Set<Method> seen = new HashSet<>();
		boolean starterCaches = this.beanFactory.getBeanNamesForType(WriteThroughCacheManager.class, false,
				false).length > 0;
		for (String beanName : this.beanFactory.getBeanDefinitionNames()) {
			Class<?> beanType = this.beanFactory.getType(beanName, false);
			if (beanType == null) {
				continue;
			}
			for (Class<?> type : typesOf(beanType)) {
				for (Method method : type.getDeclaredMethods()) {
					if (method.isSynthetic() || !seen.add(method)) {
						continue;
					}
					List<WriteOperation> operations = WriteThroughOperationSource.parse(method);
					for (WriteOperation operation : operations) {
						validate(operation, beanType, problems);
						Class<?> written = writtenEntity(operation, beanType);
						// A write-behind cache is written to the database from the cache
						// itself.
						boolean writeBehind = operation.cacheNames()
							.stream()
							.allMatch(this.writeBehindCaches::contains);
						if (written != null && !writeBehind && operation.version().isEmpty()
								&& !this.versions.isVersioned(written)) {
							unversioned.putIfAbsent(written, method);
						}
					}
					validateWriteBehind(operations, problems);
					if (starterCaches) {
						validateSpringCacheNames(method, beanType, problems);
					}
					if (!operations.isEmpty() || AnnotatedElementUtils.hasAnnotation(method, Cacheable.class)
							|| AnnotatedElementUtils.hasAnnotation(method, CachePut.class)) {
						allowTypes(method, beanType, !operations.isEmpty());
					}
					collectReadTypes(method, beanType, readTypes);
				}
			}
		}
		List<String> warnings = new ArrayList<>();
		unversioned.forEach((entity, method) -> warnings.add(unversionedWarning(entity, method)));
		return new Findings(List.copyOf(problems), List.copyOf(warnings), readTypes);
	}

	private static Set<Class<?>> typesOf(Class<?> beanType) {
		Set<Class<?>> types = new LinkedHashSet<>();
		Class<?> userClass = ClassUtils.getUserClass(beanType);
		// A JDK proxy or a lambda only implements its interfaces: the annotations are
		// there.
		if (!Proxy.isProxyClass(userClass) && !userClass.isSynthetic()) {
			for (Class<?> type = userClass; type != null && type != Object.class; type = type.getSuperclass()) {
				if (!type.getName().startsWith("java.") && !type.getName().startsWith("jdk.")) {
					types.add(type);
				}
			}
		}
		for (Class<?> candidate : ClassUtils.getAllInterfacesForClassAsSet(beanType)) {
			if (!candidate.getName().startsWith("java.")) {
				types.add(candidate);
			}
		}
		return types;
	}

	// A write-behind write does not wait for the database and the others do: a method is
	// one or the other. A clear would drop cached values the database does not have yet.
	private void validateWriteBehind(List<WriteOperation> operations, List<String> problems) {
		if (this.writeBehindCaches.isEmpty() || operations.isEmpty()) {
			return;
		}
		Set<String> writeBehind = new LinkedHashSet<>();
		Set<String> others = new LinkedHashSet<>();
		for (WriteOperation operation : operations) {
			for (String cacheName : operation.cacheNames()) {
				(this.writeBehindCaches.contains(cacheName) ? writeBehind : others).add(cacheName);
			}
			if (operation.allEntries() && operation.cacheNames().stream().anyMatch(this.writeBehindCaches::contains)) {
				problems.add(operation.annotationName() + " on " + WriteThroughInterceptor.describe(operation.method())
						+ " clears write-behind cache(s) "
						+ operation.cacheNames().stream().filter(this.writeBehindCaches::contains).toList()
						+ " (allEntries), which would drop cached"
						+ " values the database does not have yet. Evict keys one by one");
			}
		}
		if (!writeBehind.isEmpty() && !others.isEmpty()) {
			problems.add(WriteThroughInterceptor.describe(operations.get(0).method())
					+ " writes to write-behind cache(s) " + writeBehind + " and to other caches " + others
					+ " at once; a write-behind write does not wait for"
					+ " the database and the others do. Split the method in two, or give its caches one strategy");
		}
	}

	// The starter's cache manager serves these names too: a name it cannot serve fails
	// here rather than at the first call.
	private void validateSpringCacheNames(Method method, Class<?> beanType, List<String> problems) {
		Collection<CacheOperation> operations;
		try {
			operations = this.cacheOperations.getCacheOperations(method, ClassUtils.getUserClass(beanType));
		}
		catch (RuntimeException ex) {
			// Spring's own validation reports a malformed annotation.
			return;
		}
		if (operations == null) {
			return;
		}
		for (CacheOperation operation : operations) {
			if (StringUtils.hasText(operation.getCacheManager()) || StringUtils.hasText(operation.getCacheResolver())) {
				// Served by a cache manager or resolver of the application's own.
				continue;
			}
			String where = "@" + annotationName(operation) + " on " + WriteThroughInterceptor.describe(method);
			for (String cacheName : operation.getCacheNames()) {
				validateCacheName(where, cacheName, problems);
			}
		}
	}

	private static String annotationName(CacheOperation operation) {
		String type = operation.getClass().getSimpleName();
		return type.endsWith("Operation") ? type.substring(0, type.length() - "Operation".length()) : type;
	}

	private void validateCacheName(String where, String cacheName, List<String> problems) {
		String reserved = CacheKeys.reservedCharacters(cacheName, CacheKeys.RESERVED_NAME_CHARACTERS);
		if (!reserved.isEmpty()) {
			problems.add(where + " uses cache '" + cacheName + "', whose name contains " + reserved
					+ " (reserved: : and { } mark the Redis key layout, * ? [ ] \\ are special in the SCAN patterns"
					+ " that clear a cache). Rename the cache");
		}
		else if (!this.declaredCaches.isEmpty() && !this.declaredCaches.contains(cacheName)) {
			problems.add(where + " uses cache '" + cacheName
					+ "', which is not declared under 'write-through.caches' (declared: "
					+ this.declaredCaches.stream().sorted().toList() + "). Declare it or fix the name");
		}
	}

	private void validate(WriteOperation operation, Class<?> beanType, List<String> problems) {
		Method method = operation.method();
		String where = operation.annotationName() + " on " + WriteThroughInterceptor.describe(method);
		int modifiers = method.getModifiers();
		if (Modifier.isPrivate(modifiers) || Modifier.isStatic(modifiers)) {
			problems.add(where + " cannot be intercepted: the method is "
					+ (Modifier.isPrivate(modifiers) ? "private" : "static")
					+ ". Make it a public instance method of a Spring bean");
			return;
		}
		if (!method.getDeclaringClass().isInterface()
				&& (Modifier.isFinal(modifiers) || Modifier.isFinal(method.getDeclaringClass().getModifiers()))) {
			problems.add(where + " cannot be intercepted: the "
					+ (Modifier.isFinal(modifiers) ? "method" : "class " + method.getDeclaringClass().getSimpleName())
					+ " is final, so Spring cannot proxy it. Remove 'final'");
			return;
		}
		if (operation.cacheNames().isEmpty()) {
			problems.add(where + " names no cache. Set cache = \"...\"");
		}
		for (String cacheName : operation.cacheNames()) {
			validateCacheName(where, cacheName, problems);
		}
		if (operation.allEntries() && !operation.key().isEmpty()) {
			problems.add(where + " sets both allEntries and key. Use one of them");
		}
		if (!operation.allEntries() && operation.key().isBlank()) {
			problems.add(where + " has no key. Set key = \"...\" (for example "
					+ (returnsNothing(method) ? "\"#id\", naming a parameter" : "\"#result.id\" or \"#id\"") + ")");
		}
		for (String[] expression : operation.expressions()) {
			validateExpression(where, method, expression[0], expression[1], problems);
		}
		if (!operation.allEntries() && !operation.key().isBlank()) {
			validateKeyType(where, operation, beanType, problems);
		}
		if (operation.perElement()) {
			validateElementSource(where, operation, beanType, problems);
		}
	}

	private void validateExpression(String where, Method method, String attribute, String expression,
			List<String> problems) {
		SpelNode ast;
		try {
			ast = ((SpelExpression) this.evaluator.parse(expression)).getAST();
		}
		catch (ParseException ex) {
			problems.add(where + ": " + attribute + " expression '" + expression + "' does not parse: "
					+ ex.getSimpleMessage());
			return;
		}
		@Nullable String[] parameterNames = this.evaluator.parameterNames(method);
		if (parameterNames == null) {
			return;
		}
		Set<String> known = new HashSet<>(BUILT_IN_VARIABLES);
		Arrays.stream(parameterNames).filter((name) -> name != null).forEach(known::add);
		boolean returnsNothing = returnsNothing(method);
		for (String variable : variables(ast, new ArrayList<>())) {
			if (returnsNothing && variable.equals(WriteExpressionEvaluator.RESULT_VARIABLE)) {
				problems.add(where + ": " + attribute + " expression '" + expression
						+ "' refers to #result, but the method returns " + method.getReturnType().getSimpleName()
						+ ", so there is no result. Use one of its parameters " + Arrays.toString(parameterNames)
						+ " or #p0");
			}
			else if (!known.contains(variable) && !INDEXED_PARAMETER.matcher(variable).matches()) {
				problems.add(where + ": " + attribute + " expression '" + expression + "' refers to #" + variable
						+ ", but the method's parameters are " + Arrays.toString(parameterNames) + ". Use one of them"
						+ (returnsNothing ? " or #p0" : ", #p0 or #result"));
			}
		}
	}

	private static boolean returnsNothing(Method method) {
		return method.getReturnType() == void.class || method.getReturnType() == Void.class;
	}

	// A key becomes part of a Redis key through its toString(): a type without one of its
	// own would make every key of the method the same kind of identity string. Checked
	// here where the expression's type is known statically (a parameter, #result or
	// #element, and their properties); otherwise the interceptor checks the first key.
	private void validateKeyType(String where, WriteOperation operation, Class<?> beanType, List<String> problems) {
		SpelNode ast;
		try {
			ast = ((SpelExpression) this.evaluator.parse(operation.key())).getAST();
		}
		catch (ParseException ex) {
			return;
		}
		ResolvableType type = KeyTypes.staticType(ast, operation, beanType, this.evaluator);
		Class<?> keyType = (type != null) ? type.resolve() : null;
		if (keyType != null && !KeyTypes.isUsableKeyType(keyType)) {
			problems.add(where + ": key expression '" + operation.key() + "' is of type " + keyType.getName()
					+ ", which has no toString() of its own, so it cannot become a Redis key. Use a key expression"
					+ " that returns a String, a number or a type whose toString() identifies the value (for"
					+ " example a record)");
		}
	}

	private static List<String> variables(SpelNode node, List<String> found) {
		if (node instanceof VariableReference) {
			found.add(node.toStringAST().substring(1));
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			variables(node.getChild(i), found);
		}
		return found;
	}

	private static void validateElementSource(String where, WriteOperation operation, Class<?> beanType,
			List<String> problems) {
		Method method = operation.method();
		if (operation.kind() == WriteOperation.Kind.WRITE) {
			ResolvableType returned = ResolvableType.forMethodReturnType(method, beanType);
			Class<?> type = returned.toClass();
			if (type == Optional.class) {
				type = returned.getGeneric(0).toClass();
			}
			if (!Iterable.class.isAssignableFrom(type) && !type.isArray() && type != Object.class) {
				problems.add(where + ": the key refers to #element, but the method returns " + type.getSimpleName()
						+ ". #element iterates over a returned collection; use #result for a single value");
			}
		}
		else if (Arrays.stream(method.getParameterTypes())
			.noneMatch((type) -> Iterable.class.isAssignableFrom(type) || type.isArray() || type == Object.class)) {
			problems.add(where + ": the key refers to #element, but the method takes no collection."
					+ " #element iterates over the first Iterable argument");
		}
	}

	private void allowTypes(Method method, Class<?> beanType, boolean includeParameters) {
		if (this.allowList == null) {
			return;
		}
		this.allowList.allow(ResolvableType.forMethodReturnType(method, beanType));
		if (includeParameters) {
			for (int i = 0; i < method.getParameterCount(); i++) {
				this.allowList.allow(ResolvableType.forMethodParameter(method, i, beanType));
			}
		}
	}

	// What a @Cacheable method returns is what its caches' values must be.
	private static void collectReadTypes(Method method, Class<?> beanType, Map<String, Set<ResolvableType>> readTypes) {
		Cacheable cacheable = AnnotatedElementUtils.findMergedAnnotation(method, Cacheable.class);
		if (cacheable == null) {
			return;
		}
		ResolvableType returned = ResolvableType.forMethodReturnType(method, beanType);
		if (returned.toClass() == Optional.class) {
			returned = returned.getGeneric(0);
		}
		for (String cacheName : cacheable.cacheNames()) {
			readTypes.computeIfAbsent(cacheName, (name) -> new LinkedHashSet<>()).add(returned);
		}
	}

	private record Findings(List<String> problems, List<String> warnings, Map<String, Set<ResolvableType>> readTypes) {

	}

}
