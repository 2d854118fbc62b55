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

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

/**
 * An entity of enums (by name and by ordinal), a UUID, primitives and java.time values.
 */
@Entity
@Table(name = "shape_ticket")
public class Ticket extends BaseEntity {

	/** How far a ticket got. */
	public enum Status {

		OPEN, IN_PROGRESS, CLOSED

	}

	/** How urgent a ticket is. */
	public enum Priority {

		LOW, HIGH

	}

	@Enumerated(EnumType.STRING)
	private Status status;

	@Enumerated(EnumType.ORDINAL)
	private Priority priority;

	private UUID reference;

	private boolean escalated;

	private long views;

	private LocalDateTime openedAt;

	private LocalTime dueBy;

	private Duration estimate;

	protected Ticket() {
	}

	public Ticket(Status status, Priority priority, UUID reference, boolean escalated, long views,
			LocalDateTime openedAt, LocalTime dueBy, Duration estimate) {
		this.status = status;
		this.priority = priority;
		this.reference = reference;
		this.escalated = escalated;
		this.views = views;
		this.openedAt = openedAt;
		this.dueBy = dueBy;
		this.estimate = estimate;
	}

}
