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

package dev.writethrough.shapes.jpa;

import java.sql.Timestamp;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A legacy entity whose timestamp has more precision than the cache's JSON keeps (it is
 * written as milliseconds): it must be refused, not cached as less than the database
 * holds.
 */
@Entity
@Table(name = "shape_audit_record")
public class AuditRecord extends BaseEntity {

	private String action;

	private Timestamp recordedAt;

	protected AuditRecord() {
	}

	public AuditRecord(String action, Timestamp recordedAt) {
		this.action = action;
		this.recordedAt = recordedAt;
	}

}
