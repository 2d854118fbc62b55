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

package dev.writethrough;

/**
 * How writes reach a cache.
 *
 * @author write-through
 */
public enum WriteStrategy {

	/**
	 * The database commits first, then the cache is updated (the only strategy available
	 * in this version).
	 */
	WRITE_THROUGH,

	/**
	 * The cache is updated at once and the database later, from a durable queue. Not
	 * available yet: configuring it fails the application start.
	 */
	WRITE_BEHIND,

	/**
	 * The database commits and the key is evicted; the next read fills it. Not available
	 * yet: configuring it fails the application start.
	 */
	WRITE_AROUND

}
