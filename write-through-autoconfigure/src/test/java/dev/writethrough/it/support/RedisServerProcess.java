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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

/**
 * A {@code redis-server} the test starts on a free port and kills for real. It keeps its
 * data in an append-only file synced on every write, so a killed and restarted server
 * still holds what it held: a stale key survives the outage, as it would on a real server
 * that came back.
 */
public final class RedisServerProcess implements KillableRedis, AutoCloseable {

	private final int port;

	private final Path directory;

	private final boolean appendOnly;

	private Process process;

	private RedisServerProcess(int port, Path directory) {
		this(port, directory, true);
	}

	private RedisServerProcess(int port, Path directory, boolean appendOnly) {
		this.port = port;
		this.directory = directory;
		this.appendOnly = appendOnly;
	}

	/**
	 * Starts a server on a given port from an RDB dump, as a restore from a backup does:
	 * it holds the data of the dump and keeps no append-only file.
	 * @param directory a directory holding the dump as {@code dump.rdb}
	 * @param port the port
	 * @return the running server
	 */
	public static RedisServerProcess startFromDump(Path directory, int port) {
		RedisServerProcess server = new RedisServerProcess(port, directory, false);
		server.restart();
		return server;
	}

	/**
	 * Starts a server on a free port.
	 * @return the running server
	 */
	public static RedisServerProcess start() {
		try {
			RedisServerProcess server = new RedisServerProcess(freePort(), Files.createTempDirectory("wt-redis"));
			server.restart();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not prepare a redis-server directory", ex);
		}
	}

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * The server's data directory (its append-only file, and {@code dump.rdb} after a
	 * {@code SAVE}).
	 * @return the directory
	 */
	public Path directory() {
		return this.directory;
	}

	/**
	 * Starts the server (again) on its port, with its data, and waits until it answers.
	 */
	public synchronized void restart() {
		if (this.process != null && this.process.isAlive()) {
			return;
		}
		ProcessBuilder builder = new ProcessBuilder(List.of("redis-server", "--port", String.valueOf(this.port),
				"--bind", "127.0.0.1", "--save", "", "--appendonly", this.appendOnly ? "yes" : "no", "--appendfsync",
				"always", "--dbfilename", "dump.rdb", "--dir", this.directory.toString(), "--daemonize", "no"));
		builder.redirectErrorStream(true);
		builder.redirectOutput(new File(this.directory.toFile(), "redis.log"));
		try {
			this.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start redis-server: it must be on the PATH (Debian package"
					+ " redis-server) for the outage tests", ex);
		}
		Awaitility.await("redis-server on port " + this.port + " answering")
			.atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> TestRedis.answersPing("127.0.0.1", this.port));
	}

	/**
	 * Kills the server with SIGKILL and waits until it is gone.
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
	 * Freezes the server with SIGSTOP: it keeps its connections open and answers nothing,
	 * as a Redis stalled by the host or a long fork would.
	 */
	public synchronized void freeze() {
		signal("STOP");
	}

	/**
	 * Lets a frozen server run again with SIGCONT.
	 */
	public synchronized void thaw() {
		signal("CONT");
	}

	private void signal(String signal) {
		if (this.process == null || !this.process.isAlive()) {
			throw new IllegalStateException("redis-server on port " + this.port + " is not running");
		}
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(this.process.pid())).start();
			if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("kill -" + signal + " of redis-server failed");
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not run kill -" + signal, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	@Override
	public void close() {
		kill();
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
