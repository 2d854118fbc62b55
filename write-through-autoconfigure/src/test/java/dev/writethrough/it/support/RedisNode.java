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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * One {@code redis-server} process of a topology the tests start (a Cluster or Sentinel
 * node), in a directory of its own. Its pid is written to {@code redis.pid} there, so a
 * later test JVM can kill the node if this one died without its shutdown hook
 * ({@link RedisTopologies}).
 */
public final class RedisNode {

	static final String PID_FILE = "redis.pid";

	private final int port;

	private final Path directory;

	private final List<String> arguments;

	private Process process;

	RedisNode(int port, Path directory, List<String> arguments) {
		this.port = port;
		this.directory = directory;
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * The port the node listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The node's address as {@code 127.0.0.1:<port>}.
	 * @return the address
	 */
	public String address() {
		return "127.0.0.1:" + this.port;
	}

	/**
	 * Whether the node's process runs.
	 * @return {@code true} if it runs
	 */
	public synchronized boolean isRunning() {
		return this.process != null && this.process.isAlive();
	}

	/**
	 * Starts the node (again) with its arguments and data, and waits until it answers.
	 */
	public synchronized void start() {
		if (isRunning()) {
			return;
		}
		List<String> command = new ArrayList<>();
		command.add("redis-server");
		command.addAll(this.arguments);
		ProcessBuilder builder = new ProcessBuilder(command).directory(this.directory.toFile());
		builder.redirectErrorStream(true);
		builder.redirectOutput(ProcessBuilder.Redirect.appendTo(new File(this.directory.toFile(), "redis.log")));
		try {
			this.process = builder.start();
			Files.writeString(this.directory.resolve(PID_FILE), Long.toString(this.process.pid()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server on port " + this.port
					+ ": it must be on the PATH (Debian package redis-server) for the Cluster and Sentinel suites", ex);
		}
		Awaitility.await("redis-server on port " + this.port + " answering (log: " + this.directory + "/redis.log)")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> TestRedis.answersPing("127.0.0.1", this.port));
	}

	/**
	 * Kills the node with SIGKILL and waits until it is gone.
	 */
	public synchronized void kill() {
		if (this.process == null) {
			return;
		}
		this.process.destroyForcibly();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server on port " + this.port + " did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Freezes the node with SIGSTOP: its connections stay open and it answers nothing, so
	 * a frozen replica acknowledges no write.
	 */
	public synchronized void freeze() {
		signal("STOP");
	}

	/**
	 * Lets a frozen node run again with SIGCONT.
	 */
	public synchronized void thaw() {
		signal("CONT");
	}

	private void signal(String signal) {
		if (!isRunning()) {
			throw new IllegalStateException(this + " is not running");
		}
		run(List.of("kill", "-" + signal, String.valueOf(this.process.pid())));
	}

	/**
	 * Runs a command on the node with {@code redis-cli} and returns its answer.
	 * @param arguments the command and its arguments
	 * @return what {@code redis-cli} printed, trimmed
	 * @throws IllegalStateException if {@code redis-cli} fails
	 */
	public String command(String... arguments) {
		List<String> command = new ArrayList<>(
				List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(this.port)));
		command.addAll(List.of(arguments));
		return RedisNode.run(command);
	}

	static String run(List<String> command) {
		try {
			Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] output = cli.getInputStream().readAllBytes();
			if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
				throw new IllegalStateException(
						String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
			}
			return new String(output, StandardCharsets.UTF_8).trim();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run redis-cli: it must be on the PATH (Debian package"
					+ " redis-tools) for the Cluster and Sentinel suites", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A field of the node's {@code INFO} answer.
	 * @param section the section, for example {@code replication}
	 * @param field the field, for example {@code role}
	 * @return its value, or {@code null} if the node does not answer or has no such field
	 */
	public String info(String section, String field) {
		if (!isRunning()) {
			return null;
		}
		try {
			for (String line : command("INFO", section).split("\r?\n")) {
				if (line.startsWith(field + ":")) {
					return line.substring(field.length() + 1).trim();
				}
			}
			return null;
		}
		catch (IllegalStateException ex) {
			return null;
		}
	}

	@Override
	public String toString() {
		return "redis-server " + address();
	}

}
