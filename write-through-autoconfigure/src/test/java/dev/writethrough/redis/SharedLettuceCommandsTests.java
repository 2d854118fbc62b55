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
package dev.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.writethrough.it.support.RedisServerProcess;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reads and scripts go through the shared Lettuce connection without a
 * {@code RedisConnection} per call: they must follow the factory when it replaces that
 * connection, and fail as a {@code RedisConnection} would.
 *
 * @author write-through
 */
class SharedLettuceCommandsTests {

	private static final byte[] KEY = bytes("key");

	private RedisServerProcess server;

	private LettuceConnectionFactory connectionFactory;

	private DefaultRedisCacheStore store;

	@BeforeEach
	void startRedis() {
		this.server = RedisServerProcess.start();
		this.connectionFactory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(500)).build());
		this.connectionFactory.afterPropertiesSet();
		this.connectionFactory.start();
		this.store = (DefaultRedisCacheStore) RedisCacheStore.create(this.connectionFactory);
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.stringCommands().set(KEY, bytes("value"));
		}
	}

	@AfterEach
	void stopRedis() {
		this.connectionFactory.destroy();
		this.server.close();
	}

	@Test
	void aReadAfterTheFactoryReplacedItsSharedConnectionGoesThroughTheNewOne() {
		assertThat(this.store.get(KEY)).asString(StandardCharsets.UTF_8).isEqualTo("value");
		this.connectionFactory.resetConnection();
		assertThat(this.store.get(KEY)).asString(StandardCharsets.UTF_8).isEqualTo("value");
		this.connectionFactory.stop();
		this.connectionFactory.start();
		assertThat(this.store.get(KEY)).asString(StandardCharsets.UTF_8).isEqualTo("value");
		assertThat((List<?>) this.store.eval(RedisScript.of("return {redis.call('GET', KEYS[1])}", List.class),
				new byte[][] { KEY }))
			.singleElement()
			.isEqualTo(bytes("value"));
	}

	@Test
	void aReadOrAScriptWhileRedisIsDownTimesOutAsThroughARedisConnection() {
		this.server.kill();
		assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> this.store.get(KEY));
		assertThatExceptionOfType(QueryTimeoutException.class)
			.isThrownBy(() -> this.store.eval(RedisScript.of("return {1}", List.class), new byte[][] { KEY }));
		this.server.restart();
		assertThat(this.store.get(KEY)).as("a read once Redis is back")
			.asString(StandardCharsets.UTF_8)
			.isEqualTo("value");
	}

	@Test
	void aScriptWaitingOnAFrozenRedisStopsWaitingWhenItsThreadIsInterrupted() throws InterruptedException {
		LettuceConnectionFactory patient = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", this.server.port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(60)).build());
		patient.afterPropertiesSet();
		patient.start();
		try {
			DefaultRedisCacheStore store = (DefaultRedisCacheStore) RedisCacheStore.create(patient);
			store.get(KEY);
			this.server.freeze();
			AtomicReference<Throwable> thrown = new AtomicReference<>();
			CountDownLatch ended = new CountDownLatch(1);
			Thread caller = new Thread(() -> {
				try {
					store.eval(RedisScript.of("return {1}", List.class), new byte[][] { KEY });
				}
				catch (Throwable ex) {
					thrown.set(ex);
				}
				ended.countDown();
			});
			caller.start();
			Awaitility.await("the caller waiting on Redis")
				.atMost(Duration.ofSeconds(10))
				.until(() -> caller.getState() == Thread.State.WAITING);
			caller.interrupt();
			assertThat(ended.await(10, TimeUnit.SECONDS))
				.as("the script's caller ended after its interrupt, long" + " before the 60 s command timeout")
				.isTrue();
			assertThat(thrown.get()).isInstanceOf(DataAccessException.class).hasMessageContaining("Interrupted");
		}
		finally {
			this.server.thaw();
			patient.destroy();
		}
	}

	@Test
	void anErrorRedisPutInAScriptsAnswerIsThrown() {
		RedisScript<List> script = RedisScript.of("return {1, redis.error_reply('ERR fence broken')}", List.class);
		assertThatExceptionOfType(DataAccessException.class)
			.isThrownBy(() -> this.store.eval(script, new byte[][] { KEY }))
			.havingRootCause()
			.withMessageContaining("fence broken");
	}

	@Test
	void withoutASharedConnectionReadsAndScriptsTakeAConnectionEach() {
		this.connectionFactory.setShareNativeConnection(false);
		assertThat(this.store.get(KEY)).asString(StandardCharsets.UTF_8).isEqualTo("value");
		assertThat((List<?>) this.store.eval(RedisScript.of("return {redis.call('GET', KEYS[1])}", List.class),
				new byte[][] { KEY }))
			.singleElement()
			.isEqualTo(bytes("value"));
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
