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
import java.util.List;

import org.springframework.boot.convert.DurationStyle;

/**
 * How long and how hard a torture run goes. Read from system properties, so that the long
 * run is the same test with other numbers:
 * <ul>
 * <li>{@code torture.operations}: reads and writes over both instances (default
 * 30000);</li>
 * <li>{@code torture.duration}: the most the load may take (default 75s); the run ends at
 * whichever limit comes first;</li>
 * <li>{@code torture.cache}: {@code write-through}, {@code write-through-versioned},
 * {@code spring}, or {@code all} (default);</li>
 * <li>{@code torture.keys}: the hot key set (default 12);</li>
 * <li>{@code torture.writers}, {@code torture.readers}: threads per instance (default 3
 * each);</li>
 * <li>{@code torture.fault-interval}: the pause between two faults (default 1s).</li>
 * </ul>
 *
 * @param operations the operations to run
 * @param duration the most the load may take
 * @param implementations the caches to run on
 * @param keys how many keys the load works on
 * @param writers writer threads per instance
 * @param readers reader threads per instance
 * @param faultInterval the pause between two faults
 */
public record TortureSettings(long operations, Duration duration, List<TortureImplementation> implementations, int keys,
		int writers, int readers, Duration faultInterval) {

	static TortureSettings fromSystemProperties() {
		String cache = System.getProperty("torture.cache", "all");
		List<TortureImplementation> implementations = "all".equals(cache) ? List.of(TortureImplementation.values())
				: List.of(TortureImplementation.of(cache));
		return new TortureSettings(Long.getLong("torture.operations", 30_000),
				DurationStyle.detectAndParse(System.getProperty("torture.duration", "75s")), implementations,
				Integer.getInteger("torture.keys", 12), Integer.getInteger("torture.writers", 3),
				Integer.getInteger("torture.readers", 3),
				DurationStyle.detectAndParse(System.getProperty("torture.fault-interval", "1s")));
	}

}
