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
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;

/**
 * Spring Petclinic's owner: its pets are a final collection with only a getter, mapped
 * with a join column.
 */
@Entity
@Table(name = "shape_owner")
public class Owner extends BaseEntity {

	private String firstName;

	private String lastName;

	private String city;

	private String telephone;

	@OneToMany(cascade = CascadeType.ALL, fetch = FetchType.EAGER)
	@JoinColumn(name = "owner_id")
	@OrderBy("name")
	private final Set<Pet> pets = new LinkedHashSet<>();

	protected Owner() {
	}

	public Owner(String firstName, String lastName, String city, String telephone) {
		this.firstName = firstName;
		this.lastName = lastName;
		this.city = city;
		this.telephone = telephone;
	}

	public String getLastName() {
		return this.lastName;
	}

	public String getCity() {
		return this.city;
	}

	public void setCity(String city) {
		this.city = city;
	}

	public Set<Pet> getPets() {
		return this.pets;
	}

	public void addPet(Pet pet) {
		this.pets.add(pet);
	}

}
