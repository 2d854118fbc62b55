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

import java.math.BigDecimal;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;

/**
 * The root of a joined hierarchy.
 */
@Entity
@Table(name = "shape_payment")
@Inheritance(strategy = InheritanceType.JOINED)
public abstract class Payment extends BaseEntity {

	@Column(precision = 19, scale = 2)
	private BigDecimal amount;

	private Instant paidAt;

	protected Payment() {
	}

	protected Payment(BigDecimal amount, Instant paidAt) {
		this.amount = amount;
		this.paidAt = paidAt;
	}

}
