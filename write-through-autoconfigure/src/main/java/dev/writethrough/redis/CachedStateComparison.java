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
public sealed interface CachedStateComparison permits AuditStateComparison {

	/**
	 * The first difference between a database row's value and the cached value.
	 * @param database the value loaded from the database (an entity or aggregate, its
	 * lazy associations loadable), {@code null} if the row is absent
	 * @param cached the value read from the cache, {@code null} for a cached absent value
	 * @return where and how they differ, or {@code null} if they do not
	 */
	@Nullable String difference(@Nullable Object database, @Nullable Object cached);

	/**
	 * Create a comparison.
	 * @return the comparison
	 */
	static CachedStateComparison create() {
		return new AuditStateComparison();
	}

}
