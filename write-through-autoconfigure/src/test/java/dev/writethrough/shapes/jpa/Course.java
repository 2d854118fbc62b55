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

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/**
 * The inverse side of a bidirectional many-to-many.
 */
@Entity
@Table(name = "shape_course")
public class Course extends BaseEntity {

	private String title;

	@ManyToMany(mappedBy = "courses", fetch = FetchType.EAGER)
	private final Set<Student> students = new LinkedHashSet<>();

	protected Course() {
	}

	public Course(String title) {
		this.title = title;
	}

	public Set<Student> getStudents() {
		return this.students;
	}

}
