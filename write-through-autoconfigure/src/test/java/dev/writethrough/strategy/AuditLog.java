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
package dev.writethrough.strategy;

import java.util.concurrent.atomic.AtomicInteger;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

/**
 * An audit log through a write-around cache.
 */
public class AuditLog {

	private final JdbcClient jdbc;

	private final AtomicInteger databaseReads = new AtomicInteger();

	public AuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@WriteThrough(cache = "audit", key = "#result.id")
	public AuditEntry save(AuditEntry entry) {
		int updated = this.jdbc.sql("UPDATE audit_entry SET text = ? WHERE id = ?")
			.param(entry.text())
			.param(entry.id())
			.update();
		if (updated == 0) {
			this.jdbc.sql("INSERT INTO audit_entry (id, text) VALUES (?, ?)")
				.param(entry.id())
				.param(entry.text())
				.update();
		}
		return entry;
	}

	@WriteThroughEvict(cache = "audit", key = "#id")
	public void delete(long id) {
		this.jdbc.sql("DELETE FROM audit_entry WHERE id = ?").param(id).update();
	}

	/**
	 * Saves the entry, then fails, so the transaction rolls back.
	 * @param entry the entry
	 * @return never
	 */
	@Transactional
	@WriteThrough(cache = "audit", key = "#entry.id")
	public AuditEntry saveAndFail(AuditEntry entry) {
		save(entry);
		throw new IllegalStateException("rolled back on purpose");
	}

	@Cacheable(cacheNames = "audit", key = "#id")
	public @Nullable AuditEntry find(long id) {
		this.databaseReads.incrementAndGet();
		return this.jdbc.sql("SELECT id, text FROM audit_entry WHERE id = ?")
			.param(id)
			.query((rs, row) -> new AuditEntry(rs.getLong(1), rs.getString(2)))
			.optional()
			.orElse(null);
	}

	public int databaseReads() {
		return this.databaseReads.get();
	}

}
