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

package dev.writethrough.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.it.support.TestDatabase;
import dev.writethrough.it.support.TestRedis;
import dev.writethrough.strategy.PageViewService;
import dev.writethrough.strategy.StrategyApplication;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Two applications with different key prefixes on one Redis: clearing a cache of one
 * deletes exactly its own keys, and a prefix that would make a clear match keys it does
 * not own (or miss its own) does not start.
 *
 * @author write-through
 */
class KeyPrefixIsolationTests {

	private final String run = "wt-iso-" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void clearingACacheOfOneApplicationDeletesItsOwnKeysAndNoneOfTheOther() {
		ConfigurableApplicationContext first = start(this.run + ":");
		ConfigurableApplicationContext second = start(this.run + ":b:");
		try {
			for (int i = 0; i < 3; i++) {
				first.getBean(PageViewService.class).record("page-" + i, i);
				second.getBean(PageViewService.class).record("page-" + i, 10 + i);
			}
			StringRedisTemplate redis = first.getBean(StringRedisTemplate.class);
			List<String> secondKeys = keys(redis, this.run + ":b:*");
			assertThat(secondKeys).as("the second application's keys")
				.contains(this.run + ":b:{page-views:page-0}", this.run + ":b:{page-views:page-2}");

			first.getBean(WriteThroughCacheManager.class).getCache("page-views").clear();

			assertThat(keys(redis, this.run + ":{*")).as("the first application's keys after its clear").isEmpty();
			assertThat(keys(redis, this.run + ":b:*")).as("the second application's keys after the first's clear")
				.containsExactlyInAnyOrderElementsOf(secondKeys);
		}
		finally {
			first.close();
			second.close();
		}
	}

	@Test
	void aPrefixWhoseClearWouldMatchAnotherApplicationsKeysDoesNotStart() {
		// With 'wt-iso-*:' a clear's SCAN pattern matched the keys of 'wt-iso-<run>:';
		// with
		// '[1]' it matched none of its own.
		for (String prefix : List.of(this.run + "*:", this.run + "[1]:")) {
			assertThatException().isThrownBy(() -> start(prefix).close())
				.satisfies((ex) -> assertThat(NestedExceptionUtils.getMostSpecificCause(ex))
					.hasMessageContaining("write-through.key-prefix '" + prefix + "' contains"));
		}
	}

	private static List<String> keys(StringRedisTemplate redis, String pattern) {
		return redis.execute((RedisCallback<List<String>>) (connection) -> {
			List<String> keys = new ArrayList<>();
			try (Cursor<byte[]> cursor = connection.keyCommands()
				.scan(ScanOptions.scanOptions().match(pattern).count(1000).build())) {
				cursor.forEachRemaining((key) -> keys.add(new String(key, StandardCharsets.UTF_8)));
			}
			return keys;
		});
	}

	private static ConfigurableApplicationContext start(String keyPrefix) {
		Map<String, Object> properties = new LinkedHashMap<>();
		TestRedis.register((name, value) -> properties.put(name, value.get()));
		TestDatabase.POSTGRES.register((name, value) -> properties.put(name, value.get()));
		properties.put("spring.sql.init.mode", "always");
		properties.put("spring.sql.init.schema-locations", "classpath:strategy-schema.sql");
		properties.put("write-through.key-prefix", keyPrefix);
		List<String> arguments = new ArrayList<>();
		properties.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		return new SpringApplicationBuilder(StrategyApplication.class).web(WebApplicationType.NONE)
			.run(arguments.toArray(String[]::new));
	}

}
