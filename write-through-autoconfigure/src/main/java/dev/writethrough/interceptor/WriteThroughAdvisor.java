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
import java.util.List;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import org.aopalliance.aop.Advice;

import org.springframework.aop.ClassFilter;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.Assert;

/**
 * Applies the {@link WriteThroughInterceptor} to every method that carries, or overrides
 * one that carries, {@link WriteThrough} or {@link WriteThroughEvict}.
 *
 * @author write-through
 */
final class WriteThroughAdvisor extends AbstractPointcutAdvisor {

	private final transient Pointcut pointcut;

	private final transient WriteThroughInterceptor interceptor;

	/**
	 * Create a new instance.
	 * @param operationSource finds the annotated methods
	 * @param interceptor the interceptor to apply
	 */
	WriteThroughAdvisor(WriteThroughOperationSource operationSource, WriteThroughInterceptor interceptor) {
		Assert.notNull(operationSource, "operationSource must not be null");
		Assert.notNull(interceptor, "interceptor must not be null");
		this.pointcut = new WriteOperationPointcut(operationSource);
		this.interceptor = interceptor;
	}

	@Override
	public Pointcut getPointcut() {
		return this.pointcut;
	}

	@Override
	public Advice getAdvice() {
		return this.interceptor;
	}

	private static final class WriteOperationPointcut extends StaticMethodMatcherPointcut {

		private final WriteThroughOperationSource operationSource;

		WriteOperationPointcut(WriteThroughOperationSource operationSource) {
			this.operationSource = operationSource;
			setClassFilter(new CandidateClassFilter());
		}

		@Override
		public boolean matches(Method method, Class<?> targetClass) {
			return !this.operationSource.getOperations(method, targetClass).isEmpty();
		}

	}

	private static final class CandidateClassFilter implements ClassFilter {

		private static final List<Class<? extends java.lang.annotation.Annotation>> ANNOTATIONS = List
			.of(WriteThrough.class, WriteThroughEvict.class);

		@Override
		public boolean matches(Class<?> clazz) {
			return AnnotationUtils.isCandidateClass(clazz, ANNOTATIONS);
		}

	}

}
