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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.AnnotatedElementKey;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.CachedExpressionEvaluator;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Evaluates the SpEL expressions of write operations, parsing each once.
 *
 * @author write-through
 */
final class WriteExpressionEvaluator extends CachedExpressionEvaluator {

	static final String RESULT_VARIABLE = "result";

	private final Map<ExpressionKey, Expression> expressions = new ConcurrentHashMap<>(64);

	private final @Nullable BeanFactoryResolver beanResolver;

	// Compiled after a few interpreted runs (and interpreted again if a compiled one
	// fails): an interpreted property read allocates on every call.
	WriteExpressionEvaluator(@Nullable BeanFactory beanFactory) {
		super(new SpelExpressionParser(new SpelParserConfiguration(SpelCompilerMode.MIXED,
				(beanFactory instanceof ConfigurableBeanFactory configurable) ? configurable.getBeanClassLoader()
						: WriteExpressionEvaluator.class.getClassLoader())));
		this.beanResolver = (beanFactory != null) ? new BeanFactoryResolver(beanFactory) : null;
	}

	MethodBasedEvaluationContext createContext(Method method, @Nullable Object[] args, @Nullable Object target,
			Class<?> targetClass) {
		WriteExpressionRoot root = new WriteExpressionRoot(method, args, target, targetClass);
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(root, method, args,
				getParameterNameDiscoverer());
		if (this.beanResolver != null) {
			context.setBeanResolver(this.beanResolver);
		}
		return context;
	}

	@Nullable Object evaluate(String expression, Method method, Class<?> targetClass, EvaluationContext context) {
		return getExpression(this.expressions, new AnnotatedElementKey(method, targetClass), expression)
			.getValue(context);
	}

	boolean isTrue(String expression, Method method, Class<?> targetClass, EvaluationContext context) {
		return Boolean.TRUE
			.equals(getExpression(this.expressions, new AnnotatedElementKey(method, targetClass), expression)
				.getValue(context, Boolean.class));
	}

	Expression parse(String expression) {
		return getParser().parseExpression(expression);
	}

	@Nullable String[] parameterNames(Method method) {
		return getParameterNameDiscoverer().getParameterNames(method);
	}

	/**
	 * The root object of the expressions: {@code #root.method}, {@code #root.args},
	 * {@code #root.target}, {@code #root.targetClass}.
	 *
	 * @param method the annotated method
	 * @param args the arguments of the call
	 * @param target the object called
	 * @param targetClass its class
	 */
	record WriteExpressionRoot(Method method, @Nullable Object[] args, @Nullable Object target, Class<?> targetClass) {

		public String getMethodName() {
			return this.method.getName();
		}

		public Method getMethod() {
			return this.method;
		}

		public @Nullable Object[] getArgs() {
			return this.args;
		}

		public @Nullable Object getTarget() {
			return this.target;
		}

		public Class<?> getTargetClass() {
			return this.targetClass;
		}

	}

}
