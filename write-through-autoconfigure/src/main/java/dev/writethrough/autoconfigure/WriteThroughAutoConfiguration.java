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
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.WriteThroughCacheManagerCustomizer;
import dev.writethrough.WriteThroughJsonMapperCustomizer;
import dev.writethrough.behind.WriteBehindListener;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.behind.WriteBehindSettings;
import dev.writethrough.interceptor.WriteThroughInterception;
import dev.writethrough.redis.PersistentStateMapper;
import dev.writethrough.redis.EntryExpiry;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.RedisCircuitBreaker;
import dev.writethrough.redis.SerializationAllowList;
import dev.writethrough.tx.BackgroundCacheSteps;
import dev.writethrough.tx.DurableInvalidations;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.TransactionalCacheWrites;
import dev.writethrough.tx.FenceResult;
import dev.writethrough.tx.WriteListener;
import dev.writethrough.tx.WriteOutcome;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.aop.Advisor;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.support.AbstractPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cache.CacheManager;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} of the write-through starter: the caches, the interception of
 * {@code @WriteThrough} and {@code @WriteThroughEvict} methods, and the after-commit
 * write path.
 * <p>
 * Every bean backs off when the application defines its own. When the application defines
 * its own {@link CacheManager}, the annotations write to that manager's caches (after
 * commit, evicting on failure, retrying failed evictions), but reads inside a writing
 * transaction and the type allow-list are then that manager's business.
 *
 * @author write-through
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
				"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration" },
		beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, CacheManager.class, PlatformTransactionManager.class,
		JsonMapper.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "write-through.enabled", matchIfMissing = true)
@EnableConfigurationProperties(WriteThroughProperties.class)
@Import({ WriteThroughAutoConfiguration.AutoProxyRegistrar.class,
		WriteThroughAutoConfiguration.CachingConfiguration.class,
		WriteThroughAutoConfiguration.InterceptionConfiguration.class,
		WriteThroughAutoConfiguration.LettuceConfiguration.class,
		WriteThroughAutoConfiguration.PersistenceUnitTypesConfiguration.class,
		WriteThroughAutoConfiguration.LettuceRecoveryConfiguration.class })
public final class WriteThroughAutoConfiguration {

	/**
	 * The name of the advisor that intercepts the annotated methods. An application that
	 * defines a bean of this name replaces it.
	 */
	public static final String ADVISOR_BEAN_NAME = "writeThroughAdvisor";

	/**
	 * The bean name of the value serializer; define a {@link RedisSerializer} bean of
	 * this name to replace the JSON one.
	 */
	public static final String VALUE_SERIALIZER_BEAN_NAME = "writeThroughValueSerializer";

	/**
	 * The bean name of the write-behind flushers, the lifecycle that drains write-behind
	 * queues into the database; a bean of this name replaces them.
	 */
	public static final String WRITE_BEHIND_FLUSHERS_BEAN_NAME = "writeThroughWriteBehindFlushers";

	@Bean
	@ConditionalOnMissingBean
	PendingInvalidations writeThroughPendingInvalidations(WriteThroughProperties properties) {
		WriteThroughProperties.PendingInvalidations settings = properties.getPendingInvalidations();
		return PendingInvalidations.create(settings.getMaxSize(), settings.getInitialBackoff(),
				settings.getMaxBackoff());
	}

	@Bean
	@ConditionalOnMissingBean
	TransactionalCacheWrites writeThroughTransactionalCacheWrites(
			ObjectProvider<PlatformTransactionManager> transactionManager, PendingInvalidations pendingInvalidations,
			WriteThroughProperties properties, ObjectProvider<WriteListener> listeners,
			ObjectProvider<DurableInvalidations> durableInvalidations,
			ObjectProvider<BackgroundCacheSteps> backgroundCacheSteps) {
		return TransactionalCacheWrites.create(transactionManager, pendingInvalidations,
				properties.getOnCacheUnavailable(), new LazyWriteListener(listeners),
				durableInvalidations.getIfAvailable(), backgroundExecutor(backgroundCacheSteps.getIfAvailable()));
	}

	private static @Nullable Executor backgroundExecutor(@Nullable BackgroundCacheSteps steps) {
		return (steps != null) ? steps::execute : null;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "write-through.await-cache-update", havingValue = false)
	BackgroundCacheSteps writeThroughBackgroundCacheSteps() {
		return BackgroundCacheSteps.create();
	}

	@Bean
	@ConditionalOnMissingBean
	RedisCacheStore writeThroughRedisCacheStore(RedisConnectionFactory connectionFactory,
			WriteThroughProperties properties) {
		WriteThroughProperties.Redis.CircuitBreaker circuitBreaker = properties.getRedis().getCircuitBreaker();
		WriteThroughProperties.Fence fence = properties.getFence();
		return RedisCacheStore.create(connectionFactory,
				RedisCircuitBreaker.create(circuitBreaker.getTimeouts(), circuitBreaker.getOpenDuration()),
				fence.getReplicas(), fence.getReplicaTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	SerializationAllowList writeThroughSerializationAllowList(WriteThroughProperties properties) {
		SerializationAllowList allowList = new SerializationAllowList();
		properties.getSerialization().getAllowedTypes().forEach(allowList::allow);
		properties.getSerialization().getAllowedPackages().forEach(allowList::allowPackage);
		return allowList;
	}

	@Bean(VALUE_SERIALIZER_BEAN_NAME)
	@ConditionalOnMissingBean(name = VALUE_SERIALIZER_BEAN_NAME)
	RedisSerializer<Object> writeThroughValueSerializer(SerializationAllowList allowList,
			ObjectProvider<WriteThroughJsonMapperCustomizer> customizers) {
		JsonMapper.Builder builder = PersistentStateMapper.builder(allowList);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return PersistentStateMapper.serializer(builder.build(), allowList);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "jakarta.persistence.EntityManagerFactory")
	static class PersistenceUnitTypesConfiguration {

		@Bean
		static PersistentEntityTypes writeThroughPersistentEntityTypes(
				ObjectProvider<jakarta.persistence.EntityManagerFactory> entityManagerFactories,
				ObjectProvider<SerializationAllowList> allowList) {
			return new PersistentEntityTypes(entityManagerFactories, allowList);
		}

	}

	@Bean
	static SmartInitializingSingleton writeThroughAnnotationValidator(ListableBeanFactory beanFactory,
			WriteThroughProperties properties, ObjectProvider<SerializationAllowList> allowList) {
		Set<String> writeBehindCaches = new LinkedHashSet<>();
		properties.getCaches().forEach((name, cache) -> {
			if (cache.getStrategy() == WriteStrategy.WRITE_BEHIND) {
				writeBehindCaches.add(name);
			}
		});
		return WriteThroughInterception.annotationValidator(beanFactory, properties.getCaches().keySet(),
				writeBehindCaches, allowList.getIfAvailable());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingBean(CacheManager.class)
	static class CachingConfiguration {

		@Bean
		WriteThroughCacheManager cacheManager(WriteThroughProperties properties, RedisCacheStore store,
				@org.springframework.beans.factory.annotation.Qualifier(VALUE_SERIALIZER_BEAN_NAME) RedisSerializer<Object> serializer,
				TransactionalCacheWrites transactionalWrites, PendingInvalidations pendingInvalidations,
				ObjectProvider<DataSource> dataSource, ObjectProvider<WriteThroughCacheManagerCustomizer> customizers,
				ObjectProvider<RedisConnectionFactory> connectionFactory) {
			String keyPrefix = properties.isEmbeddedDatabaseEpoch()
					? EmbeddedDatabaseKeySpace.keyPrefix(properties.getKeyPrefix(), dataSource.getIfUnique())
					: properties.getKeyPrefix();
			WriteThroughCache.Settings defaults = settings(properties, keyPrefix, WriteStrategy.WRITE_THROUGH,
					properties.getDefaultTtl());
			Map<String, WriteThroughCache.Settings> declared = new LinkedHashMap<>();
			List<String> sizedToMasters = properties.getCaches()
				.entrySet()
				.stream()
				.filter((entry) -> entry.getValue().getStrategy() == WriteStrategy.WRITE_BEHIND
						&& entry.getValue().getWriteBehind().getPartitions() == null)
				.map(Map.Entry::getKey)
				.toList();
			SingletonSupplier<Integer> masters = SingletonSupplier
				.of(() -> RedisClusterMasters.count(connectionFactory.getObject(), sizedToMasters));
			properties.getCaches().forEach((name, cache) -> {
				WriteThroughCache.Settings settings = settings(properties, keyPrefix, cache.getStrategy(),
						cache.resolveTtl(properties.getDefaultTtl()));
				if (cache.getStrategy() == WriteStrategy.WRITE_BEHIND) {
					Integer partitions = cache.getWriteBehind().getPartitions();
					settings = settings.withWriteBehindPartitions((partitions != null) ? partitions : masters.obtain());
				}
				declared.put(name, settings);
			});
			WriteThroughCacheManager cacheManager = new WriteThroughCacheManager(declared, defaults, store, serializer,
					transactionalWrites.unsettledWrites(pendingInvalidations));
			customizers.orderedStream().forEach((customizer) -> customizer.customize(cacheManager));
			return cacheManager;
		}

		private static WriteThroughCache.Settings settings(WriteThroughProperties properties, String keyPrefix,
				WriteStrategy strategy, Duration ttl) {
			WriteThroughProperties.Leases leases = properties.getLeases();
			EntryExpiry expiry = new EntryExpiry(ttl, properties.getTtlJitter().fraction(),
					properties.getFence().getMarkerTtl(), leases.getTtl());
			return new WriteThroughCache.Settings(keyPrefix, strategy, expiry, leases.isEnabled(), leases.getWait(),
					properties.getMaxValueSize().toBytes());
		}

		@Bean
		@ConditionalOnMissingBean
		WriteBehindQueues writeThroughWriteBehindQueues(WriteThroughCacheManager cacheManager,
				WriteThroughProperties properties, RedisConnectionFactory connectionFactory, RedisCacheStore store) {
			WriteBehindQueues queues = WriteBehindQueues.create();
			properties.getCaches().forEach((name, cache) -> {
				if (cache.getStrategy() == WriteStrategy.WRITE_BEHIND) {
					WriteThroughCache writeBehindCache = cacheManager.getCache(name);
					Assert.state(writeBehindCache != null, () -> "No cache '" + name + "'");
					queues.register(
							WriteBehindQueue.create(writeBehindCache, connectionFactory, store.getCircuitBreaker()),
							writeBehindSettings(cache.getWriteBehind()));
				}
			});
			return queues;
		}

		@Bean(WRITE_BEHIND_FLUSHERS_BEAN_NAME)
		@ConditionalOnMissingBean(name = WRITE_BEHIND_FLUSHERS_BEAN_NAME)
		SmartLifecycle writeThroughWriteBehindFlushers(WriteBehindQueues queues, WriteThroughProperties properties,
				ObjectProvider<PlatformTransactionManager> transactionManager, ListableBeanFactory beanFactory,
				ObjectProvider<WriteBehindListener> listeners) {
			Map<String, WriteBehindWriter<Object, Object>> writers = new LinkedHashMap<>();
			for (WriteBehindQueue queue : queues.all()) {
				String name = queue.getCache().getName();
				WriteThroughProperties.Cache cache = properties.getCaches().get(name);
				writers.put(name,
						WriteBehindQueues.writer(name, (cache != null) ? cache.getWriteBehind().getWriter() : null,
								beanFactory::getBean, beanFactory::containsBean));
			}
			TransactionOperations transactions = queues.all().isEmpty() ? TransactionOperations.withoutTransaction()
					: new TransactionTemplate(transactionManager.getIfAvailable(() -> {
						throw new IllegalStateException("Write-behind caches " + writers.keySet()
								+ " need a PlatformTransactionManager to write their batches; define one (Spring"
								+ " Boot does when a DataSource is configured)");
					}));
			return queues.flushers(writers::get, transactions, new LazyWriteBehindListener(listeners));
		}

		private static WriteBehindSettings writeBehindSettings(WriteThroughProperties.WriteBehind properties) {
			return WriteBehindSettings.builder()
				.batchSize(properties.getBatchSize())
				.flushInterval(properties.getFlushInterval())
				.maxPending(properties.getMaxPending())
				.blockWhenFull(properties.getWhenFull() == WriteThroughProperties.WriteBehind.WhenFull.BLOCK)
				.blockTimeout(properties.getBlockTimeout())
				.claimTimeout(properties.getClaimTimeout())
				.maxAttempts(properties.getMaxAttempts())
				.initialBackoff(properties.getInitialBackoff())
				.maxBackoff(properties.getMaxBackoff())
				.lagThreshold(properties.getLagThreshold())
				.shutdownTimeout(properties.getShutdownTimeout())
				.build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static class InterceptionConfiguration {

		@Bean(ADVISOR_BEAN_NAME)
		@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
		@ConditionalOnMissingBean(name = ADVISOR_BEAN_NAME)
		static Advisor writeThroughAdvisor(Environment environment, ObjectProvider<CacheManager> cacheManager,
				ObjectProvider<TransactionalCacheWrites> transactionalWrites,
				ObjectProvider<WriteBehindQueues> writeBehindQueues, BeanFactory beanFactory) {
			// Read from the environment: the advisor is infrastructure, created before
			// configuration properties beans.
			Set<String> writeBehindCaches = new LinkedHashSet<>();
			Binder.get(environment)
				.bind("write-through.caches", Bindable.mapOf(String.class, WriteThroughProperties.Cache.class))
				.ifBound((caches) -> caches.forEach((name, cache) -> {
					if (cache.getStrategy() == WriteStrategy.WRITE_BEHIND) {
						writeBehindCaches.add(name);
					}
				}));
			AbstractPointcutAdvisor advisor = WriteThroughInterception.advisor(writeBehindCaches,
					cacheManager::getObject, transactionalWrites::getObject, writeBehindQueues::getIfAvailable,
					beanFactory);
			advisor.setOrder(
					environment.getProperty("write-through.advisor-order", Integer.class, Ordered.LOWEST_PRECEDENCE));
			return advisor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientOptions.class, LettuceClientOptionsBuilderCustomizer.class })
	@ConditionalOnBooleanProperty(name = "write-through.redis.reject-commands-while-disconnected",
			matchIfMissing = true)
	static class LettuceConfiguration {

		@Bean
		LettuceClientOptionsBuilderCustomizer writeThroughLettuceClientOptionsCustomizer() {
			return (builder) -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ ClientResources.class, ClientResourcesBuilderCustomizer.class })
	static class LettuceRecoveryConfiguration {

		@Bean
		ClientResourcesBuilderCustomizer writeThroughReconnectDelayCustomizer(WriteThroughProperties properties) {
			Duration maxDelay = properties.getRedis().getMaxReconnectDelay();
			return (builder) -> builder
				.reconnectDelay(Delay.exponential(Duration.ZERO, maxDelay, 2, TimeUnit.MILLISECONDS));
		}

		@Bean
		@ConditionalOnBean(ClientResources.class)
		RedisReconnectListener writeThroughRedisReconnectListener(ClientResources clientResources,
				RedisCacheStore store, PendingInvalidations pendingInvalidations) {
			return new RedisReconnectListener(clientResources, store.getCircuitBreaker(), pendingInvalidations);
		}

	}

	/**
	 * Makes sure an auto-proxy creator applies the write-through advisor, as
	 * {@code @EnableCaching} and {@code @EnableTransactionManagement} do, proxying
	 * classes rather than interfaces unless {@code spring.aop.proxy-target-class=false},
	 * as Spring Boot does.
	 */
	static class AutoProxyRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

		private @Nullable Environment environment;

		@Override
		public void setEnvironment(Environment environment) {
			this.environment = environment;
		}

		@Override
		public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
			AopConfigUtils.registerAutoProxyCreatorIfNecessary(registry);
			if (this.environment == null
					|| this.environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true)) {
				AopConfigUtils.forceAutoProxyCreatorToUseClassProxying(registry);
			}
		}

	}

	/**
	 * Tells the write-behind listeners in the context, resolved on first use.
	 */
	private static final class LazyWriteBehindListener implements WriteBehindListener {

		private final SingletonSupplier<List<WriteBehindListener>> listeners;

		LazyWriteBehindListener(ObjectProvider<WriteBehindListener> listeners) {
			this.listeners = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		}

		@Override
		public void batchFlushed(String cacheName, int size, long nanos, boolean succeeded) {
			this.listeners.obtain().forEach((listener) -> listener.batchFlushed(cacheName, size, nanos, succeeded));
		}

		@Override
		public void retried(String cacheName, int writes) {
			this.listeners.obtain().forEach((listener) -> listener.retried(cacheName, writes));
		}

		@Override
		public void deadLettered(String cacheName, int writes) {
			this.listeners.obtain().forEach((listener) -> listener.deadLettered(cacheName, writes));
		}

	}

	/**
	 * Tells the write listeners in the context, resolved on first use so that the meter
	 * registry is not created early by the advisor's dependencies.
	 */
	private static final class LazyWriteListener implements WriteListener {

		private final SingletonSupplier<List<WriteListener>> listeners;

		LazyWriteListener(ObjectProvider<WriteListener> listeners) {
			this.listeners = SingletonSupplier.of(() -> listeners.orderedStream().toList());
		}

		@Override
		public void writeCompleted(String cacheName, WriteOutcome outcome, long nanos) {
			for (WriteListener listener : this.listeners.obtain()) {
				listener.writeCompleted(cacheName, outcome, nanos);
			}
		}

		@Override
		public void cacheUpdated(String cacheName, long nanos) {
			for (WriteListener listener : this.listeners.obtain()) {
				listener.cacheUpdated(cacheName, nanos);
			}
		}

		@Override
		public void fenceEnded(String cacheName, FenceResult result) {
			for (WriteListener listener : this.listeners.obtain()) {
				listener.fenceEnded(cacheName, result);
			}
		}

	}

}
