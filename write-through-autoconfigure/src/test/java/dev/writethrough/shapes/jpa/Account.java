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
import java.time.LocalDate;
import java.util.Currency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * An entity with no setters and a private no-arg constructor, holding money and time.
 */
@Entity
@Table(name = "shape_account")
public class Account extends BaseEntity {

	private String number;

	@Column(precision = 19, scale = 2)
	private BigDecimal balance;

	private Currency currency;

	private Instant openedAt;

	private LocalDate closesOn;

	private Account() {
	}

	public Account(String number, BigDecimal balance, Currency currency, Instant openedAt, LocalDate closesOn) {
		this.number = number;
		this.balance = balance;
		this.currency = currency;
		this.openedAt = openedAt;
		this.closesOn = closesOn;
	}

	public BigDecimal getBalance() {
		return this.balance;
	}

}
