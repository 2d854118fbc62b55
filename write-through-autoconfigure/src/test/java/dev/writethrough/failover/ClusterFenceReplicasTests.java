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

package dev.writethrough.failover;

import java.nio.charset.StandardCharsets;

import dev.writethrough.it.support.RedisClusterNodes;
import dev.writethrough.it.support.RedisNode;
import dev.writethrough.it.support.RedisTopologies;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code write-through.fence.replicas} on a Redis Cluster: WAIT goes to the master of the
 * key's slot.
 */
class ClusterFenceReplicasTests extends AbstractFenceReplicasTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisTopologies.cluster().register(registry);
	}

	@Override
	protected RedisNode replicaServing(byte[] redisKey) {
		RedisClusterNodes cluster = RedisTopologies.cluster();
		return cluster.replicaOf(cluster.masterOf(new String(redisKey, StandardCharsets.UTF_8)));
	}

}
