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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topologies' clean-up after a test JVM that died without its shutdown hooks: the
 * next start kills the nodes whose pid files it left.
 */
class RedisTopologiesTests {

	@Test
	void aNodeADeadJvmLeftRunningIsKilledBeforeTheTopologyStartsAgain() {
		Path directory = RedisTopologies.fresh("stale-probe");
		int port = RedisTopologies.freePort();
		RedisNode node = new RedisNode(port, RedisTopologies.directory(directory, String.valueOf(port)),
				List.of("--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"));
		node.start();
		try {
			// Dropped without kill(), as a JVM killed with SIGKILL drops it.
			assertThat(TestRedis.answersPing("127.0.0.1", port)).isTrue();

			Path again = RedisTopologies.fresh("stale-probe");

			assertThat(node.isRunning()).as("the node left running").isFalse();
			assertThat(TestRedis.answersPing("127.0.0.1", port)).isFalse();
			assertThat(again.toFile().list()).as("the directory after the clean-up").isEmpty();
			assertThat(Files.isDirectory(again)).isTrue();
		}
		finally {
			// A clean-up that failed must not leave the node behind.
			node.kill();
		}
	}

}
