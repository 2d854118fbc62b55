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

package dev.writethrough.changecapture;

import java.time.Duration;
import java.util.Map;

import org.springframework.util.Assert;

/**
 * What a {@link ChangeCapture} needs to know besides its mapping.
 *
 * @param name the name of this change stream: the PostgreSQL replication slot and
 * publication, the Debezium topic prefix, and the tag of its Redis keys
 * @param keyPrefix the cache's key prefix, which the Redis keys of change capture share
 * @param instance a name for this instance in logs, health and the leader key
 * @param connector the Debezium connector's properties (connector class, database,
 * tables, slot...); the offset store and schema history are added
 * @param binlog whether the connector reads a MariaDB or MySQL binary log, which needs a
 * schema history
 * @param leaderLease how long the leader's lease lives without renewal: a follower takes
 * over at most this long after the leader died
 * @param retryDelay how long to wait before restarting an engine that failed
 * @author write-through
 */
public record ChangeCaptureSettings(String name, String keyPrefix, String instance, Map<String, String> connector,
		boolean binlog, Duration leaderLease, Duration retryDelay) {

	public ChangeCaptureSettings {
		Assert.hasText(name, "name must not be empty");
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.hasText(instance, "instance must not be empty");
		Assert.isTrue(leaderLease.toMillis() >= 300, "leaderLease must be at least 300ms");
		Assert.isTrue(!retryDelay.isNegative(), "retryDelay must not be negative");
		connector = Map.copyOf(connector);
	}

}
