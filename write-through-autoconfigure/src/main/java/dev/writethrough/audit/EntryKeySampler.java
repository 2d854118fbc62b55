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

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;

/**
 * Walks the entries of the audited caches with {@code SCAN}, one cache after the other,
 * one key per call, so sampling never blocks Redis and never holds more than one page of
 * keys. Not thread-safe: one sampling task calls it.
 *
 * @author write-through
 */
final class EntryKeySampler implements AutoCloseable {

	private static final int PAGE = 200;

	private final RedisConnectionFactory connectionFactory;

	private @Nullable RedisConnection connection;

	private @Nullable Cursor<byte[]> cursor;

	private @Nullable AuditedCache current;

	private int next;

	EntryKeySampler(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * The next entry of the audited caches, starting a new pass over a cache when the
	 * last one ended.
	 * @param caches the caches to walk
	 * @return the next entry, or {@code null} if a pass over every cache found none
	 * @throws RuntimeException if Redis does not answer; the walk starts again on the
	 * next call
	 */
	@Nullable Sample next(List<AuditedCache> caches) {
		if (caches.isEmpty()) {
			return null;
		}
		try {
			for (int opened = 0; opened <= caches.size();) {
				if (this.cursor == null || this.current == null) {
					this.current = caches.get(this.next++ % caches.size());
					this.cursor = connection().keyCommands()
						.scan(ScanOptions.scanOptions().match(this.current.pattern()).count(PAGE).build());
					opened++;
				}
				while (this.cursor.hasNext()) {
					byte[] redisKey = this.cursor.next();
					String key = this.current.keyOf(redisKey);
					if (key != null) {
						return new Sample(this.current, redisKey, key);
					}
				}
				closeCursor();
			}
			return null;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
	}

	private RedisConnection connection() {
		if (this.connection == null || this.connection.isClosed()) {
			this.connection = this.connectionFactory.getConnection();
		}
		return this.connection;
	}

	private void closeCursor() {
		Cursor<byte[]> open = this.cursor;
		this.cursor = null;
		this.current = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (RuntimeException ex) {
				// Already broken; a new cursor is opened next time.
			}
		}
	}

	@Override
	public void close() {
		closeCursor();
		RedisConnection open = this.connection;
		this.connection = null;
		if (open != null) {
			try {
				open.close();
			}
			catch (RuntimeException ex) {
				// Nothing left to release.
			}
		}
	}

	/**
	 * One sampled entry.
	 *
	 * @param cache the cache it is in
	 * @param redisKey its Redis key
	 * @param key its cache key's string form
	 */
	record Sample(AuditedCache cache, byte[] redisKey, String key) {

	}

}
