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
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link AuditWindow}: the last hour, in nines.
 */
class AuditWindowTests {

	private final AtomicLong now = new AtomicLong(Instant.parse("2026-12-02T10:00:00Z").toEpochMilli());

	private final AuditWindow window = new AuditWindow(new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return Instant.ofEpochMilli(AuditWindowTests.this.now.get());
		}

	});

	@Test
	void reportsNoConsistencyBeforeTheFirstSample() {
		CacheAudit audit = this.window.lastHour("JPA x by id");
		assertThat(audit.samples()).isZero();
		assertThat(audit.consistency()).isNull();
		assertThat(audit.nines()).isNull();
	}

	@Test
	void reportsConsistencyInNinesOverTheLastHourOnly() {
		for (int i = 0; i < 999; i++) {
			this.window.consistent();
		}
		this.window.stale(new CacheAudit.StaleEntry("7", "2026-12-02T10:00:00Z", "'name' differs"));
		CacheAudit audit = this.window.lastHour("JPA x by id");
		assertThat(audit.samples()).isEqualTo(1000);
		assertThat(audit.consistency()).isEqualTo(0.999);
		assertThat(audit.nines()).isEqualTo(3.0);
		assertThat(audit.recentStale()).extracting(CacheAudit.StaleEntry::key).containsExactly("7");
		this.now.addAndGet(59 * 60_000);
		this.window.consistent();
		assertThat(this.window.lastHour("JPA x by id").samples()).as("59 minutes later").isEqualTo(1001);
		this.now.addAndGet(60_000);
		CacheAudit later = this.window.lastHour("JPA x by id");
		assertThat(later.samples()).as("the first minute's samples have left the hour").isEqualTo(1);
		assertThat(later.stale()).isZero();
		assertThat(later.nines()).as("no stale entry in the hour").isNull();
		assertThat(later.consistency()).isEqualTo(1.0);
	}

}
