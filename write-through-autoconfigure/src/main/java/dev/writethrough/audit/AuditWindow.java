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

package dev.writethrough.audit;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;

/**
 * The audit results of one cache over a sliding hour, in one-minute buckets, and the last
 * stale entries found.
 *
 * @author write-through
 */
final class AuditWindow {

	private static final int MINUTES = 60;

	private static final int RECENT_STALE = 10;

	private final Clock clock;

	private final long[] minutes = new long[MINUTES];

	private final long[] consistent = new long[MINUTES];

	private final long[] stale = new long[MINUTES];

	private final long[] unsettled = new long[MINUTES];

	private final Deque<CacheAudit.StaleEntry> recentStale = new ArrayDeque<>();

	AuditWindow(Clock clock) {
		this.clock = clock;
	}

	synchronized void consistent() {
		this.consistent[bucket()]++;
	}

	synchronized void unsettled() {
		this.unsettled[bucket()]++;
	}

	synchronized void stale(CacheAudit.StaleEntry entry) {
		this.stale[bucket()]++;
		this.recentStale.addFirst(entry);
		while (this.recentStale.size() > RECENT_STALE) {
			this.recentStale.removeLast();
		}
	}

	synchronized CacheAudit lastHour(String source) {
		long now = minute();
		long consistentCount = 0;
		long staleCount = 0;
		long unsettledCount = 0;
		for (int i = 0; i < MINUTES; i++) {
			if (now - this.minutes[i] < MINUTES) {
				consistentCount += this.consistent[i];
				staleCount += this.stale[i];
				unsettledCount += this.unsettled[i];
			}
		}
		return CacheAudit.audited(source, consistentCount, staleCount, unsettledCount,
				new ArrayList<>(this.recentStale));
	}

	private int bucket() {
		long minute = minute();
		int index = (int) (minute % MINUTES);
		if (this.minutes[index] != minute) {
			this.minutes[index] = minute;
			this.consistent[index] = 0;
			this.stale[index] = 0;
			this.unsettled[index] = 0;
		}
		return index;
	}

	private long minute() {
		return this.clock.millis() / 60_000;
	}

}
