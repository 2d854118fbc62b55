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

/**
 * The two sizes of a cached value, as its plain JSON
 * ({@code {"id":..,"name":..,"payload":..}}).
 */
public enum ValueSize {

	/** About 200 bytes of JSON. */
	SMALL("200B", 200),

	/** About 10 KB of JSON. */
	LARGE("10KB", 10 * 1024);

	private final String label;

	private final int jsonBytes;

	ValueSize(String label, int jsonBytes) {
		this.label = label;
		this.jsonBytes = jsonBytes;
	}

	/**
	 * The size as the benchmark parameter and the report write it.
	 * @return for example {@code 200B}
	 */
	public String label() {
		return this.label;
	}

	/**
	 * The ids of this size's rows start here, so both sizes live in one table.
	 * @return the first id
	 */
	public long firstId() {
		return (this == SMALL) ? 1 : 1_000_001;
	}

	/**
	 * The payload that brings a product's JSON to this size.
	 * @return the payload
	 */
	public String payload() {
		// id, name and the JSON punctuation take about 50 bytes.
		return "x".repeat(Math.max(1, this.jsonBytes - 50));
	}

	/**
	 * The size of a label.
	 * @param label {@code 200B} or {@code 10KB}
	 * @return the size
	 */
	public static ValueSize of(String label) {
		for (ValueSize size : values()) {
			if (size.label.equals(label)) {
				return size;
			}
		}
		throw new IllegalArgumentException("Unknown value size '" + label + "': use 200B or 10KB");
	}

}
