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

package dev.writethrough.autoconfigure;

import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.SerializationAllowList;
import dev.writethrough.tx.BackgroundCacheSteps;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.TransactionalCacheWrites;
import dev.writethrough.tx.WriteListener;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.aop.Advisor;
import org.springframework.aop.Pointcut;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Every bean of {@link WriteThroughAutoConfiguration} that a user could replace backs off
 * when the application defines one of its type (the pending log, the protocol, the
 * serializer and the write-behind queues have tests of their own in
 * {@link WriteThroughAutoConfigurationTests}). No connection to Redis is made.
 */
class WriteThroughBackOffTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TransactionAutoConfiguration.class,
				CacheAutoConfiguration.class, WriteThroughAutoConfiguration.class))
		.withPropertyValues("write-through.await-cache-update=false");

	static Stream<Arguments> replaceableBeans() {
		return Stream.of(bean(TransactionalCacheWrites.class, WriteThroughBackOffTests::userTransactionalCacheWrites),
				bean(BackgroundCacheSteps.class, BackgroundCacheSteps::create),
				bean(RedisCacheStore.class, () -> RedisCacheStore.create(mock(RedisConnectionFactory.class))),
				bean(SerializationAllowList.class, SerializationAllowList::new));
	}

	@Test
	void backsOffFromTheWriteBehindFlushersWhenTheApplicationDefinesABeanOfTheirName() {
		SmartLifecycle user = mock(SmartLifecycle.class);
		this.contextRunner
			.withBean(WriteThroughAutoConfiguration.WRITE_BEHIND_FLUSHERS_BEAN_NAME, SmartLifecycle.class, () -> user)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WriteThroughAutoConfiguration.WRITE_BEHIND_FLUSHERS_BEAN_NAME)
					.isSameAs(user);
			});
	}

	@Test
	void backsOffFromTheAdvisorWhenTheApplicationDefinesOneOfItsName() {
		Advisor user = new DefaultPointcutAdvisor(Pointcut.TRUE, (MethodInterceptor) MethodInvocation::proceed);
		this.contextRunner.withBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME, Advisor.class, () -> user)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).getBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME).isSameAs(user);
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("replaceableBeans")
	<T> void backsOffFromABeanOfTheApplication(Class<T> type, Supplier<T> user) {
		this.contextRunner.withBean("user" + type.getSimpleName(), type, user).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).getBean(type)
				.as("the %s in the context", type.getSimpleName())
				.isSameAs(context.getBean("user" + type.getSimpleName()));
		});
	}

	// Its pending log never starts a thread: nothing here writes.
	private static TransactionalCacheWrites userTransactionalCacheWrites() {
		return TransactionalCacheWrites.create(
				new StaticListableBeanFactory().getBeanProvider(PlatformTransactionManager.class),
				PendingInvalidations.create(1, Duration.ofMillis(10), Duration.ofMillis(10)),
				OnCacheUnavailable.PROCEED, WriteListener.NONE, null, null);
	}

	private static <T> Arguments bean(Class<T> type) {
		return bean(type, () -> mock(type));
	}

	private static <T> Arguments bean(Class<T> type, Supplier<T> user) {
		return Arguments.of(type, user);
	}

}
