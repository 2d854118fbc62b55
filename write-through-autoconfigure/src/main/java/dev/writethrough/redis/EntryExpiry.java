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

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.util.Assert;

/**
 * How long the keys of one cache's entries live. Defaults are not here: they are the
 * configuration properties' ({@code write-through.*}).
 *
 * @param ttl the time to live of a value, zero for none
 * @param ttlJitter the fraction (0 to below 1) by which a value's time to live is
 * randomly shortened, so entries written together do not expire together
 * @param markerTtl how long a writer's marker lives if the writer never ends (longer than
 * any transaction)
 * @param leaseTtl how long a read lease lives if its holder never fills
 * @author write-through
 */
public record EntryExpiry(Duration ttl, double ttlJitter, Duration markerTtl, Duration leaseTtl) {

	public EntryExpiry {
		Assert.isTrue(ttl != null && !ttl.isNegative(), "ttl must not be negative");
		Assert.isTrue(ttlJitter >= 0 && ttlJitter < 1, "ttlJitter must be at least 0 and below 1");
		Assert.isTrue(markerTtl != null && markerTtl.toMillis() > 0, "markerTtl must be at least 1ms");
		Assert.isTrue(leaseTtl != null && leaseTtl.toMillis() > 0, "leaseTtl must be at least 1ms");
	}

	/**
	 * The time to live of one value about to be stored: {@link #ttl()} shortened by a
	 * random part of {@link #ttlJitter()}.
	 * @return the time to live, zero for none
	 */
	public Duration valueTtl() {
		if (this.ttlJitter == 0 || this.ttl.isZero()) {
			return this.ttl;
		}
		long millis = this.ttl.toMillis();
		long cut = (long) (millis * this.ttlJitter * ThreadLocalRandom.current().nextDouble());
		return Duration.ofMillis(Math.max(1, millis - cut));
	}

}
