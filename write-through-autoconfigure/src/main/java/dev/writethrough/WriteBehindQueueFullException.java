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
 * Thrown when a write to a write-behind cache finds the cache's queue full (more than
 * {@code write-behind.max-pending} writes not yet in the database), at once or after
 * waiting {@code write-behind.block-timeout} for room, as {@code write-behind.when-full}
 * says. Nothing was written, neither to the cache nor to the queue: the caller may retry
 * later.
 *
 * @author write-through
 */
public class WriteBehindQueueFullException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message what was refused and what to do
	 */
	public WriteBehindQueueFullException(String message) {
		super(message);
	}

}
