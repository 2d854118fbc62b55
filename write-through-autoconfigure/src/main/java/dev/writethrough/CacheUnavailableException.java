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

import org.jspecify.annotations.Nullable;

/**
 * Thrown, with {@code write-through.on-cache-unavailable=fail}, when a write is refused
 * because the cache cannot be reached. Nothing was written to the database: the caller
 * may retry once the cache is back.
 *
 * @author write-through
 */
public class CacheUnavailableException extends RuntimeException {

	/**
	 * Create a new instance.
	 * @param message what was refused and what to do
	 * @param cause the failure that showed the cache is unavailable
	 */
	public CacheUnavailableException(String message, @Nullable Throwable cause) {
		super(message, cause);
	}

}
