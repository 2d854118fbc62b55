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
package dev.writethrough.strategy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.writethrough.it.support.RedisTopologies;

/**
 * Partitioned write-behind on a Redis Cluster of 3 masters with a replica each: 3
 * partitions by default, one on each master.
 */
class ClusterWriteBehindPartitionTests extends AbstractWriteBehindPartitionTests {

	@Override
	Map<String, Object> redis() {
		Map<String, Object> properties = new LinkedHashMap<>();
		RedisTopologies.cluster().register((name, value) -> properties.put(name, value.get()));
		return properties;
	}

	@Override
	int masters() {
		return 3;
	}

	@Override
	String masterOf(byte[] key) {
		return RedisTopologies.cluster().masterOf(new String(key, StandardCharsets.UTF_8)).address();
	}

}
