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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.zip.CRC32;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.util.Assert;
import org.springframework.util.ObjectUtils;

/**
 * The Redis key layout of one cache, settled once when the cache is built: every key the
 * starter keeps for an entry, and the rules for key prefixes and cache names.
 * <p>
 * An entry's value lives at {@code <prefix>{<cache name>:<key>}}: the braces are a Redis
 * Cluster hash tag, so the value and its fence keys (the value's key followed by
 * {@code :w} writers, {@code :c} counters of begun and ended writes and the highest
 * version, {@code :l} read lease, {@code :o} shadow) share one hash slot. A write-behind
 * cache stores {@code <prefix>{<cache name>}:<key>} instead, so its entries share one
 * slot with its own structures ({@code <prefix>{<cache name>}#<structure>}, its queue for
 * example) and a write and its queued copy change in one atomic step.
 * <p>
 * A write-behind cache of {@code N > 1} partitions has one such slot per partition: the
 * entries and structures of partition {@code p} live under the hash tag {@code {<cache
 * name>:N.p.i}}, where {@code i} is the smallest number from 0 that puts the tag's slot
 * near the middle of the {@code p}-th of {@code N} equal shares of the 16384 slots, so
 * that on a cluster whose slots are split evenly ({@code redis-cli
 * --cluster create} does so) {@code N} partitions over {@code N} masters land one on
 * each. A key belongs to partition {@code CRC-32(UTF-8 bytes of its string form) mod N}
 * ({@link #partition(String)}), always the same for a given {@code N}. With one partition
 * the layout is the one above ({@code {<cache name>}}), unchanged from the layout before
 * partitions existed.
 *
 * @author write-through
 */
public final class CacheKeys {

	/**
	 * Characters a key prefix must not contain: braces mark Redis Cluster hash tags, and
	 * the others are special in the patterns of {@code SCAN MATCH}, which clearing a
	 * cache uses.
	 */
	public static final String RESERVED_PREFIX_CHARACTERS = "{}*?[]\\";

	/**
	 * Characters a cache name must not contain: those of
	 * {@link #RESERVED_PREFIX_CHARACTERS} and {@code :}, which separates the cache name
	 * from the key.
	 */
	public static final String RESERVED_NAME_CHARACTERS = ":" + RESERVED_PREFIX_CHARACTERS;

	static final byte[] WRITERS = bytes(":w");

	static final byte[] COUNTERS = bytes(":c");

	static final byte[] LEASE = bytes(":l");

	static final byte[] SHADOW = bytes(":o");

	/**
	 * The most partitions a write-behind cache may have.
	 */
	public static final int MAX_PARTITIONS = 256;

	private static final int SLOTS = ClusterSlotHashUtil.SLOT_COUNT;

	private final String cacheName;

	private final String keyPrefix;

	private final boolean sharedSlot;

	// The hash tag of each partition of a write-behind cache, none for per-entry slots.
	private final String[] tags;

	// An entry's key is entryPrefixes[partition] + key + entrySuffix.
	private final String[] entryPrefixes;

	private final String entrySuffix;

	private CacheKeys(String keyPrefix, String cacheName, boolean sharedSlot, int partitions) {
		this.cacheName = cacheName;
		this.keyPrefix = keyPrefix;
		this.sharedSlot = sharedSlot;
		this.tags = sharedSlot ? partitionTags(cacheName, partitions) : new String[0];
		this.entryPrefixes = sharedSlot
				? Arrays.stream(this.tags).map((tag) -> keyPrefix + "{" + tag + "}:").toArray(String[]::new)
				: new String[] { keyPrefix + "{" + cacheName + ":" };
		this.entrySuffix = sharedSlot ? "" : "}";
	}

	/**
	 * The layout of a cache whose entries each have a hash slot of their own.
	 * @param keyPrefix the prefix of every key (none of
	 * {@link #RESERVED_PREFIX_CHARACTERS})
	 * @param cacheName the cache name (none of {@link #RESERVED_NAME_CHARACTERS})
	 * @return the layout
	 * @throws IllegalArgumentException if the prefix or the name holds a reserved
	 * character
	 */
	public static CacheKeys perEntrySlot(String keyPrefix, String cacheName) {
		return of(keyPrefix, cacheName, false);
	}

	/**
	 * The layout of a write-behind cache, whose entries share one hash slot with its
	 * queue.
	 * @param keyPrefix the prefix of every key (none of
	 * {@link #RESERVED_PREFIX_CHARACTERS})
	 * @param cacheName the cache name (none of {@link #RESERVED_NAME_CHARACTERS})
	 * @return the layout
	 * @throws IllegalArgumentException if the prefix or the name holds a reserved
	 * character
	 */
	public static CacheKeys sharedSlot(String keyPrefix, String cacheName) {
		return of(keyPrefix, cacheName, true, 1);
	}

	/**
	 * The layout of a write-behind cache whose queue is partitioned: the entries of each
	 * partition share one hash slot with that partition's queue.
	 * @param keyPrefix the prefix of every key (none of
	 * {@link #RESERVED_PREFIX_CHARACTERS})
	 * @param cacheName the cache name (none of {@link #RESERVED_NAME_CHARACTERS})
	 * @param partitions how many partitions, from 1 to {@link #MAX_PARTITIONS}; 1 is
	 * {@link #sharedSlot(String, String)}
	 * @return the layout
	 * @throws IllegalArgumentException if the prefix or the name holds a reserved
	 * character, or the number of partitions is out of range
	 */
	public static CacheKeys partitioned(String keyPrefix, String cacheName, int partitions) {
		Assert.isTrue(partitions >= 1 && partitions <= MAX_PARTITIONS, () -> "Write-behind cache '" + cacheName
				+ "' must have from 1 to " + MAX_PARTITIONS + " partitions, but was given " + partitions);
		return of(keyPrefix, cacheName, true, partitions);
	}

	private static CacheKeys of(String keyPrefix, String cacheName, boolean sharedSlot) {
		return of(keyPrefix, cacheName, sharedSlot, 1);
	}

	private static CacheKeys of(String keyPrefix, String cacheName, boolean sharedSlot, int partitions) {
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.hasText(cacheName, "cacheName must not be empty");
		Assert.isTrue(reservedCharacters(keyPrefix, RESERVED_PREFIX_CHARACTERS).isEmpty(),
				() -> "keyPrefix '" + keyPrefix + "' must not contain any of { } * ? [ ] \\");
		Assert.isTrue(reservedCharacters(cacheName, RESERVED_NAME_CHARACTERS).isEmpty(),
				() -> "Cache name '" + cacheName
						+ "' must not contain any of : { } * ? [ ] \\ (they are part of the Redis key layout or"
						+ " special in SCAN patterns); rename the cache");
		return new CacheKeys(keyPrefix, cacheName, sharedSlot, partitions);
	}

	// The tag of partition p of n: its slot lies in a window of a sixteenth of the
	// partition's share, centred in the share, so rounding at the edges of a master's
	// slot range does not move it to the neighbour.
	private static String[] partitionTags(String cacheName, int partitions) {
		if (partitions == 1) {
			return new String[] { cacheName };
		}
		String[] tags = new String[partitions];
		double share = (double) SLOTS / partitions;
		int width = Math.max(1, (int) (share / 16));
		for (int p = 0; p < partitions; p++) {
			int from = (int) Math.floor(p * share + share / 2 - width / 2.0);
			for (int i = 0;; i++) {
				String tag = cacheName + ":" + partitions + "." + p + "." + i;
				int slot = ClusterSlotHashUtil.calculateSlot(tag);
				if (slot >= from && slot < from + width) {
					tags[p] = tag;
					break;
				}
			}
		}
		return tags;
	}

	/**
	 * The layout of this write-behind cache with another number of partitions (the layout
	 * of an earlier start, for example).
	 * @param partitions how many partitions
	 * @return the layout
	 */
	public CacheKeys withPartitions(int partitions) {
		Assert.state(this.sharedSlot, "Only a write-behind cache has partitions");
		return partitioned(this.keyPrefix, this.cacheName, partitions);
	}

	/**
	 * How many partitions a write-behind cache's queue has.
	 * @return the number of partitions, 1 for a cache that is not write-behind
	 */
	public int partitions() {
		return this.sharedSlot ? this.tags.length : 1;
	}

	/**
	 * The partition of a key: {@code CRC-32} of the UTF-8 bytes of its string form,
	 * modulo the number of partitions, so a key always maps to the same partition for a
	 * given number of partitions, on every instance.
	 * @param keyString the key's string form ({@link #keyString(Object)})
	 * @return the partition, from 0 to {@link #partitions()} - 1
	 */
	public int partition(String keyString) {
		if (partitions() == 1) {
			return 0;
		}
		CRC32 crc = new CRC32();
		crc.update(bytes(keyString));
		return (int) (crc.getValue() % partitions());
	}

	/**
	 * The hash tag of one partition of a write-behind cache.
	 * @param partition the partition
	 * @return the tag, without braces
	 */
	public String partitionTag(int partition) {
		Assert.state(this.sharedSlot, "Only a write-behind cache has partitions");
		return this.tags[partition];
	}

	/**
	 * The reserved characters a name contains.
	 * @param name a key prefix or cache name
	 * @param reserved the characters it must not contain, for example
	 * {@link #RESERVED_NAME_CHARACTERS}
	 * @return those it contains, in order, each once; empty if none
	 */
	public static String reservedCharacters(String name, String reserved) {
		StringBuilder found = new StringBuilder();
		name.chars()
			.filter((c) -> reserved.indexOf(c) >= 0 && found.indexOf(String.valueOf((char) c)) < 0)
			.forEach((c) -> found.append((char) c));
		return found.toString();
	}

	/**
	 * The Redis key of an entry's value.
	 * @param key the cache key
	 * @return {@code <prefix>{<cache name>:<key>}}, or {@code <prefix>{<cache
	 * name>}:<key>} in a write-behind cache of one partition ({@code <prefix>{<tag of the
	 * key's partition>}:<key>} with several)
	 * @throws IllegalStateException if the key's type has no {@code toString()} of its
	 * own (see {@link #keyString})
	 */
	public byte[] entry(Object key) {
		String keyString = keyString(key);
		return bytes(this.entryPrefixes[partition(keyString)] + keyString + this.entrySuffix);
	}

	/**
	 * The Redis key of an entry's active writers, which a write-behind cache marks while
	 * the entry's write is queued.
	 * @param key the cache key
	 * @return the entry's key followed by {@code :w}
	 */
	public byte[] writers(Object key) {
		return fenceKeys(entry(key), WRITERS)[1];
	}

	/**
	 * The Redis key of an entry's read lease.
	 * @param key the cache key
	 * @return the entry's key followed by {@code :l}
	 */
	public byte[] lease(Object key) {
		return fenceKeys(entry(key), LEASE)[1];
	}

	/**
	 * The Redis key of one of the cache's own structures (a write-behind cache's
	 * partition registry, for example), in the hash slot of a one-partition write-behind
	 * cache's entries, whatever the number of partitions.
	 * @param structure what the structure is
	 * @return {@code <prefix>{<cache name>}#<structure>}
	 */
	public byte[] structure(String structure) {
		return bytes(this.keyPrefix + "{" + this.cacheName + "}#" + structure);
	}

	/**
	 * The Redis key of one of a partition's structures (its queue, for example), in the
	 * hash slot of that partition's entries.
	 * @param partition the partition
	 * @param structure what the structure is
	 * @return {@code <prefix>{<partition's tag>}#<structure>}; for one partition
	 * {@code <prefix>{<cache name>}#<structure>}
	 */
	public byte[] structure(int partition, String structure) {
		return bytes(this.keyPrefix + "{" + partitionTag(partition) + "}#" + structure);
	}

	/**
	 * The {@code SCAN MATCH} pattern of every key of the cache's entries, their fence
	 * keys included, and of nothing else, for a cache whose entries are under one pattern
	 * (all but a write-behind cache of several partitions).
	 * @return the pattern
	 * @throws IllegalStateException for a write-behind cache of several partitions (see
	 * {@link #entryPatterns()})
	 */
	public byte[] entryPattern() {
		Assert.state(this.entryPrefixes.length == 1,
				"A write-behind cache of several partitions has one pattern per partition: use entryPatterns()");
		return pattern(this.entryPrefixes[0]);
	}

	/**
	 * The {@code SCAN MATCH} patterns of every key of the cache's entries, their fence
	 * keys included, and of nothing else: one per partition of a write-behind cache,
	 * whose matches share one hash slot, else the one of {@link #entryPattern()}.
	 * @return the patterns
	 */
	public List<byte[]> entryPatterns() {
		List<byte[]> patterns = new ArrayList<>(this.entryPrefixes.length);
		for (String prefix : this.entryPrefixes) {
			patterns.add(pattern(prefix));
		}
		return patterns;
	}

	private static byte[] pattern(String prefix) {
		StringBuilder escaped = new StringBuilder(prefix.length() + 8);
		// Names are checked for glob characters; escaped anyway, so a clear never matches
		// keys of another prefix or cache.
		for (char c : prefix.toCharArray()) {
			if ("*?[]\\".indexOf(c) >= 0) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return bytes(escaped.append('*').toString());
	}

	/**
	 * The string form of a key, as it appears in the Redis key.
	 * @param key the cache key
	 * @return its string form
	 * @throws IllegalStateException if the key's type has no {@code toString()} of its
	 * own
	 */
	public String keyString(Object key) {
		if (key instanceof CharSequence || key instanceof Number || key instanceof Enum<?> || key instanceof UUID) {
			return key.toString();
		}
		String string = key.toString();
		Assert.state(!string.equals(ObjectUtils.identityToString(key)), () -> "Cache key of type "
				+ key.getClass().getName() + " in cache '" + this.cacheName
				+ "' has no toString() of its own, so it cannot become a Redis key; use a key expression that returns"
				+ " a String, a number or a type whose toString() identifies the value");
		return string;
	}

	// The keys of one entry a fence script touches: the value's key, then its suffixed
	// fence keys.
	static byte[][] fenceKeys(byte[] entry, byte[]... suffixes) {
		byte[][] keys = new byte[suffixes.length + 1][];
		keys[0] = entry;
		for (int i = 0; i < suffixes.length; i++) {
			byte[] suffixed = Arrays.copyOf(entry, entry.length + suffixes[i].length);
			System.arraycopy(suffixes[i], 0, suffixed, entry.length, suffixes[i].length);
			keys[i + 1] = suffixed;
		}
		return keys;
	}

	private static byte[] bytes(String string) {
		return string.getBytes(StandardCharsets.UTF_8);
	}

}
