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
 * What a reader that missed gets when it asks for the lease to fill an entry.
 *
 * @param status the answer
 * @param value the value, when it appeared meanwhile
 * @author write-through
 */
public record LeaseResult(Status status, byte @Nullable [] value) {

	/**
	 * The answers.
	 */
	public enum Status {

		/** The value is there after all. */
		VALUE,

		/** The reader holds the lease: it may fill the entry. */
		GRANTED,

		/** A writer is active: read the database and do not fill. */
		WRITER_ACTIVE,

		/** Another reader holds the lease: wait for its fill. */
		BUSY

	}

}
