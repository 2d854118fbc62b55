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

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A Redis Cluster of 3 masters with a replica each, started from the {@code redis-server}
 * binary on local ports ({@code --cluster-enabled yes}, then
 * {@code redis-cli --cluster create ... --cluster-replicas 1}). Nodes keep an append-only
 * file synced on every write and their {@code nodes.conf}, so a killed node restarted
 * rejoins with its data, as a replica of whoever took its slots over. Get the shared one
 * from {@link RedisTopologies#cluster()}.
 */
public final class RedisClusterNodes implements KillableRedis, AutoCloseable {

	private static final Duration HEALTHY = Duration.ofSeconds(60);

	private final List<RedisNode> nodes;

	private RedisClusterNodes(List<RedisNode> nodes) {
		this.nodes = List.copyOf(nodes);
	}

	static RedisClusterNodes start(Path directory) {
		List<RedisNode> nodes = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			int port = RedisTopologies.freePort();
			Path nodeDirectory = RedisTopologies.directory(directory, String.valueOf(port));
			nodes.add(new RedisNode(port, nodeDirectory,
					List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
							"--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "2000", "--save", "",
							"--appendonly", "yes", "--appendfsync", "always", "--dir", nodeDirectory.toString(),
							"--daemonize", "no")));
		}
		RedisClusterNodes cluster = new RedisClusterNodes(nodes);
		try {
			nodes.forEach(RedisNode::start);
			List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
			nodes.forEach((node) -> create.add(node.address()));
			create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
			RedisNode.run(create);
			cluster.awaitHealthy();
		}
		catch (RuntimeException ex) {
			cluster.close();
			throw ex;
		}
		return cluster;
	}

	/**
	 * Registers the cluster as the application's Redis, the Boot way
	 * ({@code spring.data.redis.cluster.nodes}).
	 * @param registry the test's property registry
	 */
	public void register(DynamicPropertyRegistry registry) {
		String nodes = bootstrapNodes();
		registry.add("spring.data.redis.cluster.nodes", () -> nodes);
		registry.add("spring.data.redis.timeout", () -> "2s");
	}

	/**
	 * Every node's address, comma-separated.
	 * @return the addresses
	 */
	public String bootstrapNodes() {
		return this.nodes.stream().map(RedisNode::address).collect(Collectors.joining(","));
	}

	/**
	 * The nodes, masters and replicas.
	 * @return the nodes
	 */
	public List<RedisNode> nodes() {
		return this.nodes;
	}

	/**
	 * The nodes that are masters now, as the cluster sees it.
	 * @return the masters
	 */
	public List<RedisNode> masters() {
		return topology().stream().filter(ClusterNode::master).map(ClusterNode::node).toList();
	}

	/**
	 * The master that serves a key now.
	 * @param key the key
	 * @return its master
	 */
	public RedisNode masterOf(String key) {
		int slot = Integer.parseInt(anyRunning().command("CLUSTER", "KEYSLOT", key));
		return topology().stream()
			.filter((node) -> node.master() && node.serves(slot))
			.map(ClusterNode::node)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No master serves slot " + slot));
	}

	/**
	 * The replica of a master.
	 * @param master the master
	 * @return its replica
	 */
	public RedisNode replicaOf(RedisNode master) {
		List<ClusterNode> topology = topology();
		String masterId = topology.stream().filter((node) -> node.node() == master).findFirst().orElseThrow().id();
		return topology.stream()
			.filter((node) -> masterId.equals(node.masterId()))
			.map(ClusterNode::node)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(master + " has no replica"));
	}

	/**
	 * Kills a master with SIGKILL and waits until its replica took its slots over.
	 * @param master the master
	 * @return the replica now master
	 */
	public RedisNode killMasterAndAwaitPromotion(RedisNode master) {
		RedisNode replica = replicaOf(master);
		master.kill();
		awaitMaster(replica);
		return replica;
	}

	/**
	 * Asks a replica to take its master's place ({@code CLUSTER FAILOVER}, the graceful
	 * hand-over) and waits until it did.
	 * @param replica the replica
	 */
	public void failOverTo(RedisNode replica) {
		String answer = replica.command("CLUSTER", "FAILOVER");
		if (!answer.startsWith("OK")) {
			throw new IllegalStateException("CLUSTER FAILOVER on " + replica + " answered " + answer);
		}
		awaitMaster(replica);
	}

	private void awaitMaster(RedisNode replica) {
		Awaitility.await(replica + " promoted to master")
			.atMost(HEALTHY)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> "master".equals(replica.info("replication", "role")));
	}

	/**
	 * Restarts every node that is not running and waits until the cluster is whole: every
	 * node says {@code cluster_state:ok} with all 16384 slots, 3 masters each with a
	 * replica whose link is up.
	 */
	public void awaitHealthy() {
		this.nodes.forEach(RedisNode::start);
		Awaitility.await("the Redis Cluster at " + bootstrapNodes() + " healthy")
			.atMost(HEALTHY)
			.pollInterval(Duration.ofMillis(100))
			.ignoreExceptions()
			.until(this::healthy);
	}

	private boolean healthy() {
		for (RedisNode node : this.nodes) {
			String info = node.command("CLUSTER", "INFO");
			if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
				return false;
			}
		}
		List<ClusterNode> topology = topology();
		if (topology.stream().filter(ClusterNode::master).count() != 3
				|| topology.stream().anyMatch((node) -> node.flags().contains("fail"))) {
			return false;
		}
		return topology.stream()
			.filter((node) -> !node.master())
			.allMatch((node) -> "up".equals(node.node().info("replication", "master_link_status")));
	}

	@Override
	public void kill() {
		this.nodes.forEach(RedisNode::kill);
	}

	@Override
	public void restart() {
		awaitHealthy();
	}

	@Override
	public void close() {
		kill();
	}

	private RedisNode anyRunning() {
		return this.nodes.stream()
			.filter(RedisNode::isRunning)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No node of the cluster runs"));
	}

	private List<ClusterNode> topology() {
		List<ClusterNode> topology = new ArrayList<>();
		for (String line : anyRunning().command("CLUSTER", "NODES").split("\r?\n")) {
			String[] fields = line.trim().split(" ");
			if (fields.length < 8) {
				continue;
			}
			int port = Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1, fields[1].indexOf('@')));
			RedisNode node = this.nodes.stream()
				.filter((candidate) -> candidate.port() == port)
				.findFirst()
				.orElseThrow();
			List<int[]> slots = new ArrayList<>();
			for (int i = 8; i < fields.length; i++) {
				if (fields[i].startsWith("[")) {
					continue;
				}
				String[] range = fields[i].split("-");
				int first = Integer.parseInt(range[0]);
				slots.add(new int[] { first, (range.length > 1) ? Integer.parseInt(range[1]) : first });
			}
			topology.add(new ClusterNode(fields[0], node, fields[2], fields[3], slots));
		}
		return topology;
	}

	private record ClusterNode(String id, RedisNode node, String flags, String masterId, List<int[]> slots) {

		boolean master() {
			return this.flags.contains("master") && !this.flags.contains("fail");
		}

		boolean serves(int slot) {
			return this.slots.stream().anyMatch((range) -> range[0] <= slot && slot <= range[1]);
		}

	}

}
