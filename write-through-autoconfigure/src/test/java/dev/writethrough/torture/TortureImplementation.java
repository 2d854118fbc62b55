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

package dev.writethrough.torture;

import java.util.Arrays;

/**
 * The caches the torture test can run on.
 */
public enum TortureImplementation {

	/** The starter: {@code @WriteThrough} with its fence and read leases. */
	WRITE_THROUGH("write-through", TortureApplications.WriteThroughApplication.class),

	/**
	 * The starter with {@code @WriteThrough(version = ...)}: overlapping writers compare
	 * versions.
	 */
	WRITE_THROUGH_VERSIONED("write-through-versioned", TortureApplications.VersionedWriteThroughApplication.class),

	/** Spring's transaction-aware {@code RedisCacheManager} with {@code @CachePut}. */
	SPRING("spring", TortureApplications.SpringCacheApplication.class);

	private final String id;

	private final Class<?> application;

	TortureImplementation(String id, Class<?> application) {
		this.id = id;
		this.application = application;
	}

	/**
	 * The name used in properties and reports.
	 * @return the name
	 */
	public String id() {
		return this.id;
	}

	Class<?> application() {
		return this.application;
	}

	static TortureImplementation of(String id) {
		return Arrays.stream(values())
			.filter((implementation) -> implementation.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown torture implementation '" + id
					+ "': use write-through, write-through-versioned or spring"));
	}

}
