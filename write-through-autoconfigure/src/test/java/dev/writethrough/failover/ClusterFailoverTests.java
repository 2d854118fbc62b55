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
import dev.writethrough.it.support.RedisTopologies;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Failovers on a Redis Cluster of 3 masters with a replica each: the master of a hot key
 * killed, or handed over with {@code CLUSTER FAILOVER}.
 */
class ClusterFailoverTests extends AbstractFailoverTests {

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		RedisTopologies.cluster().register(registry);
	}

	@Override
	protected String topology() {
		return "Cluster";
	}

	@Override
	protected void killMaster(byte[] redisKey) {
		RedisClusterNodes cluster = RedisTopologies.cluster();
		cluster.killMasterAndAwaitPromotion(cluster.masterOf(new String(redisKey, StandardCharsets.UTF_8)));
	}

	@Override
	protected void failOverManually(byte[] redisKey) {
		RedisClusterNodes cluster = RedisTopologies.cluster();
		cluster.failOverTo(cluster.replicaOf(cluster.masterOf(new String(redisKey, StandardCharsets.UTF_8))));
	}

	@Override
	protected void heal() {
		RedisTopologies.cluster();
	}

}
