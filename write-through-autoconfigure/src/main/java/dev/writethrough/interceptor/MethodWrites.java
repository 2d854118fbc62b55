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

package dev.writethrough.interceptor;

import java.util.List;

/**
 * The write operations of one method, and the path its writes take.
 *
 * @param operations the operations, empty if the method is not annotated
 * @param path the path its writes take
 * @author write-through
 */
record MethodWrites(List<WriteOperation> operations, Path path) {

	static final MethodWrites NONE = new MethodWrites(List.of(), Path.TRANSACTIONAL);

	/**
	 * Whether the method has no write operations.
	 * @return {@code true} if it is not annotated
	 */
	boolean isEmpty() {
		return this.operations.isEmpty();
	}

	/**
	 * Why a call of the method is refused, for {@link Path#REFUSED}.
	 * @return the message
	 */
	String refusal() {
		return this.operations.get(0).description() + " writes to write-behind and to other caches at once; a"
				+ " write-behind write does not wait for the database and the others do. Split the method in two,"
				+ " or give its caches one strategy";
	}

	/**
	 * The paths of writes.
	 */
	enum Path {

		/** The database commits, then the caches change after the commit. */
		TRANSACTIONAL,

		/**
		 * Write-behind caches: the write goes to the cache and its queue at once, without
		 * a transaction, and reaches the database later.
		 */
		WRITE_BEHIND,

		/** Write-behind and other caches at once: every call is refused. */
		REFUSED

	}

}
