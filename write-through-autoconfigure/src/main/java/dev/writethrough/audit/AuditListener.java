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

/**
 * Told of every audited entry; the auto-configuration registers one that counts
 * {@code writethrough.audit{cache,result}}.
 *
 * @author write-through
 */
@FunctionalInterface
public interface AuditListener {

	/**
	 * One sampled entry was compared with its row.
	 * @param cacheName the cache
	 * @param result what the comparison found
	 */
	void audited(String cacheName, Result result);

	/**
	 * What one audited entry was.
	 */
	enum Result {

		/** The cached value equals the database's row (or both are absent). */
		CONSISTENT,

		/**
		 * The cached value differed from the row twice, a grace period apart, while it
		 * stayed unchanged in Redis: no write in flight explains it.
		 */
		STALE;

		/**
		 * The value of the meter's {@code result} tag.
		 * @return {@code consistent} or {@code stale}
		 */
		public String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
