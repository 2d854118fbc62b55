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

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteStrategy;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.behind.WriteBehindSettings;
import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.SerializationAllowList;
import dev.writethrough.tx.BackgroundCacheSteps;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.TransactionalCacheWrites;
import dev.writethrough.tx.WriteOutcome;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.autoconfigure.task.TaskExecutionAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WriteThroughAutoConfiguration}: its conditions, back-off and
 * properties. No connection to Redis is made: Lettuce connects on first use.
 */
class WriteThroughAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TransactionAutoConfiguration.class,
				CacheAutoConfiguration.class, WriteThroughAutoConfiguration.class));

	@Test
	void createsTheWritePathAndTheCacheManager() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(WriteThroughCacheManager.class)
				.hasBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME)
				.hasBean("writeThroughAnnotationValidator")
				.hasSingleBean(PendingInvalidations.class)
				.hasSingleBean(RedisCacheStore.class)
				.hasSingleBean(SerializationAllowList.class)
				.hasSingleBean(TransactionalCacheWrites.class)
				.hasSingleBean(LettuceClientOptionsBuilderCustomizer.class);
			assertThat(context.getBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME, Advisor.class).getAdvice())
				.as("the advisor's interceptor")
				.isInstanceOf(MethodInterceptor.class);
			assertThat(context).getBean("cacheManager").isInstanceOf(WriteThroughCacheManager.class);
			assertThat(context).getBean(WriteThroughAutoConfiguration.VALUE_SERIALIZER_BEAN_NAME)
				.isInstanceOf(RedisSerializer.class)
				.extracting((serializer) -> serializer.getClass().getName())
				.isEqualTo("dev.writethrough.redis.JsonValueSerializer");
		});
	}

	@Test
	void bootsOwnCacheAutoConfigurationBacksOffWhenCachingIsEnabled() {
		this.contextRunner.withUserConfiguration(CachingEnabled.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(WriteThroughCacheManager.class);
		});
	}

	@Test
	void backsOffFromTheCacheManagerWhenTheUserDefinesOne() {
		this.contextRunner.withUserConfiguration(UserCacheManager.class).run((context) -> {
			assertThat(context).hasSingleBean(CacheManager.class).doesNotHaveBean(WriteThroughCacheManager.class);
			assertThat(context.getBean(CacheManager.class)).isInstanceOf(ConcurrentMapCacheManager.class);
			assertThat(context).hasBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME);
		});
	}

	@Test
	void backsOffFromThePendingLogAndTheSerializerWhenTheUserDefinesThem() {
		this.contextRunner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(PendingInvalidations.class).isSameAs(context.getBean("userPending"));
			assertThat(context).getBean(WriteThroughAutoConfiguration.VALUE_SERIALIZER_BEAN_NAME)
				.isInstanceOf(GenericJacksonJsonRedisSerializer.class);
			assertThat(context.getBeansOfType(RedisSerializer.class).values())
				.noneMatch((serializer) -> serializer.getClass()
					.getName()
					.equals("dev.writethrough.redis.JsonValueSerializer"));
		});
	}

	@Test
	void aUserSerializerIsTheOneTheCachesUse() {
		this.contextRunner.withUserConfiguration(UserBeans.class)
			.withPropertyValues("write-through.caches.users.ttl=5m")
			.run((context) -> {
				WriteThroughCache cache = context.getBean(WriteThroughCacheManager.class).getCache("users");
				assertThat(cache).isNotNull();
				assertThat(cache.serialize(new Person("Ada"))).as("bytes of the user's serializer")
					.isEqualTo(context.getBean(UserBeans.class).serializer.serialize(new Person("Ada")));
			});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("write-through.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME)
				.doesNotHaveBean(WriteThroughCacheManager.class)
				.doesNotHaveBean(PendingInvalidations.class));
	}

	@Test
	void isOffWithoutSpringDataRedisOnTheClassPath() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TransactionAutoConfiguration.class, WriteThroughAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME)
				.doesNotHaveBean(WriteThroughCacheManager.class));
	}

	@Test
	void isOffWithoutARedisConnectionFactory() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(WriteThroughAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME));
	}

	@Test
	void leavesLettuceQueueingCommandsWhenAsked() {
		this.contextRunner.withPropertyValues("write-through.redis.reject-commands-while-disconnected=false")
			.run((context) -> assertThat(context).doesNotHaveBean(LettuceClientOptionsBuilderCustomizer.class));
	}

	@Test
	void boundsLettucesReconnectDelayAndListensForReconnections() {
		this.contextRunner.withPropertyValues("write-through.redis.max-reconnect-delay=300ms").run((context) -> {
			Delay delay = context.getBean(ClientResources.class).reconnectDelay();
			assertThat(delay.createDelay(1)).isLessThanOrEqualTo(Duration.ofMillis(300));
			assertThat(delay.createDelay(30)).as("after many attempts").isEqualTo(Duration.ofMillis(300));
			assertThat(context).hasSingleBean(RedisReconnectListener.class);
		});
	}

	@Test
	void listensForReconnectionsOnlyWhenLettucesClientResourcesAreABean() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TransactionAutoConfiguration.class, WriteThroughAutoConfiguration.class))
			.withBean(RedisConnectionFactory.class, () -> org.mockito.Mockito.mock(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WriteThroughCacheManager.class)
				.doesNotHaveBean(RedisReconnectListener.class));
	}

	@Test
	void allowsThePersistentEntityTypesOnlyWithJpaOnTheClassPath() {
		this.contextRunner.run((context) -> assertThat(context).hasBean("writeThroughPersistentEntityTypes"));
		this.contextRunner.withClassLoader(new FilteredClassLoader("jakarta.persistence"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(WriteThroughCacheManager.class)
				.doesNotHaveBean("writeThroughPersistentEntityTypes"));
	}

	@Test
	void reconnectsAtLeastTwiceASecondByDefault() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(ClientResources.class).reconnectDelay().createDelay(30))
				.isEqualTo(Duration.ofMillis(500)));
	}

	@Test
	void bindsEveryProperty() {
		this.contextRunner
			.withPropertyValues("write-through.key-prefix=app:", "write-through.default-ttl=20m",
					"write-through.ttl-jitter=2.5%", "write-through.on-cache-unavailable=fail",
					"write-through.caches.users.ttl=5m", "write-through.caches.orders.strategy=write-through",
					"write-through.pending-invalidations.max-size=50",
					"write-through.pending-invalidations.initial-backoff=10ms",
					"write-through.pending-invalidations.max-backoff=1s",
					"write-through.serialization.allowed-types=java.lang.StringBuilder",
					"write-through.serialization.allowed-packages=com.example.model", "write-through.advisor-order=5",
					"write-through.fence.marker-ttl=30s", "write-through.leases.enabled=false",
					"write-through.leases.ttl=1s", "write-through.leases.wait=50ms")
			.run((context) -> {
				WriteThroughProperties properties = context.getBean(WriteThroughProperties.class);
				assertThat(properties.getKeyPrefix()).isEqualTo("app:");
				assertThat(properties.getDefaultTtl()).isEqualTo(Duration.ofMinutes(20));
				assertThat(properties.getTtlJitter().fraction()).isEqualTo(0.025);
				assertThat(properties.getOnCacheUnavailable()).isEqualTo(OnCacheUnavailable.FAIL);
				assertThat(properties.getPendingInvalidations().getMaxSize()).isEqualTo(50);
				assertThat(properties.getPendingInvalidations().getInitialBackoff()).isEqualTo(Duration.ofMillis(10));
				assertThat(properties.getPendingInvalidations().getMaxBackoff()).isEqualTo(Duration.ofSeconds(1));
				assertThat(properties.getFence().getMarkerTtl()).isEqualTo(Duration.ofSeconds(30));
				assertThat(properties.getLeases().isEnabled()).isFalse();
				assertThat(context.getBean(WriteThroughAutoConfiguration.ADVISOR_BEAN_NAME, Ordered.class).getOrder())
					.isEqualTo(5);
				SerializationAllowList allowList = context.getBean(SerializationAllowList.class);
				assertThat(allowList.isAllowed("java.lang.StringBuilder")).isTrue();
				assertThat(allowList.isAllowed("com.example.model.deep.Order")).isTrue();
				assertThat(allowList.isAllowed("com.example.other.Order")).isFalse();
				WriteThroughCacheManager cacheManager = context.getBean(WriteThroughCacheManager.class);
				assertThat(cacheManager.getCacheNames()).containsExactlyInAnyOrder("users", "orders");
				assertThat(cacheManager.getCache("users").getTtl()).isEqualTo(Duration.ofMinutes(5));
				assertThat(cacheManager.getCache("orders").getTtl()).as("the default TTL")
					.isEqualTo(Duration.ofMinutes(20));
				assertThat(cacheManager.getCache("users").getTtlJitter()).isEqualTo(0.025);
				assertThat(cacheManager.getCache("other")).as("an undeclared cache").isNull();
				assertThat(new String(cacheManager.getCache("users").getKeys().entry(42L))).isEqualTo("app:{users:42}");
			});
	}

	@Test
	void createsCachesOnDemandWhenNoneAreDeclared() {
		this.contextRunner.run((context) -> {
			WriteThroughCacheManager cacheManager = context.getBean(WriteThroughCacheManager.class);
			assertThat(cacheManager.getCache("anything")).isNotNull();
			assertThat(cacheManager.getCache("anything").getTtl()).isEqualTo(Duration.ofHours(1));
			assertThat(cacheManager.getCache("anything").getTtlJitter()).isEqualTo(0.1);
		});
	}

	@Test
	void rejectsAJitterOfAHundredPercentOrMore() {
		assertStartupFailure("write-through.ttl-jitter=150%", "write-through.ttl-jitter", "below 100%, but was 150.0%");
	}

	@Test
	void rejectsAJitterThatIsNoPercentage() {
		assertStartupFailure("write-through.ttl-jitter=abc", "write-through.ttl-jitter",
				"'abc' is not a percentage: write it as, for example, 10%");
	}

	@Test
	void rejectsANegativeTtl() {
		assertStartupFailure("write-through.default-ttl=-1s", "write-through.default-ttl",
				"must not be negative, but was PT-1S; use 0 for no expiry");
	}

	@Test
	void rejectsAKeyPrefixWithBraces() {
		assertStartupFailure("write-through.key-prefix=a{b}", "write-through.key-prefix",
				"braces mark Redis Cluster hash tags");
	}

	@Test
	void runsCacheStepsInTheBackgroundOnlyWhenWritesDoNotAwaitThem() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(BackgroundCacheSteps.class));
		this.contextRunner.withPropertyValues("write-through.await-cache-update=false")
			.run((context) -> assertThat(context).hasSingleBean(BackgroundCacheSteps.class)
				.hasSingleBean(TransactionalCacheWrites.class));
	}

	@Test
	void backgroundCacheStepsLeaveBootsApplicationTaskExecutorInPlace() {
		// Boot's task executor backs off from any Executor bean, and this
		// auto-configuration
		// is processed first (its name sorts first): a background-step Executor would
		// silently take @Async's and Spring MVC's executor away.
		this.contextRunner.withConfiguration(AutoConfigurations.of(TaskExecutionAutoConfiguration.class))
			.withPropertyValues("write-through.await-cache-update=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(BackgroundCacheSteps.class)
				.hasBean("applicationTaskExecutor"));
	}

	@Test
	void aWriteBehindCacheWithoutAWriterFailsTheStart() {
		assertStartupFailure("write-through.caches.views.strategy=write-behind",
				"write-through.caches.views.write-behind.writer", "Cache 'views' is write-behind but names no writer");
	}

	@Test
	void aWriteBehindWriterThatNamesNoWriterFailsTheStart() {
		this.contextRunner.withUserConfiguration(WriteBehindBeans.class)
			.withPropertyValues("write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=notAWriter")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("write-through.caches.views.write-behind.writer names bean 'notAWriter'")
				.hasMessageContaining("not a WriteBehindWriter"));
	}

	@Test
	void bindsTheStrategiesAndTheWriteBehindSettings() {
		this.contextRunner.withUserConfiguration(WriteBehindBeans.class)
			.withPropertyValues("write-through.key-prefix=app:", "write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.batch-size=10",
					"write-through.caches.views.write-behind.flush-interval=1h",
					"write-through.caches.views.write-behind.max-pending=50",
					"write-through.caches.views.write-behind.when-full=fail",
					"write-through.caches.views.write-behind.block-timeout=2s",
					"write-through.caches.views.write-behind.claim-timeout=5s",
					"write-through.caches.views.write-behind.max-attempts=3",
					"write-through.caches.views.write-behind.initial-backoff=20ms",
					"write-through.caches.views.write-behind.max-backoff=2s",
					"write-through.caches.views.write-behind.lag-threshold=15s",
					"write-through.caches.views.write-behind.shutdown-timeout=3s",
					"write-through.caches.audit.strategy=write-around")
			.run((context) -> {
				WriteBehindQueues queues = context.getBean(WriteBehindQueues.class);
				assertThat(queues.get("views")).isNotNull();
				assertThat(queues.get("audit")).isNull();
				assertThat(queues.settings("views")).isEqualTo(WriteBehindSettings.builder()
					.batchSize(10)
					.flushInterval(Duration.ofHours(1))
					.maxPending(50)
					.blockWhenFull(false)
					.blockTimeout(Duration.ofSeconds(2))
					.claimTimeout(Duration.ofSeconds(5))
					.maxAttempts(3)
					.initialBackoff(Duration.ofMillis(20))
					.maxBackoff(Duration.ofSeconds(2))
					.lagThreshold(Duration.ofSeconds(15))
					.shutdownTimeout(Duration.ofSeconds(3))
					.build());
				assertThat(context).getBean(WriteThroughAutoConfiguration.WRITE_BEHIND_FLUSHERS_BEAN_NAME)
					.extracting((flushers) -> flushers.getClass().getName())
					.isEqualTo("dev.writethrough.behind.WriteBehindFlushers");
				WriteThroughCacheManager cacheManager = context.getBean(WriteThroughCacheManager.class);
				assertThat(cacheManager.getCache("views").getStrategy()).isEqualTo(WriteStrategy.WRITE_BEHIND);
				assertThat(new String(cacheManager.getCache("views").getKeys().entry(42L)))
					.as("a write-behind cache shares one hash slot with its queue")
					.isEqualTo("app:{views}:42");
				assertThat(cacheManager.getCache("audit").getStrategy()).isEqualTo(WriteStrategy.WRITE_AROUND);
				assertThat(cacheManager.getCache("audit").getTtl()).as("write-around's default TTL")
					.isEqualTo(Duration.ofMinutes(5));
			});
	}

	@Test
	void bindsTheWriteBehindPartitionsAndDefaultsToOneOnAStandaloneRedis() {
		// Port 1 refuses at once: the binding is checked without touching a Redis.
		this.contextRunner.withUserConfiguration(WriteBehindBeans.class)
			.withPropertyValues("spring.data.redis.port=1", "write-through.key-prefix=app:",
					"write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.flush-interval=1h",
					"write-through.caches.views.write-behind.partitions=4",
					"write-through.caches.clicks.strategy=write-behind",
					"write-through.caches.clicks.write-behind.writer=viewWriter",
					"write-through.caches.clicks.write-behind.flush-interval=1h")
			.run((context) -> {
				WriteBehindQueues queues = context.getBean(WriteBehindQueues.class);
				WriteThroughCacheManager cacheManager = context.getBean(WriteThroughCacheManager.class);
				assertThat(queues.get("views").partitions()).isEqualTo(4);
				assertThat(cacheManager.getCache("views").getKeys().partitions()).isEqualTo(4);
				assertThat(new String(cacheManager.getCache("views").getKeys().entry(42L)))
					.as("the entry shares the slot of its partition")
					.startsWith("app:{views:4.");
				assertThat(queues.get("clicks").partitions()).as("the default on a standalone Redis").isEqualTo(1);
				assertThat(new String(cacheManager.getCache("clicks").getKeys().entry(42L)))
					.as("one partition keeps the layout from before partitions")
					.isEqualTo("app:{clicks}:42");
			});
	}

	@Test
	void aClusterThatDoesNotAnswerFailsTheStartOfAWriteBehindCacheSizedToItsMasters() {
		this.contextRunner.withUserConfiguration(WriteBehindBeans.class)
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1",
					"write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(messages(context.getStartupFailure())).as("the start-up failure, cause by cause")
					.contains("Could not size the queues of write-behind caches [views] to the Redis Cluster's masters")
					.contains("set write-through.caches.<name>.write-behind.partitions");
			});
	}

	@Test
	void aClusterIsNotAskedWhenEveryWriteBehindCacheNamesItsPartitions() {
		this.contextRunner.withUserConfiguration(WriteBehindBeans.class)
			.withPropertyValues("spring.data.redis.cluster.nodes=127.0.0.1:1",
					"write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.flush-interval=1h",
					"write-through.caches.views.write-behind.partitions=3")
			.run((context) -> assertThat(context.getBean(WriteBehindQueues.class).get("views").partitions())
				.isEqualTo(3));
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			messages.append(cause.getMessage()).append('\n');
		}
		return messages.toString();
	}

	@Test
	void rejectsWriteBehindPartitionsBelowOne() {
		assertStartupFailure("write-through.caches.views.write-behind.partitions=0",
				"under 'write-through.caches.views.write-behind'",
				"write-behind partitions must be from 1 to 256, but was 0");
	}

	@Test
	void rejectsMoreWriteBehindPartitionsThanTheLimit() {
		assertStartupFailure("write-through.caches.views.write-behind.partitions=257",
				"under 'write-through.caches.views.write-behind'",
				"write-behind partitions must be from 1 to 256, but was 257");
	}

	@Test
	void backsOffFromTheWriteBehindQueuesWhenTheUserDefinesThem() {
		this.contextRunner.withBean("userQueues", WriteBehindQueues.class, WriteBehindQueues::create)
			.run((context) -> assertThat(context).getBean(WriteBehindQueues.class)
				.isSameAs(context.getBean("userQueues")));
	}

	@Test
	void rejectsAnEmptyWriteBehindBatch() {
		assertStartupFailure("write-through.caches.views.write-behind.batch-size=0", "write-through.caches",
				"write-behind batch-size must be positive, but was 0");
	}

	@Test
	void rejectsACacheNameThatBreaksTheKeyLayout() {
		assertStartupFailure("write-through.caches[a*b].ttl=1m", "write-through.caches",
				"Cache name 'a*b' under write-through.caches must not contain");
	}

	@Test
	void rejectsAnEmptyPendingLog() {
		assertStartupFailure("write-through.pending-invalidations.max-size=0",
				"write-through.pending-invalidations.max-size", "must be positive, but was 0");
	}

	private void assertStartupFailure(String property, String propertyName, String message) {
		this.contextRunner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			StringBuilder messages = new StringBuilder();
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				messages.append(cause.getMessage()).append('\n');
			}
			assertThat(messages).as("the start-up failure, cause by cause").contains(propertyName).contains(message);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class CachingEnabled {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class UserCacheManager {

		@Bean
		CacheManager userCacheManager() {
			return new ConcurrentMapCacheManager();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		final GenericJacksonJsonRedisSerializer serializer = GenericJacksonJsonRedisSerializer.builder().build();

		@Bean
		PendingInvalidations userPending() {
			return PendingInvalidations.create(5, Duration.ofMillis(10), Duration.ofSeconds(1));
		}

		@Bean(WriteThroughAutoConfiguration.VALUE_SERIALIZER_BEAN_NAME)
		RedisSerializer<Object> userSerializer() {
			return this.serializer;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WriteBehindBeans {

		@Bean
		WriteBehindWriter<Long, String> viewWriter() {
			return (values) -> {
			};
		}

		@Bean
		String notAWriter() {
			return "not a writer";
		}

		@Bean
		PlatformTransactionManager transactionManager() {
			return new JdbcTransactionManager(new DriverManagerDataSource("jdbc:h2:mem:write-behind-settings"));
		}

	}

	record Person(String name) {

	}

}
