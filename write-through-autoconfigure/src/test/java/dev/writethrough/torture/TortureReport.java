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

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What a torture run did and found.
 *
 * @param implementation the cache it ran on
 * @param elapsed how long the load ran
 * @param operations reads and writes done
 * @param reads reads through {@code @Cacheable}
 * @param commits write transactions that committed
 * @param rollbacks write transactions that rolled back
 * @param errors operations that threw (the caller saw an exception)
 * @param faults faults injected, by kind
 * @param staleReads reads that returned an older value than one already committed when
 * the read began
 * @param phantomReads reads that returned a value no transaction committed
 * @param stalenessP99Millis the 99th percentile of how long the stale reads' values had
 * been superseded
 * @param stalenessMaxMillis the longest of those
 * @param keys the keys compared at the end
 * @param staleKeys keys whose cached value differed from the database at the end
 * @param longestStale the longest stale read and the faults it overlapped, or
 * {@code null} when no read was stale
 */
public record TortureReport(TortureImplementation implementation, Duration elapsed, long operations, long reads,
		long commits, long rollbacks, long errors, Map<String, Integer> faults, long staleReads, long phantomReads,
		double stalenessP99Millis, double stalenessMaxMillis, int keys, int staleKeys, @Nullable String longestStale) {

	/** The header of {@link #markdownRow()}. */
	public static final String MARKDOWN_HEADER = """
			| cache | operations | reads | commits | rollbacks | errors | faults injected | stale reads | \
			phantom reads | staleness p99 | staleness max | stale keys at the end |
			|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|""";

	/**
	 * This report as a row of a Markdown table.
	 * @return the row
	 */
	public String markdownRow() {
		StringBuilder faultList = new StringBuilder();
		this.faults.forEach((kind, count) -> faultList.append((faultList.length() > 0) ? ", " : "")
			.append(kind)
			.append(" ")
			.append(count));
		return String.format("| %s | %d in %ds | %d | %d | %d | %d | %s | %d | %d | %.0f ms | %.0f ms | %d of %d |",
				this.implementation.id(), this.operations, this.elapsed.toSeconds(), this.reads, this.commits,
				this.rollbacks, this.errors, faultList, this.staleReads, this.phantomReads, this.stalenessP99Millis,
				this.stalenessMaxMillis, this.staleKeys, this.keys);
	}

}
