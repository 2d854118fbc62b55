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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The Redis Cluster and the Sentinel setup the suites share: each is started from the
 * {@code redis-server} binary the first time a suite asks for it, once per test JVM, and
 * killed by a shutdown hook when the JVM ends. A JVM that died without running its hooks
 * leaves pid files under {@code target/redis-topologies}: the next start kills those
 * processes before it starts its own.
 * <p>
 * Ports are chosen at start among free ones from {@code wt.topology.ports} (default
 * {@code 17000}) up to 999 above it; a Cluster node's bus port, 10000 above its port,
 * must be free too.
 */
public final class RedisTopologies {

	private static final Path ROOT = Paths.get("target", "redis-topologies").toAbsolutePath();

	private static final int FIRST_PORT = Integer.getInteger("wt.topology.ports", 17000);

	private static final Set<Integer> TAKEN = new HashSet<>();

	private static RedisClusterNodes cluster;

	private static RedisSentinelNodes sentinel;

	private RedisTopologies() {
	}

	/**
	 * The shared Redis Cluster of 3 masters with a replica each, healthy: started if it
	 * is not, and awaited until every slot is served and every master has its replica.
	 * @return the cluster
	 */
	public static synchronized RedisClusterNodes cluster() {
		if (cluster == null) {
			cluster = RedisClusterNodes.start(fresh("cluster"));
			Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "redis-cluster-shutdown"));
		}
		cluster.awaitHealthy();
		return cluster;
	}

	/**
	 * The shared Sentinel setup (a master, a replica, 3 sentinels), healthy: started if
	 * it is not, and awaited until every sentinel agrees on a master that has its
	 * replica.
	 * @return the setup
	 */
	public static synchronized RedisSentinelNodes sentinel() {
		if (sentinel == null) {
			sentinel = RedisSentinelNodes.start(fresh("sentinel"));
			Runtime.getRuntime().addShutdownHook(new Thread(sentinel::close, "redis-sentinel-shutdown"));
		}
		sentinel.awaitHealthy();
		return sentinel;
	}

	/**
	 * A free port of this JVM's range whose Cluster bus port is free too.
	 * @return the port
	 */
	static synchronized int freePort() {
		for (int port = FIRST_PORT; port < FIRST_PORT + 1000; port++) {
			if (!TAKEN.contains(port) && free(port) && free(port + 10000)) {
				TAKEN.add(port);
				return port;
			}
		}
		throw new IllegalStateException("No free port pair (p, p + 10000) from " + FIRST_PORT + " to "
				+ (FIRST_PORT + 999) + " for a Redis topology: free some, or choose another range with"
				+ " -Dwt.topology.ports=<first port>");
	}

	private static boolean free(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	// Kills what a JVM that died left running in the directory, then empties it.
	static Path fresh(String name) {
		Path directory = ROOT.resolve(name);
		try {
			if (Files.isDirectory(directory)) {
				try (Stream<Path> files = Files.walk(directory)) {
					files.filter((file) -> file.getFileName().toString().equals(RedisNode.PID_FILE))
						.forEach(RedisTopologies::killStale);
				}
				try (Stream<Path> files = Files.walk(directory)) {
					files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
				}
			}
			return Files.createDirectories(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + directory, ex);
		}
	}

	private static void killStale(Path pidFile) {
		try {
			long pid = Long.parseLong(Files.readString(pidFile).trim());
			Optional<ProcessHandle> process = ProcessHandle.of(pid);
			// Only a Redis: after a reboot the pid may be another program's. Debian's
			// redis-server is a link to redis-check-rdb, and Redis rewrites its title.
			if (process.isPresent() && isRedis(process.get().info())) {
				process.get().destroyForcibly();
				process.get().onExit().join();
			}
		}
		catch (IOException | NumberFormatException ex) {
			// Not a pid this support wrote: nothing to kill.
		}
	}

	private static boolean isRedis(ProcessHandle.Info info) {
		return info.command().map((command) -> command.contains("redis")).orElse(false)
				|| info.commandLine().map((command) -> command.contains("redis")).orElse(false);
	}

	static Path directory(Path parent, String name) {
		try {
			return Files.createDirectories(parent.resolve(name));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare " + parent.resolve(name), ex);
		}
	}

}
