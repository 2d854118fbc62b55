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

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.writethrough.WriteThroughCache;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.tx.CacheKeyWrite;
import dev.writethrough.tx.TransactionalCacheWrites;
import dev.writethrough.tx.CacheWritePlan;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ResolvableType;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Dispatches a call of a method annotated with {@code @WriteThrough} or
 * {@code @WriteThroughEvict}: it reads the call's writes from the annotations (a
 * {@link CacheWritePlan}) and hands them to the write path its caches take, the
 * transactional one ({@link TransactionalCacheWrites}: the database commits, then the
 * after-commit step changes the caches) or the write-behind queues.
 * <p>
 * A key expression that evaluates to {@code null}, or an unknown cache, fails the call
 * with an exception that names the method; inside the transaction the interceptor
 * started, the database write is then rolled back.
 *
 * @author write-through
 */
final class WriteThroughInterceptor implements MethodInterceptor {

	private final WriteThroughOperationSource operationSource;

	private final WriteExpressionEvaluator evaluator;

	private final EntityVersions entityVersions = new EntityVersions();

	private final Supplier<CacheManager> cacheManager;

	private final Supplier<TransactionalCacheWrites> transactionalWrites;

	private final Supplier<@Nullable WriteBehindQueues> writeBehindQueues;

	// Per method and target class: which argument holds the elements a per-element
	// write's result is expected to hold, -1 for none.
	private final Map<MethodClassKey, Integer> elementArguments = new ConcurrentHashMap<>();

	/**
	 * Create a new instance.
	 * @param operationSource where the operations of a method come from
	 * @param cacheManager the cache manager whose caches are written
	 * @param transactionalWrites runs a call in its transaction and binds its writes to
	 * it
	 * @param writeBehindQueues the queues of the write-behind caches, if any
	 * @param beanFactory resolves {@code @bean} references in expressions
	 */
	WriteThroughInterceptor(WriteThroughOperationSource operationSource, Supplier<CacheManager> cacheManager,
			Supplier<TransactionalCacheWrites> transactionalWrites,
			Supplier<@Nullable WriteBehindQueues> writeBehindQueues, @Nullable BeanFactory beanFactory) {
		Assert.notNull(operationSource, "operationSource must not be null");
		Assert.notNull(cacheManager, "cacheManager must not be null");
		Assert.notNull(transactionalWrites, "transactionalWrites must not be null");
		this.operationSource = operationSource;
		this.evaluator = new WriteExpressionEvaluator(beanFactory);
		// Resolved on first use: the interceptor is infrastructure, created before the
		// beans it writes through.
		this.cacheManager = SingletonSupplier.of(cacheManager);
		this.transactionalWrites = SingletonSupplier.of(transactionalWrites);
		this.writeBehindQueues = writeBehindQueues;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopProxyUtils.ultimateTargetClass(target) : null;
		MethodWrites writes = this.operationSource.getOperations(invocation.getMethod(), targetClass);
		if (writes.isEmpty() && target != null && target.getClass() != targetClass) {
			writes = this.operationSource.getOperations(invocation.getMethod(), target.getClass());
		}
		if (writes.isEmpty()) {
			return invocation.proceed();
		}
		Assert.state(writes.path() != MethodWrites.Path.REFUSED, writes::refusal);
		List<ResolvedOperation> resolved = resolve(writes.operations());
		Plan plan = new Plan(resolved,
				new Call(invocation, (targetClass != null) ? targetClass : invocation.getMethod().getDeclaringClass()));
		if (writes.path() == MethodWrites.Path.WRITE_BEHIND) {
			return writeBehind(invocation, plan);
		}
		List<Cache> caches = new ArrayList<>();
		resolved.forEach((operation) -> caches.addAll(operation.caches()));
		return this.transactionalWrites.get()
			.run(writes.operations().get(0).description(), caches, plan, invocation::proceed);
	}

	// The method computes the value; the cache takes it at once and the queue carries it
	// to the database later. No transaction: the caller does not wait for the database.
	private @Nullable Object writeBehind(MethodInvocation invocation, Plan plan) throws Throwable {
		WriteBehindQueues queues = this.writeBehindQueues.get();
		Assert.state(queues != null, "Write-behind caches need the write-behind queues; none are configured");
		Object result = invocation.proceed();
		for (ResolvedOperation operation : plan.operations()) {
			for (CacheKeyWrite write : writes(List.of(operation), plan.call(), result)) {
				// A write that is not cached (unless) never reached the database: nothing
				// to queue.
				if (operation.operation().kind() == WriteOperation.Kind.WRITE
						&& write.kind() == CacheKeyWrite.Kind.EVICT) {
					continue;
				}
				Object key = write.key();
				Assert.state(write.kind() != CacheKeyWrite.Kind.CLEAR && key != null,
						() -> operation.operation().description() + " clears write-behind cache '" + write.cacheName()
								+ "' (allEntries), which would drop queued writes' cached values"
								+ " while the database does not have them yet; evict keys one by one");
				queues.enqueue((WriteThroughCache) write.cache(), key, write.value(),
						write.kind() == CacheKeyWrite.Kind.EVICT);
			}
		}
		return result;
	}

	private List<ResolvedOperation> resolve(List<WriteOperation> operations) {
		List<ResolvedOperation> resolved = new ArrayList<>(operations.size());
		CacheManager manager = this.cacheManager.get();
		for (WriteOperation operation : operations) {
			List<Cache> caches = new ArrayList<>(operation.cacheNames().size());
			for (String name : operation.cacheNames()) {
				Cache cache = manager.getCache(name);
				if (cache == null) {
					throw new IllegalStateException(operation.annotationName() + " on " + operation.description()
							+ " names cache '" + name + "', which the cache manager does not have (its caches: "
							+ manager.getCacheNames() + "). Declare it under 'write-through.caches' or fix the name");
				}
				caches.add(cache);
			}
			resolved.add(new ResolvedOperation(operation, caches));
		}
		return resolved;
	}

	private List<CacheKeyWrite> writes(List<ResolvedOperation> operations, Call call, @Nullable Object result) {
		List<CacheKeyWrite> writes = new ArrayList<>();
		Object unwrapped = ObjectUtils.unwrapOptional(result);
		for (ResolvedOperation resolved : operations) {
			WriteOperation operation = resolved.operation();
			MethodBasedEvaluationContext context = call.context(this.evaluator, operation.method());
			context.setVariable(WriteExpressionEvaluator.RESULT_VARIABLE, unwrapped);
			if (operation.allEntries()) {
				if (isTrue(operation.condition(), operation, call, context)) {
					resolved.caches()
						.forEach((cache) -> writes.add(new CacheKeyWrite(cache, CacheKeyWrite.Kind.CLEAR, null, null)));
				}
			}
			else if (operation.perElement()) {
				for (Object element : elements(operation, call, unwrapped)) {
					context.setVariable(WriteOperation.ELEMENT_VARIABLE, element);
					addKeyWrites(writes, resolved, call, context, element);
				}
			}
			else {
				addKeyWrites(writes, resolved, call, context, unwrapped);
			}
		}
		return writes;
	}

	private void addKeyWrites(List<CacheKeyWrite> writes, ResolvedOperation resolved, Call call,
			MethodBasedEvaluationContext context, @Nullable Object defaultValue) {
		WriteOperation operation = resolved.operation();
		if (!isTrue(operation.condition(), operation, call, context)) {
			return;
		}
		Object key = key(operation, call, context);
		checkKey(resolved, key);
		boolean put = operation.kind() == WriteOperation.Kind.WRITE
				&& !(StringUtils.hasText(operation.unless()) && isTrue(operation.unless(), operation, call, context));
		Object value = (!put) ? null
				: StringUtils.hasText(operation.value())
						? this.evaluator.evaluate(operation.value(), operation.method(), call.targetClass(), context)
						: defaultValue;
		Supplier<@Nullable Object> version = put ? version(operation, call, context, value) : null;
		for (Cache cache : resolved.caches()) {
			writes.add(new CacheKeyWrite(cache, put ? CacheKeyWrite.Kind.PUT : CacheKeyWrite.Kind.EVICT, key, value,
					version));
		}
	}

	// Evaluated after the commit, so a version raised at flush time is read as committed.
	private @Nullable Supplier<@Nullable Object> version(WriteOperation operation, Call call,
			MethodBasedEvaluationContext context, @Nullable Object value) {
		if (!StringUtils.hasText(operation.version())) {
			return this.entityVersions.of(value);
		}
		MethodBasedEvaluationContext versionContext = call.newContext(this.evaluator, operation.method());
		versionContext.setVariable(WriteExpressionEvaluator.RESULT_VARIABLE,
				context.lookupVariable(WriteExpressionEvaluator.RESULT_VARIABLE));
		versionContext.setVariable(WriteOperation.ELEMENT_VARIABLE,
				context.lookupVariable(WriteOperation.ELEMENT_VARIABLE));
		return () -> this.evaluator.evaluate(operation.version(), operation.method(), call.targetClass(),
				versionContext);
	}

	// Keys that do not depend on the result: their fence is sent before the method runs.
	private List<CacheKeyWrite> keysKnownBeforeTheCall(List<ResolvedOperation> operations, Call call) {
		List<CacheKeyWrite> writes = new ArrayList<>();
		for (ResolvedOperation resolved : operations) {
			WriteOperation operation = resolved.operation();
			if (operation.condition().contains("#" + WriteExpressionEvaluator.RESULT_VARIABLE)) {
				continue;
			}
			if (operation.perElement()) {
				addElementKeysBeforeTheCall(writes, resolved, call);
				continue;
			}
			Object key = keyBeforeTheCall(operation, call);
			if (key != null) {
				checkKey(resolved, key);
				try {
					MethodBasedEvaluationContext context = call.context(this.evaluator, operation.method());
					if (isTrue(operation.condition(), operation, call, context)) {
						resolved.caches()
							.forEach((cache) -> writes
								.add(new CacheKeyWrite(cache, CacheKeyWrite.Kind.EVICT, key, null)));
					}
				}
				catch (RuntimeException ex) {
					// The condition cannot be decided before the call: fence after it.
				}
			}
		}
		return writes;
	}

	// A per-element write whose elements come in as an argument (saveAll(products)
	// returning the products it saved, deleteAll(ids)) is fenced before the method runs,
	// like a single key known before the call, so the fence's round trip overlaps the
	// database work. The writes the call then makes take these fences key for key; a
	// key fenced here that the call does not write is evicted, and a written key no
	// element gave here is fenced after the call. An element whose key or condition
	// cannot be read before the call is left to the fence after it.
	private void addElementKeysBeforeTheCall(List<CacheKeyWrite> writes, ResolvedOperation resolved, Call call) {
		WriteOperation operation = resolved.operation();
		if (operation.allEntries() || operation.key().contains("#" + WriteExpressionEvaluator.RESULT_VARIABLE)) {
			return;
		}
		Object argument = elementArgument(operation, call);
		if (argument == null) {
			return;
		}
		MethodBasedEvaluationContext context = call.context(this.evaluator, operation.method());
		Set<Object> keys = new HashSet<>();
		try {
			for (Object element : iterate(argument)) {
				context.setVariable(WriteOperation.ELEMENT_VARIABLE, element);
				Object key = elementKeyBeforeTheCall(resolved, call, context);
				if (key != null && keys.add(key)) {
					resolved.caches()
						.forEach((cache) -> writes.add(new CacheKeyWrite(cache, CacheKeyWrite.Kind.EVICT, key, null)));
				}
			}
		}
		finally {
			context.setVariable(WriteOperation.ELEMENT_VARIABLE, null);
		}
	}

	private @Nullable Object elementKeyBeforeTheCall(ResolvedOperation resolved, Call call,
			MethodBasedEvaluationContext context) {
		WriteOperation operation = resolved.operation();
		try {
			if (!isTrue(operation.condition(), operation, call, context)) {
				return null;
			}
			Object key = this.evaluator.evaluate(operation.key(), operation.method(), call.targetClass(), context);
			if (key != null) {
				checkKey(resolved, key);
			}
			return key;
		}
		catch (RuntimeException ex) {
			// Not readable before the call (an id the database assigns, for example):
			// this element's key is fenced after it.
			return null;
		}
	}

	// An eviction's elements are its first collection argument (elements() reads them
	// there too); a write's are its result's, which an argument holds only when its
	// element
	// type matches the result's: the first such argument.
	private @Nullable Object elementArgument(WriteOperation operation, Call call) {
		if (operation.kind() == WriteOperation.Kind.EVICT) {
			return firstCollectionArgument(call);
		}
		Object[] arguments = call.invocation().getArguments();
		int index = this.elementArguments.computeIfAbsent(new MethodClassKey(operation.method(), call.targetClass()),
				(key) -> argumentWithTheResultsElements(operation.method(), call.targetClass()));
		return (index >= 0 && index < arguments.length && isCollection(arguments[index])) ? arguments[index] : null;
	}

	private static int argumentWithTheResultsElements(Method method, Class<?> targetClass) {
		Class<?> returned = elementType(ResolvableType.forMethodReturnType(method, targetClass));
		if (returned == null) {
			return -1;
		}
		for (int i = 0; i < method.getParameterCount(); i++) {
			Class<?> given = elementType(ResolvableType.forMethodParameter(method, i, targetClass));
			if (given != null && (returned.isAssignableFrom(given) || given.isAssignableFrom(returned))) {
				return i;
			}
		}
		return -1;
	}

	private static @Nullable Class<?> elementType(ResolvableType type) {
		if (type.isArray()) {
			return type.getComponentType().resolve();
		}
		if (Iterable.class.isAssignableFrom(type.toClass())) {
			return type.as(Iterable.class).getGeneric(0).resolve();
		}
		return null;
	}

	private static @Nullable Object firstCollectionArgument(Call call) {
		return Arrays.stream(call.invocation().getArguments())
			.filter(WriteThroughInterceptor::isCollection)
			.findFirst()
			.orElse(null);
	}

	private static boolean isCollection(@Nullable Object argument) {
		return argument instanceof Iterable<?> || (argument != null && argument.getClass().isArray());
	}

	private static Iterable<?> iterate(Object collection) {
		if (collection instanceof Iterable<?> iterable) {
			return iterable;
		}
		List<Object> elements = new ArrayList<>();
		for (int i = 0; i < Array.getLength(collection); i++) {
			elements.add(Array.get(collection, i));
		}
		return elements;
	}

	private List<CacheKeyWrite> evictionsAfterFailure(List<ResolvedOperation> operations, Call call) {
		List<CacheKeyWrite> evictions = new ArrayList<>();
		for (ResolvedOperation resolved : operations) {
			Object key = keyBeforeTheCall(resolved.operation(), call);
			if (key != null) {
				resolved.caches()
					.forEach((cache) -> evictions.add(new CacheKeyWrite(cache, CacheKeyWrite.Kind.EVICT, key, null)));
			}
		}
		return evictions;
	}

	private @Nullable Object keyBeforeTheCall(WriteOperation operation, Call call) {
		if (operation.allEntries() || operation.perElement()
				|| operation.key().contains("#" + WriteExpressionEvaluator.RESULT_VARIABLE)) {
			return null;
		}
		try {
			MethodBasedEvaluationContext context = call.context(this.evaluator, operation.method());
			return this.evaluator.evaluate(operation.key(), operation.method(), call.targetClass(), context);
		}
		catch (RuntimeException ex) {
			// The key cannot be known without a result: a rollback is then the only
			// safe ending.
			return null;
		}
	}

	private Iterable<?> elements(WriteOperation operation, Call call, @Nullable Object result) {
		Object source = (operation.kind() == WriteOperation.Kind.EVICT) ? firstCollectionArgument(call) : result;
		if (isCollection(source)) {
			return iterate(source);
		}
		throw new IllegalStateException(operation.annotationName() + " on " + operation.description()
				+ ": the key refers to #element, but there is no collection to iterate ("
				+ ((operation.kind() == WriteOperation.Kind.WRITE) ? "the result" : "no Iterable argument") + " is "
				+ ((source != null) ? source.getClass().getName() : "null") + "). The transaction is rolled back");
	}

	private Object key(WriteOperation operation, Call call, MethodBasedEvaluationContext context) {
		Object key = this.evaluator.evaluate(operation.key(), operation.method(), call.targetClass(), context);
		if (key == null) {
			throw new IllegalStateException(operation.annotationName() + " on " + operation.description()
					+ ": key expression '" + operation.key() + "' evaluated to null, so the cache cannot be updated."
					+ " Make the expression return a non-null key (for example #result.id once the id is assigned)."
					+ " The transaction is rolled back");
		}
		return key;
	}

	// A key that cannot become a Redis key refuses the write before anything is written,
	// rather than leaving an eviction that can never be sent.
	private static void checkKey(ResolvedOperation resolved, Object key) {
		for (Cache cache : resolved.caches()) {
			if (cache instanceof WriteThroughCache writeThroughCache) {
				try {
					writeThroughCache.getKeys().keyString(key);
				}
				catch (IllegalStateException ex) {
					throw new IllegalStateException(resolved.operation().annotationName() + " on "
							+ resolved.operation().description() + " refused the write: " + ex.getMessage()
							+ ". Nothing was written; the transaction is rolled back", ex);
				}
			}
		}
	}

	private boolean isTrue(String expression, WriteOperation operation, Call call,
			MethodBasedEvaluationContext context) {
		return !StringUtils.hasText(expression)
				|| this.evaluator.isTrue(expression, operation.method(), call.targetClass(), context);
	}

	static String describe(Method method) {
		return ClassUtils.getQualifiedMethodName(method) + "("
				+ String.join(", ", Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).toList()) + ")";
	}

	/**
	 * The writes of one call, read from its annotations when the write path asks.
	 */
	private final class Plan implements CacheWritePlan {

		private final List<ResolvedOperation> operations;

		private final Call call;

		Plan(List<ResolvedOperation> operations, Call call) {
			this.operations = operations;
			this.call = call;
		}

		List<ResolvedOperation> operations() {
			return this.operations;
		}

		Call call() {
			return this.call;
		}

		@Override
		public List<CacheKeyWrite> keysKnownBeforeTheCall() {
			return WriteThroughInterceptor.this.keysKnownBeforeTheCall(this.operations, this.call);
		}

		@Override
		public List<CacheKeyWrite> writesAfter(@Nullable Object result) {
			return writes(this.operations, this.call, result);
		}

		@Override
		public List<CacheKeyWrite> evictionsAfterFailure() {
			return WriteThroughInterceptor.this.evictionsAfterFailure(this.operations, this.call);
		}

	}

	private record ResolvedOperation(WriteOperation operation, List<Cache> caches) {

	}

	/**
	 * One call of an annotated method. Its expressions share one evaluation context, so
	 * the arguments are read once: before the call for the keys known then, after it with
	 * {@code #result} set.
	 */
	private static final class Call {

		private final MethodInvocation invocation;

		private final Class<?> targetClass;

		private @Nullable MethodBasedEvaluationContext context;

		private @Nullable Method contextMethod;

		Call(MethodInvocation invocation, Class<?> targetClass) {
			this.invocation = invocation;
			this.targetClass = targetClass;
		}

		MethodInvocation invocation() {
			return this.invocation;
		}

		Class<?> targetClass() {
			return this.targetClass;
		}

		MethodBasedEvaluationContext context(WriteExpressionEvaluator evaluator, Method method) {
			if (this.context == null || this.contextMethod != method) {
				this.context = newContext(evaluator, method);
				this.contextMethod = method;
			}
			return this.context;
		}

		// For expressions evaluated later, after the commit, with variables of their own.
		MethodBasedEvaluationContext newContext(WriteExpressionEvaluator evaluator, Method method) {
			return evaluator.createContext(method, this.invocation.getArguments(), this.invocation.getThis(),
					this.targetClass);
		}

	}

}
