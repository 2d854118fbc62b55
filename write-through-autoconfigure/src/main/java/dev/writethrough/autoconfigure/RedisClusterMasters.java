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
package dev.writethrough.autoconfigure;

import java.util.Collection;

import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisClusterNode;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * How many masters serve the application's Redis: the default number of partitions of a
 * write-behind cache's queue.
 *
 * @author write-through
 */
final class RedisClusterMasters {

	private static final boolean LETTUCE = ClassUtils.isPresent(
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
			RedisClusterMasters.class.getClassLoader());

	private RedisClusterMasters() {
	}

	/**
	 * Counts the masters that serve slots, asking a Redis Cluster once; a standalone
	 * Redis or a Sentinel setup has one (and is not asked).
	 * @param connectionFactory the application's connections
	 * @param caches the write-behind caches that take the default, for the message
	 * @return the number of masters, at least 1
	 * @throws IllegalStateException if the cluster does not answer
	 */
	static int count(RedisConnectionFactory connectionFactory, Collection<String> caches) {
		if (LETTUCE && connectionFactory instanceof LettuceConnectionFactory lettuce && !lettuce.isClusterAware()) {
			return 1;
		}
		try (RedisConnection connection = connectionFactory.getConnection()) {
			if (!(connection instanceof RedisClusterConnection cluster)) {
				return 1;
			}
			long masters = 0;
			for (RedisClusterNode node : cluster.clusterGetNodes()) {
				if (node.isMaster() && !node.getSlotRange().getSlots().isEmpty()) {
					masters++;
				}
			}
			return (int) Math.max(1, Math.min(masters, dev.writethrough.redis.CacheKeys.MAX_PARTITIONS));
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("Could not size the queues of write-behind caches " + caches
					+ " to the Redis Cluster's masters: the cluster did not answer (" + ex.getMessage()
					+ "). Start with the cluster reachable, or set write-through.caches.<name>.write-behind.partitions"
					+ " for each of them", ex);
		}
	}

}
