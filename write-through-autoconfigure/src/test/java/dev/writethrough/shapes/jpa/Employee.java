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

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;

/**
 * A self-referencing hierarchy: a manager and the reports who refer back to it.
 */
@Entity
@Table(name = "shape_employee")
public class Employee extends BaseEntity {

	private String name;

	@ManyToOne
	private Employee manager;

	@OneToMany(mappedBy = "manager", cascade = CascadeType.ALL, fetch = FetchType.EAGER)
	private final Set<Employee> reports = new LinkedHashSet<>();

	protected Employee() {
	}

	public Employee(String name) {
		this.name = name;
	}

	public void addReport(Employee report) {
		this.reports.add(report);
		report.manager = this;
	}

}
