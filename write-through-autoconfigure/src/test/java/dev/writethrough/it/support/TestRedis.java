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

package dev.writethrough.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import org.testcontainers.containers.GenericContainer;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The Redis the suites use: {@code WT_REDIS_URL} (for example {@code redis://host:6379})
 * when set; else the local server at 127.0.0.1:6379; else a Testcontainers container when
 * a Docker engine is there. Otherwise the test fails with a message saying how to start
 * one.
 */
public final class TestRedis {

	private TestRedis() {
	}

	/**
	 * Registers the Redis properties, checking first that Redis answers.
	 * @param registry the test's property registry
	 */
	public static void register(DynamicPropertyRegistry registry) {
		String url = System.getenv("WT_REDIS_URL");
		boolean explicit = url != null && !url.isBlank();
		URI uri = URI.create(explicit ? url : "redis://127.0.0.1:6379");
		String host = uri.getHost();
		int port = (uri.getPort() > 0) ? uri.getPort() : 6379;
		if (!explicit && !answersPing(host, port) && DockerServices.dockerAvailable()) {
			GenericContainer<?> container = DockerServices.redis();
			uri = URI.create("redis://" + container.getHost() + ":" + container.getMappedPort(6379));
		}
		else if (!answersPing(host, port)) {
			throw new IllegalStateException("Redis is not reachable at " + host + ":" + port
					+ (explicit ? " (WT_REDIS_URL)" : " and there is no Docker engine for Testcontainers")
					+ ". These tests need a real Redis: start one with 'redis-server --daemonize yes --port 6379"
					+ " --save \"\"', or set WT_REDIS_URL=redis://host:port");
		}
		String resolved = uri.toString();
		registry.add("spring.data.redis.url", () -> resolved);
		registry.add("spring.data.redis.timeout", () -> "2s");
	}

	/**
	 * Whether a Redis server answers {@code PING} at an address.
	 * @param host the host
	 * @param port the port
	 * @return {@code true} if it answers {@code +PONG}
	 */
	public static boolean answersPing(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 1000);
			socket.setSoTimeout(1000);
			OutputStream out = socket.getOutputStream();
			out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] reply = new byte[5];
			int read = in.readNBytes(reply, 0, 5);
			return read == 5 && "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
		}
		catch (IOException ex) {
			return false;
		}
	}

}
