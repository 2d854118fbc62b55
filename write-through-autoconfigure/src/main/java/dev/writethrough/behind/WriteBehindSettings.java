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
package dev.writethrough.behind;

import java.time.Duration;

import org.springframework.util.Assert;

/**
 * The settings of one write-behind cache.
 *
 * @param batchSize most writes in one transaction
 * @param flushInterval how often a flusher looks for writes when there is less than a
 * batch
 * @param maxPending most writes the queue holds
 * @param blockWhenFull whether a write waits for room in a full queue (else it fails)
 * @param blockTimeout how long it waits
 * @param claimTimeout how long a batch stays unacknowledged before another flusher takes
 * it over
 * @param maxAttempts how many times a write is tried before it is parked
 * @param initialBackoff the delay before a failed batch is tried again
 * @param maxBackoff the longest such delay
 * @param lagThreshold the lag above which health reports the cache degraded
 * @param shutdownTimeout how long shutdown waits for the queue to be written
 * @author write-through
 */
public record WriteBehindSettings(int batchSize, Duration flushInterval, long maxPending, boolean blockWhenFull,
		Duration blockTimeout, Duration claimTimeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
		Duration lagThreshold, Duration shutdownTimeout) {

	public WriteBehindSettings {
		Assert.isTrue(batchSize > 0, "batchSize must be positive");
		Assert.isTrue(maxPending > 0, "maxPending must be positive");
		Assert.isTrue(maxAttempts > 0, "maxAttempts must be positive");
		Assert.isTrue(flushInterval.toMillis() > 0, "flushInterval must be at least 1ms");
		Assert.isTrue(claimTimeout.toMillis() > 0, "claimTimeout must be at least 1ms");
	}

}
