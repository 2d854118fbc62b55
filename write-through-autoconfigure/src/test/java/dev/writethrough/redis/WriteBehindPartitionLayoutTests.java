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
package dev.writethrough.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The key layout of a write-behind cache whose queue is partitioned: which partition a
 * key belongs to, and in which hash slot each partition lives.
 */
class WriteBehindPartitionLayoutTests {

	@Test
	void onePartitionKeepsTheLayoutFromBeforePartitions() {
		CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", 1);
		assertThat(string(keys.entry("home"))).isEqualTo("wt:{page-views}:home");
		assertThat(string(keys.structure(0, "queue"))).isEqualTo("wt:{page-views}#queue");
		assertThat(keys.entryPatterns()).extracting(WriteBehindPartitionLayoutTests::string)
			.containsExactly("wt:{page-views}:*");
		assertThat(keys.partition("anything")).isZero();
	}

	@Test
	void aKeyBelongsToTheCrc32OfItsStringModuloThePartitions() {
		CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", 3);
		java.util.zip.CRC32 crc = new java.util.zip.CRC32();
		crc.update("home".getBytes(StandardCharsets.UTF_8));
		assertThat(keys.partition("home")).isEqualTo((int) (crc.getValue() % 3));
		assertThat(CacheKeys.partitioned("other:", "page-views", 3).partition("home"))
			.as("the same on every instance, whatever the prefix")
			.isEqualTo(keys.partition("home"));
		assertThat(keys.partition(keys.keyString(42L))).isEqualTo(keys.partition("42"));
	}

	@Test
	void keysSpreadOverEveryPartition() {
		CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", 3);
		int[] counts = new int[3];
		IntStream.range(0, 3000).forEach((i) -> counts[keys.partition("page-" + i)]++);
		assertThat(IntStream.of(counts).boxed().toList()).allSatisfy((count) -> assertThat(count).isBetween(800, 1200));
	}

	@Test
	void anEntryAndItsPartitionsStructuresShareOneSlot() {
		CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", 3);
		for (String key : List.of("home", "about", "42", "a:b", "x{y}")) {
			int partition = keys.partition(key);
			assertThat(ClusterSlotHashUtil.isSameSlotForAllKeys(keys.entry(key), keys.writers(key), keys.lease(key),
					keys.structure(partition, "queue"), keys.structure(partition, "latest"),
					keys.structure(partition, "held"), keys.structure(partition, "dead")))
				.as("key %s in partition %d", key, partition)
				.isTrue();
		}
	}

	@Test
	void partitionsLieInEqualSharesOfTheSlots() {
		for (int partitions : new int[] { 2, 3, 6, 16 }) {
			CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", partitions);
			for (int p = 0; p < partitions; p++) {
				int slot = ClusterSlotHashUtil.calculateSlot(keys.structure(p, "queue"));
				double share = 16384.0 / partitions;
				assertThat(slot).as("partition %d of %d", p, partitions)
					.isBetween((int) (p * share), (int) ((p + 1) * share) - 1);
			}
		}
	}

	@Test
	void threePartitionsLandOnTheThreeMastersOfAnEvenlySplitCluster() {
		// redis-cli --cluster create with 3 masters: 0-5460, 5461-10922, 10923-16383.
		int[][] masters = { { 0, 5460 }, { 5461, 10922 }, { 10923, 16383 } };
		for (String cache : List.of("page-views", "counters", "a", "a-much-longer-cache-name")) {
			CacheKeys keys = CacheKeys.partitioned("wt:", cache, 3);
			Set<Integer> used = new HashSet<>();
			for (int p = 0; p < 3; p++) {
				int slot = ClusterSlotHashUtil.calculateSlot(keys.structure(p, "queue"));
				for (int m = 0; m < 3; m++) {
					if (slot >= masters[m][0] && slot <= masters[m][1]) {
						used.add(m);
					}
				}
			}
			assertThat(used).as("masters of cache %s", cache).containsExactlyInAnyOrder(0, 1, 2);
		}
	}

	@Test
	void theTagsOfALayoutDependOnlyOnTheCacheAndTheNumberOfPartitions() {
		CacheKeys keys = CacheKeys.partitioned("wt:", "page-views", 3);
		assertThat(keys.partitionTag(1)).startsWith("page-views:3.1.")
			.isEqualTo(CacheKeys.partitioned("app:", "page-views", 3).partitionTag(1));
		assertThat(string(keys.entry("home"))).isEqualTo("wt:{" + keys.partitionTag(keys.partition("home")) + "}:home");
		assertThat(keys.entryPatterns()).hasSize(3)
			.extracting(WriteBehindPartitionLayoutTests::string)
			.allSatisfy((pattern) -> assertThat(pattern).startsWith("wt:{page-views:3.").endsWith("}:*"));
		assertThat(keys.withPartitions(1).entryPatterns()).extracting(WriteBehindPartitionLayoutTests::string)
			.containsExactly("wt:{page-views}:*");
	}

	@Test
	void refusesPartitionsOutOfRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKeys.partitioned("wt:", "page-views", 0))
			.withMessageContaining("Write-behind cache 'page-views' must have from 1 to 256 partitions");
		assertThatIllegalArgumentException().isThrownBy(() -> CacheKeys.partitioned("wt:", "page-views", 257));
	}

	private static String string(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

}
