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

import org.jspecify.annotations.Nullable;

/**
 * Compares what the database holds with what the cache holds, by persistent state (the
 * fields the cache's mapper writes, deeply, sets in any order), not by identity or
 * {@code equals}: the comparison the serializer makes when it checks that a type comes
 * back whole, worded for an audit.
 *
 * @author write-through
 */
final class AuditStateComparison implements CachedStateComparison {

	private final PersistentStateComparison comparison = new PersistentStateComparison();

	@Override
	public @Nullable String difference(@Nullable Object database, @Nullable Object cached) {
		if (database == null) {
			return (cached != null) ? "the database has no row, the cache holds a " + cached.getClass().getName()
					: null;
		}
		if (cached == null) {
			return "the cache holds the row as absent, the database has it";
		}
		String difference = this.comparison.difference(database, cached);
		// The comparison speaks of a value written and read back; here the database was
		// "written" and the cache "read back".
		return (difference != null) ? difference.replace(" when written, ", " in the database, ")
			.replace(" when read back", " in the cache") : null;
	}

}
