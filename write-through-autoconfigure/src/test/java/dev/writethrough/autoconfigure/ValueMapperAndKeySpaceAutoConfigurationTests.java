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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.WriteThroughCacheManagerCustomizer;
import dev.writethrough.WriteThroughJsonMapperCustomizer;
import dev.writethrough.redis.SerializationAllowList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseBuilder;
import org.springframework.jdbc.datasource.embedded.EmbeddedDatabaseType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the value mapper's customizers and the key space of an embedded database in
 * {@link WriteThroughAutoConfiguration}. No connection to Redis is made.
 */
class ValueMapperAndKeySpaceAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, TransactionAutoConfiguration.class,
				CacheAutoConfiguration.class, WriteThroughAutoConfiguration.class))
		.withPropertyValues("write-through.key-prefix=app:");

	@Test
	void anEmbeddedInMemoryDatabaseScopesTheKeysToThisStart() {
		this.contextRunner.withUserConfiguration(EmbeddedDataSource.class).run((context) -> {
			String key = redisKey(context.getBean(WriteThroughCacheManager.class));
			assertThat(key).startsWith("app:").doesNotStartWith("app:{").matches("app:[0-9a-z]+:\\{products:1}");
			this.contextRunner.withUserConfiguration(EmbeddedDataSource.class)
				.run((restarted) -> assertThat(redisKey(restarted.getBean(WriteThroughCacheManager.class)))
					.as("the key after a restart")
					.isNotEqualTo(key));
		});
	}

	@Test
	void aDatabaseServerKeepsThePlainPrefix() {
		this.contextRunner.withUserConfiguration(ServerDataSource.class)
			.run((context) -> assertThat(redisKey(context.getBean(WriteThroughCacheManager.class)))
				.isEqualTo("app:{products:1}"));
	}

	@Test
	void theEpochCanBeTurnedOff() {
		this.contextRunner.withUserConfiguration(EmbeddedDataSource.class)
			.withPropertyValues("write-through.embedded-database-epoch=false")
			.run((context) -> assertThat(redisKey(context.getBean(WriteThroughCacheManager.class)))
				.isEqualTo("app:{products:1}"));
	}

	@Test
	void customizersChangeTheCacheMapperInOrder() {
		this.contextRunner.withUserConfiguration(Customizers.class).run((context) -> {
			@SuppressWarnings("unchecked")
			RedisSerializer<Object> serializer = context
				.getBean(WriteThroughAutoConfiguration.VALUE_SERIALIZER_BEAN_NAME, RedisSerializer.class);
			context.getBean(SerializationAllowList.class).allow(Temperature.class);
			String json = new String(serializer.serialize(new Temperature(21.5)), StandardCharsets.UTF_8);
			assertThat(json).as("the JSON written by the customized mapper").contains("\"celsius\" : 21.5");
			assertThat(context.getBean(Customizers.class).indentedBeforeTheSecond)
				.as("the second customizer saw what the first did")
				.containsExactly(true);
		});
	}

	@Test
	void cacheManagerCustomizersAreAppliedInOrderToTheAutoConfiguredManager() {
		this.contextRunner.withPropertyValues("write-through.caches.products.ttl=5m")
			.withUserConfiguration(CacheManagerCustomizers.class)
			.run((context) -> assertThat(context.getBean(CacheManagerCustomizers.class).seen)
				.containsExactly("first saw products", "second saw products"));
	}

	private static String redisKey(WriteThroughCacheManager caches) {
		return new String(caches.getCache("products").getKeys().entry(1L), StandardCharsets.UTF_8);
	}

	record Temperature(double celsius) {

	}

	@Configuration(proxyBeanMethods = false)
	static class EmbeddedDataSource {

		@Bean
		DataSource dataSource() {
			return new EmbeddedDatabaseBuilder().setType(EmbeddedDatabaseType.H2).generateUniqueName(true).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ServerDataSource {

		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:5432/test");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CacheManagerCustomizers {

		final List<String> seen = new ArrayList<>();

		@Bean
		@Order(2)
		WriteThroughCacheManagerCustomizer second() {
			return (caches) -> caches.onCacheCreated((cache) -> this.seen.add("second saw " + cache.getName()));
		}

		@Bean
		@Order(1)
		WriteThroughCacheManagerCustomizer first() {
			return (caches) -> caches.onCacheCreated((cache) -> this.seen.add("first saw " + cache.getName()));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Customizers {

		final List<Boolean> indentedBeforeTheSecond = new ArrayList<>();

		@Bean
		@Order(2)
		WriteThroughJsonMapperCustomizer second() {
			return (builder) -> this.indentedBeforeTheSecond.add(builder.isEnabled(SerializationFeature.INDENT_OUTPUT));
		}

		@Bean
		@Order(1)
		WriteThroughJsonMapperCustomizer first() {
			return (builder) -> builder.enable(SerializationFeature.INDENT_OUTPUT);
		}

	}

}
