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
package dev.writethrough.benchmarks;

import java.util.Arrays;
import java.util.List;

/**
 * The libraries compared, in the order the report lists them.
 */
public enum Library {

	/** JdbcTemplate and Lettuce by hand: the limit. */
	HAND_WRITTEN("hand-written"),

	/** The starter. */
	OURS("ours"),

	/**
	 * The starter with {@code write-through.await-cache-update=false}: a write returns
	 * after its commit and the cache step runs in the background. Not in the default
	 * comparison; {@link InterleavedWrites} takes it.
	 */
	OURS_NO_AWAIT("ours-no-await"),

	/** Spring's transaction-aware RedisCacheManager. */
	SPRING("spring"),

	/** Redisson's Spring cache manager. */
	REDISSON("redisson"),

	/** No cache. */
	NO_CACHE("no-cache");

	private final String label;

	Library(String label) {
		this.label = label;
	}

	/**
	 * The library as the benchmark parameter and the report write it.
	 * @return for example {@code hand-written}
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The libraries of the default comparison: all but {@link #OURS_NO_AWAIT}, which
	 * {@link InterleavedWrites} and {@code -Dbench.libraries} take.
	 * @return their labels, in report order
	 */
	public static List<String> compared() {
		return Arrays.stream(values()).filter((library) -> library != OURS_NO_AWAIT).map(Library::label).toList();
	}

	/**
	 * The library of a label.
	 * @param label for example {@code ours}
	 * @return the library
	 */
	public static Library of(String label) {
		for (Library library : values()) {
			if (library.label.equals(label)) {
				return library;
			}
		}
		throw new IllegalArgumentException("Unknown library '" + label + "'");
	}

}
