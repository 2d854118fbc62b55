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

import java.util.Set;
import java.util.function.Supplier;

import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.redis.SerializationAllowList;
import dev.writethrough.tx.TransactionalCacheWrites;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.cache.CacheManager;

/**
 * Creates what this package contributes to an application context: the advisor that
 * intercepts the methods annotated with {@code @WriteThrough} or
 * {@code @WriteThroughEvict}, and the start-up check of those annotations. The types
 * behind them are internal.
 *
 * @author write-through
 */
public final class WriteThroughInterception {

	private WriteThroughInterception() {
	}

	/**
	 * Create the advisor of the annotated methods. Each method's path (transactional or
	 * write-behind) is decided once, from the write-behind cache names.
	 * @param writeBehindCaches the names of the write-behind caches
	 * @param cacheManager the cache manager whose caches are written, resolved on first
	 * use
	 * @param transactionalWrites runs a call in its transaction and binds its writes to
	 * it, resolved on first use
	 * @param writeBehindQueues the queues of the write-behind caches, if any
	 * @param beanFactory resolves {@code @bean} references in expressions
	 * @return the advisor, whose order may still be set
	 */
	public static AbstractPointcutAdvisor advisor(Set<String> writeBehindCaches, Supplier<CacheManager> cacheManager,
			Supplier<TransactionalCacheWrites> transactionalWrites,
			Supplier<@Nullable WriteBehindQueues> writeBehindQueues, @Nullable BeanFactory beanFactory) {
		WriteThroughOperationSource operationSource = new WriteThroughOperationSource(writeBehindCaches);
		return new WriteThroughAdvisor(operationSource, new WriteThroughInterceptor(operationSource, cacheManager,
				transactionalWrites, writeBehindQueues, beanFactory));
	}

	/**
	 * Create the check that fails the start of the application on an annotation that can
	 * never work: a method that cannot be proxied, a missing key or cache, an unknown
	 * cache (when caches are declared), an expression that does not parse, a mix of
	 * write-behind and transactional caches on one method.
	 * @param beanFactory the beans to check
	 * @param declaredCaches the declared cache names; empty if any name may be used
	 * @param writeBehindCaches the names of the write-behind caches
	 * @param allowList where to allow the types the annotated methods take and return, or
	 * {@code null}
	 * @return the check, run once every singleton exists
	 */
	public static SmartInitializingSingleton annotationValidator(ListableBeanFactory beanFactory,
			Set<String> declaredCaches, Set<String> writeBehindCaches, @Nullable SerializationAllowList allowList) {
		return new WriteThroughAnnotationValidator(beanFactory, declaredCaches, writeBehindCaches, allowList);
	}

}
