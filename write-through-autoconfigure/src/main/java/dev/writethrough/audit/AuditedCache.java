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

package dev.writethrough.audit;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.writethrough.WriteThroughCache;
import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.ConversionService;

/**
 * A cache the auditor samples: how its Redis keys read back as ids, how its rows load,
 * and what was found in it.
 *
 * @author write-through
 */
final class AuditedCache {

	private final WriteThroughCache cache;

	private final RowSource rows;

	private final AuditWindow window;

	private final ConversionService conversionService;

	private final byte[] pattern;

	private final Set<String> sampling = ConcurrentHashMap.newKeySet();

	// An entry's Redis key is entryPrefix + key + "}"; its fence keys follow the "}".
	private final String entryPrefix;

	AuditedCache(WriteThroughCache cache, RowSource rows, AuditWindow window, ConversionService conversionService) {
		this.cache = cache;
		this.rows = rows;
		this.window = window;
		this.conversionService = conversionService;
		this.pattern = cache.getKeys().entryPattern();
		String empty = new String(cache.redisKey(""), StandardCharsets.UTF_8);
		this.entryPrefix = empty.substring(0, empty.length() - 1);
	}

	String name() {
		return this.cache.getName();
	}

	WriteThroughCache cache() {
		return this.cache;
	}

	RowSource rows() {
		return this.rows;
	}

	AuditWindow window() {
		return this.window;
	}

	byte[] pattern() {
		return this.pattern;
	}

	/**
	 * Marks a key as being sampled.
	 * @param key the key
	 * @return {@code false} if it already is
	 */
	boolean begin(String key) {
		return this.sampling.add(key);
	}

	void end(String key) {
		this.sampling.remove(key);
	}

	void forgetSampling() {
		this.sampling.clear();
	}

	/**
	 * The cache key of an entry's Redis key.
	 * @param redisKey a key the entry pattern matched
	 * @return the cache key's string form, or {@code null} for a fence key
	 */
	@Nullable String keyOf(byte[] redisKey) {
		String key = new String(redisKey, StandardCharsets.UTF_8);
		if (!key.startsWith(this.entryPrefix) || !key.endsWith("}") || key.length() <= this.entryPrefix.length()) {
			return null;
		}
		return key.substring(this.entryPrefix.length(), key.length() - 1);
	}

	/**
	 * The id a cache key stands for.
	 * @param key the cache key's string form
	 * @return the id, or {@code null} if the key does not convert to the id type
	 */
	@Nullable Object idOf(String key) {
		try {
			return this.conversionService.convert(key, this.rows.idType());
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

}
