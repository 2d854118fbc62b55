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
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;

/**
 * The owning side of a bidirectional many-to-many.
 */
@Entity
@Table(name = "shape_student")
public class Student extends BaseEntity {

	private String name;

	@ManyToMany(fetch = FetchType.EAGER)
	@JoinTable(name = "shape_student_course")
	private final Set<Course> courses = new LinkedHashSet<>();

	protected Student() {
	}

	public Student(String name) {
		this.name = name;
	}

	public void enrol(Course course) {
		this.courses.add(course);
		course.getStudents().add(this);
	}

}
