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
import java.util.Arrays;
import java.util.UUID;

import org.springframework.util.Assert;
import org.springframework.util.ObjectUtils;

/**
 * The Redis key layout of one cache, settled once when the cache is built: every key the
 * starter keeps for an entry, and the rules for key prefixes and cache names.
 * <p>
 * An entry's value lives at {@code <prefix>{<cache name>:<key>}}: the braces are a Redis
 * Cluster hash tag, so the value and its fence keys (the value's key followed by
 * {@code :w} writers, {@code :s} write sequence, {@code :l} read lease, {@code :o}
 * shadow, {@code :e} ended writes, {@code :v} highest version) share one hash slot. A
 * write-behind cache stores {@code <prefix>{<cache name>}:<key>} instead, so its entries
 * share one slot with its own structures ({@code <prefix>{<cache name>}#<structure>}, its
 * queue for example) and a write and its queued copy change in one atomic step.
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

	static final byte[] SEQUENCE = bytes(":s");

	static final byte[] LEASE = bytes(":l");

	static final byte[] SHADOW = bytes(":o");

	static final byte[] ENDED = bytes(":e");

	static final byte[] VERSION = bytes(":v");

	private final String cacheName;

	private final String keyPrefix;

	// An entry's key is entryPrefix + key + entrySuffix.
	private final String entryPrefix;

	private final String entrySuffix;

	private CacheKeys(String keyPrefix, String cacheName, boolean sharedSlot) {
		this.cacheName = cacheName;
		this.keyPrefix = keyPrefix;
		this.entryPrefix = keyPrefix + "{" + cacheName + (sharedSlot ? "}:" : ":");
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
		return of(keyPrefix, cacheName, true);
	}

	private static CacheKeys of(String keyPrefix, String cacheName, boolean sharedSlot) {
		Assert.notNull(keyPrefix, "keyPrefix must not be null");
		Assert.hasText(cacheName, "cacheName must not be empty");
		Assert.isTrue(reservedCharacters(keyPrefix, RESERVED_PREFIX_CHARACTERS).isEmpty(),
				() -> "keyPrefix '" + keyPrefix + "' must not contain any of { } * ? [ ] \\");
		Assert.isTrue(reservedCharacters(cacheName, RESERVED_NAME_CHARACTERS).isEmpty(),
				() -> "Cache name '" + cacheName
						+ "' must not contain any of : { } * ? [ ] \\ (they are part of the Redis key layout or"
						+ " special in SCAN patterns); rename the cache");
		return new CacheKeys(keyPrefix, cacheName, sharedSlot);
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
	 * name>}:<key>} in a write-behind cache
	 * @throws IllegalStateException if the key's type has no {@code toString()} of its
	 * own (see {@link #keyString})
	 */
	public byte[] entry(Object key) {
		return bytes(this.entryPrefix + keyString(key) + this.entrySuffix);
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
	 * The Redis key of one of the cache's own structures (a write-behind cache's queue,
	 * for example), in the hash slot of a write-behind cache's entries.
	 * @param structure what the structure is
	 * @return {@code <prefix>{<cache name>}#<structure>}
	 */
	public byte[] structure(String structure) {
		return bytes(this.keyPrefix + "{" + this.cacheName + "}#" + structure);
	}

	/**
	 * The {@code SCAN MATCH} pattern of every key of the cache's entries, their fence
	 * keys included, and of nothing else.
	 * @return the pattern
	 */
	public byte[] entryPattern() {
		StringBuilder escaped = new StringBuilder(this.entryPrefix.length() + 8);
		// Names are checked for glob characters; escaped anyway, so a clear never matches
		// keys of another prefix or cache.
		for (char c : this.entryPrefix.toCharArray()) {
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
