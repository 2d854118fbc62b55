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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Sentinel setup started from the {@code redis-server} binary: a master, a replica, and
 * 3 sentinels ({@code redis-server <config> --sentinel}, quorum 2, a master is down after
 * 1 s). The data nodes keep an append-only file synced on every write. Get the shared one
 * from {@link RedisTopologies#sentinel()}.
 */
public final class RedisSentinelNodes implements KillableRedis, AutoCloseable {

	/** The name the sentinels monitor the master by. */
	public static final String MASTER_NAME = "wt-master";

	private static final Duration HEALTHY = Duration.ofSeconds(60);

	private final List<RedisNode> dataNodes;

	private final List<RedisNode> sentinels;

	private RedisSentinelNodes(List<RedisNode> dataNodes, List<RedisNode> sentinels) {
		this.dataNodes = List.copyOf(dataNodes);
		this.sentinels = List.copyOf(sentinels);
	}

	static RedisSentinelNodes start(Path directory) {
		List<RedisNode> dataNodes = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			int port = RedisTopologies.freePort();
			Path nodeDirectory = RedisTopologies.directory(directory, String.valueOf(port));
			dataNodes.add(new RedisNode(port, nodeDirectory,
					List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes",
							"--appendfsync", "always", "--dir", nodeDirectory.toString(), "--daemonize", "no")));
		}
		int masterPort = dataNodes.get(0).port();
		List<RedisNode> sentinels = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			int port = RedisTopologies.freePort();
			Path nodeDirectory = RedisTopologies.directory(directory, String.valueOf(port));
			Path config = nodeDirectory.resolve("sentinel.conf");
			try {
				Files.writeString(config,
						String.join("\n", "port " + port, "bind 127.0.0.1", "daemonize no", "dir " + nodeDirectory,
								"sentinel monitor " + MASTER_NAME + " 127.0.0.1 " + masterPort + " 2",
								"sentinel down-after-milliseconds " + MASTER_NAME + " 1000",
								"sentinel failover-timeout " + MASTER_NAME + " 5000",
								"sentinel parallel-syncs " + MASTER_NAME + " 1", ""));
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not write " + config, ex);
			}
			sentinels.add(new RedisNode(port, nodeDirectory, List.of(config.toString(), "--sentinel")));
		}
		RedisSentinelNodes setup = new RedisSentinelNodes(dataNodes, sentinels);
		try {
			dataNodes.get(0).start();
			dataNodes.get(1).start();
			dataNodes.get(1).command("REPLICAOF", "127.0.0.1", String.valueOf(masterPort));
			sentinels.forEach(RedisNode::start);
			setup.awaitHealthy();
		}
		catch (RuntimeException ex) {
			setup.close();
			throw ex;
		}
		return setup;
	}

	/**
	 * Registers the setup as the application's Redis, the Boot way
	 * ({@code spring.data.redis.sentinel.master} and {@code .nodes}).
	 * @param registry the test's property registry
	 */
	public void register(DynamicPropertyRegistry registry) {
		String nodes = this.sentinels.stream().map(RedisNode::address).collect(Collectors.joining(","));
		registry.add("spring.data.redis.sentinel.master", () -> MASTER_NAME);
		registry.add("spring.data.redis.sentinel.nodes", () -> nodes);
		registry.add("spring.data.redis.timeout", () -> "2s");
	}

	/**
	 * The data node the sentinels name as master now.
	 * @return the master
	 */
	public RedisNode master() {
		int port = masterPort(this.sentinels.stream().filter(RedisNode::isRunning).findFirst().orElseThrow());
		return this.dataNodes.stream().filter((node) -> node.port() == port).findFirst().orElseThrow();
	}

	/**
	 * The data node that is not the master.
	 * @return the replica
	 */
	public RedisNode replica() {
		RedisNode master = master();
		return this.dataNodes.stream().filter((node) -> node != master).findFirst().orElseThrow();
	}

	/**
	 * Kills the master with SIGKILL and waits until the sentinels promoted the replica.
	 * @return the new master
	 */
	public RedisNode killMasterAndAwaitPromotion() {
		RedisNode master = master();
		RedisNode replica = replica();
		master.kill();
		awaitMaster(replica);
		return replica;
	}

	/**
	 * Asks the sentinels for a failover ({@code SENTINEL FAILOVER}) and waits until the
	 * replica is the master.
	 * @return the new master
	 */
	public RedisNode failOver() {
		RedisNode replica = replica();
		String answer = this.sentinels.get(0).command("SENTINEL", "FAILOVER", MASTER_NAME);
		if (!answer.startsWith("OK")) {
			throw new IllegalStateException("SENTINEL FAILOVER answered " + answer);
		}
		awaitMaster(replica);
		return replica;
	}

	private void awaitMaster(RedisNode replica) {
		Awaitility.await(replica + " promoted to master by every sentinel")
			.atMost(HEALTHY)
			.pollInterval(Duration.ofMillis(50))
			.ignoreExceptions()
			.until(() -> "master".equals(replica.info("replication", "role")) && this.sentinels.stream()
				.filter(RedisNode::isRunning)
				.allMatch((sentinel) -> masterPort(sentinel) == replica.port()));
	}

	/**
	 * Restarts every node that is not running (a restarted data node becomes the replica
	 * of the sentinels' master) and waits until every sentinel names the same master, and
	 * that master has its replica with its link up.
	 */
	public void awaitHealthy() {
		this.sentinels.forEach(RedisNode::start);
		Awaitility.await("the Sentinel setup healthy")
			.atMost(HEALTHY)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(this::restartDataNodes);
		Awaitility.await("the Sentinel setup healthy")
			.atMost(HEALTHY)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(this::healthy);
	}

	// A data node restarts as the replica of the master the sentinels know: left to
	// itself it would start as a second master until the sentinels noticed it.
	private boolean restartDataNodes() {
		int masterPort = masterPort(this.sentinels.get(0));
		for (RedisNode node : this.dataNodes) {
			if (!node.isRunning()) {
				node.start();
				if (node.port() != masterPort) {
					node.command("REPLICAOF", "127.0.0.1", String.valueOf(masterPort));
				}
			}
		}
		return true;
	}

	private boolean healthy() {
		List<Integer> masters = this.sentinels.stream().map(RedisSentinelNodes::masterPort).distinct().toList();
		if (masters.size() != 1) {
			return false;
		}
		RedisNode master = master();
		RedisNode replica = replica();
		return "master".equals(master.info("replication", "role"))
				&& "up".equals(replica.info("replication", "master_link_status"))
				&& Objects.equals(replica.info("replication", "master_port"), String.valueOf(master.port()))
				&& this.sentinels.stream().allMatch((sentinel) -> knowsGoodReplica(sentinel, replica));
	}

	// A sentinel fails over only to a replica it has seen up: one it has not polled
	// since the replica restarted answers NOGOODSLAVE.
	private static boolean knowsGoodReplica(RedisNode sentinel, RedisNode replica) {
		String replicas = sentinel.command("SENTINEL", "REPLICAS", MASTER_NAME);
		return replicas.contains(replica.address()) && replicas.replace("\r", "").contains("flags\nslave\n");
	}

	private static int masterPort(RedisNode sentinel) {
		String[] answer = sentinel.command("SENTINEL", "GET-MASTER-ADDR-BY-NAME", MASTER_NAME).split("\r?\n");
		return Integer.parseInt(answer[1].trim());
	}

	@Override
	public void kill() {
		this.dataNodes.forEach(RedisNode::kill);
	}

	@Override
	public void restart() {
		awaitHealthy();
	}

	@Override
	public void close() {
		this.sentinels.forEach(RedisNode::kill);
		this.dataNodes.forEach(RedisNode::kill);
	}

}
