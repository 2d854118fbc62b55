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

package dev.writethrough.redis;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonBackReference;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonManagedReference;
import com.fasterxml.jackson.annotation.JsonView;
import org.junit.jupiter.api.Test;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.ScrollPosition;
import org.springframework.data.domain.Slice;
import org.springframework.data.domain.SliceImpl;
import org.springframework.data.domain.Sort;
import org.springframework.data.domain.Window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the cache's own mapper ({@link PersistentStateMapper}) through
 * {@link JsonValueSerializer}: persistent state comes back whole, whatever the web
 * annotations say.
 */
class PersistentStateMapperTests {

	private final SerializationAllowList allowList = new SerializationAllowList();

	private final JsonValueSerializer serializer = new JsonValueSerializer(this.allowList);

	@SuppressWarnings("unchecked")
	private <T> T roundTrip(T value) {
		return (T) this.serializer.deserialize(this.serializer.serialize(value));
	}

	@Test
	void aFinalCollectionWithOnlyAGetterComesBackWithItsElements() {
		this.allowList.allow(Owner.class);
		Owner owner = new Owner(1L, "George");
		owner.addPet(new Pet(10L, "Leo", LocalDate.of(2020, 9, 7)));
		owner.addPet(new Pet(11L, "Basil", LocalDate.of(2021, 8, 6)));
		Owner copy = roundTrip(owner);
		assertThat(copy.getPets()).extracting(Pet::getName).containsExactly("Leo", "Basil");
		assertThat(copy.getPets()).allSatisfy((pet) -> assertThat(pet.getOwner()).isSameAs(copy));
	}

	@Test
	void webAnnotationsDoNotDropPersistentState() {
		this.allowList.allow(Annotated.class);
		Annotated value = new Annotated();
		value.secret = "s3cr3t";
		value.viewed = "in a view";
		Annotated copy = roundTrip(value);
		assertThat(copy.secret).isEqualTo("s3cr3t");
		assertThat(copy.viewed).isEqualTo("in a view");
		assertThat(copy.notPersistent).isNull();
	}

	@Test
	void subclassesKeepTheirConcreteTypeInsideACollection() {
		this.allowList.allow(Shelter.class);
		this.allowList.allow(Dog.class);
		this.allowList.allow(Cat.class);
		Shelter shelter = new Shelter();
		shelter.animals.add(new Dog("Rex", true));
		shelter.animals.add(new Cat("Tom", 7));
		Shelter copy = roundTrip(shelter);
		assertThat(copy.animals).hasExactlyElementsOfTypes(Dog.class, Cat.class);
		assertThat(((Cat) copy.animals.get(1)).lives).isEqualTo(7);
		List<Animal> mixed = List.of(new Dog("Rex", true), new Cat("Tom", 7));
		assertThat(roundTrip(mixed)).hasExactlyElementsOfTypes(Dog.class, Cat.class);
	}

	@Test
	void aSubclassNotAllowedIsNotInstantiated() {
		this.allowList.allow(Shelter.class);
		String planted = "{\"t\":\"" + Shelter.class.getName() + "\",\"d\":{\"@type\":\"" + Shelter.class.getName()
				+ "\",\"@id\":1,\"animals\":[{\"@type\":\"java.lang.ProcessBuilder\",\"@id\":2}]}}";
		assertThatExceptionOfType(DisallowedTypeException.class)
			.isThrownBy(() -> this.serializer.deserialize(planted.getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("Type not allowed")
			.withMessageContaining("java.lang.ProcessBuilder")
			.withMessageNotContaining("allowed-types");
	}

	@Test
	void sharedReferencesStayShared() {
		this.allowList.allow(Pair.class);
		Pet shared = new Pet(1L, "Leo", LocalDate.of(2020, 1, 1));
		Pair copy = roundTrip(new Pair(shared, shared));
		assertThat(copy.first).isSameAs(copy.second);
	}

	@Test
	void aTypeThatLosesStateIsRefusedWithTheAttribute() {
		this.allowList.allow(Lossy.class);
		Lossy lossy = new Lossy();
		lossy.payload = new Dog("Rex", true);
		assertThatExceptionOfType(RejectedValueException.class).isThrownBy(() -> this.serializer.serialize(lossy))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo(RejectedValueException.Reason.LOSSY))
			.withMessageContaining(Lossy.class.getName())
			.withMessageContaining("'payload'");
		Lossy harmless = new Lossy();
		assertThatExceptionOfType(RejectedValueException.class).as("refused from then on")
			.isThrownBy(() -> this.serializer.serialize(harmless));
	}

	@Test
	void pagesSlicesAndWindowsKeepWhatCallersRead() {
		this.allowList.allow(Pet.class);
		List<Pet> pets = List.of(new Pet(1L, "Leo", LocalDate.of(2020, 1, 1)),
				new Pet(2L, "Basil", LocalDate.of(2021, 1, 1)));
		Page<Pet> page = new PageImpl<>(pets, PageRequest.of(2, 2, Sort.by("name").descending()), 42);
		Page<Pet> pageCopy = roundTrip(page);
		assertThat(pageCopy.getTotalElements()).isEqualTo(42);
		assertThat(pageCopy.getPageable()).isEqualTo(page.getPageable());
		assertThat(pageCopy.getContent()).extracting(Pet::getName).containsExactly("Leo", "Basil");
		Slice<Pet> slice = new SliceImpl<>(pets, PageRequest.of(0, 2), true);
		Slice<Pet> sliceCopy = roundTrip(slice);
		assertThat(sliceCopy.hasNext()).isTrue();
		assertThat(sliceCopy.getPageable()).isEqualTo(slice.getPageable());
		Window<Pet> window = Window.from(pets, (i) -> ScrollPosition.forward(Map.of("id", (long) i + 1)), true);
		Window<Pet> windowCopy = roundTrip(window);
		assertThat(windowCopy.hasNext()).isTrue();
		assertThat(windowCopy.positionAt(1)).isEqualTo(window.positionAt(1));
		assertThat(windowCopy.getContent()).extracting(Pet::getName).containsExactly("Leo", "Basil");
	}

	@Test
	void recordsAndValueTypesRoundTrip() {
		this.allowList.allow(Line.class);
		Line line = new Line("sku-1", new BigDecimal("19.90"), Kind.HARDWARE, Set.of("a"));
		assertThat(roundTrip(line)).isEqualTo(line);
	}

	record Line(String sku, BigDecimal price, Kind kind, Set<String> tags) {

	}

	enum Kind {

		HARDWARE, SOFTWARE

	}

	static class Owner {

		private Long id;

		private String name;

		@JsonManagedReference
		private final Set<Pet> pets = new LinkedHashSet<>();

		private Owner() {
		}

		Owner(Long id, String name) {
			this.id = id;
			this.name = name;
		}

		Set<Pet> getPets() {
			return this.pets;
		}

		void addPet(Pet pet) {
			this.pets.add(pet);
			pet.owner = this;
		}

	}

	static class Pet {

		private Long id;

		private String name;

		private LocalDate birthDate;

		@JsonBackReference
		private Owner owner;

		protected Pet() {
		}

		Pet(Long id, String name, LocalDate birthDate) {
			this.id = id;
			this.name = name;
			this.birthDate = birthDate;
		}

		String getName() {
			return this.name;
		}

		Owner getOwner() {
			return this.owner;
		}

	}

	static class Annotated {

		@JsonIgnore
		String secret;

		@JsonView(Annotated.class)
		String viewed;

		@jakarta.persistence.Transient
		String notPersistent = null;

	}

	abstract static class Animal {

		String name;

		Animal() {
		}

		Animal(String name) {
			this.name = name;
		}

	}

	static class Dog extends Animal {

		boolean goodBoy;

		Dog() {
		}

		Dog(String name, boolean goodBoy) {
			super(name);
			this.goodBoy = goodBoy;
		}

	}

	static class Cat extends Animal {

		int lives;

		Cat() {
		}

		Cat(String name, int lives) {
			super(name);
			this.lives = lives;
		}

	}

	static class Shelter {

		final List<Animal> animals = new ArrayList<>();

	}

	static class Pair {

		Pet first;

		Pet second;

		Pair() {
		}

		Pair(Pet first, Pet second) {
			this.first = first;
			this.second = second;
		}

	}

	/**
	 * Loses its payload's class: a mapper customization that drops type information.
	 */
	static class Lossy {

		@tools.jackson.databind.annotation.JsonSerialize(using = DropType.class)
		Object payload;

	}

	static class DropType extends tools.jackson.databind.ser.std.StdSerializer<Object> {

		DropType() {
			super(Object.class);
		}

		@Override
		public void serialize(Object value, tools.jackson.core.JsonGenerator generator,
				tools.jackson.databind.SerializationContext context) {
			generator.writeStartObject();
			generator.writeEndObject();
		}

		@Override
		public void serializeWithType(Object value, tools.jackson.core.JsonGenerator generator,
				tools.jackson.databind.SerializationContext context,
				tools.jackson.databind.jsontype.TypeSerializer typeSerializer) {
			serialize(value, generator, context);
		}

	}

}
