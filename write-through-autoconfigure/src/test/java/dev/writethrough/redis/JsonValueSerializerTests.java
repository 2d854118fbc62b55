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
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.serializer.SerializationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link JsonValueSerializer} and {@link SerializationAllowList}.
 */
class JsonValueSerializerTests {

	private final SerializationAllowList allowList = new SerializationAllowList();

	private final JsonValueSerializer serializer = new JsonValueSerializer(JsonMapper.builder().build(),
			this.allowList);

	@Test
	void recordsRoundTripInTheEnvelope() {
		this.allowList.allow(Order.class);
		Order order = new Order(7L, new BigDecimal("19.90"), LocalDate.of(2026, 11, 25),
				Instant.parse("2026-11-25T10:15:30Z"));
		byte[] bytes = this.serializer.serialize(order);
		assertThat(new String(bytes, StandardCharsets.UTF_8))
			.startsWith("{\"t\":\"dev.writethrough.redis.JsonValueSerializerTests$Order\",\"d\":{");
		assertThat(this.serializer.deserialize(bytes)).isEqualTo(order);
	}

	@Test
	void collectionsAndMapsKeepTheirElementType() {
		this.allowList.allow(Line.class);
		List<Line> list = List.of(new Line("a", 1), new Line("b", 2));
		Set<Line> set = new LinkedHashSet<>(list);
		Map<String, Line> map = new LinkedHashMap<>();
		map.put("first", new Line("a", 1));
		assertThat(this.serializer.deserialize(this.serializer.serialize(list))).isEqualTo(list);
		assertThat(this.serializer.deserialize(this.serializer.serialize(set))).isEqualTo(set);
		assertThat(this.serializer.deserialize(this.serializer.serialize(map))).isEqualTo(map);
		assertThat(this.serializer.deserialize(this.serializer.serialize(List.of()))).isEqualTo(List.of());
	}

	@Test
	void aValueLargerThanTheGeneratorsBufferIsWrittenWhole() {
		this.allowList.allow(Line.class);
		List<Line> lines = IntStream.range(0, 20_000).mapToObj((i) -> new Line("line " + i, i)).toList();
		byte[] bytes = this.serializer.serialize(lines);
		assertThat(bytes.length).as("bytes, several times the generator's buffer").isGreaterThan(100_000);
		assertThat(this.serializer.deserialize(bytes)).isEqualTo(lines);
		assertThat(this.serializer.deserialize(this.serializer.serialize(List.of(new Line("a", 1)))))
			.isEqualTo(List.of(new Line("a", 1)));
	}

	@Test
	void jdkValueTypesNeedNoConfiguration() {
		assertThat(this.serializer.deserialize(this.serializer.serialize("text"))).isEqualTo("text");
		assertThat(this.serializer.deserialize(this.serializer.serialize(42L))).isEqualTo(42L);
		assertThat(this.serializer.deserialize(this.serializer.serialize(LocalDate.of(2026, 1, 2))))
			.isEqualTo(LocalDate.of(2026, 1, 2));
	}

	@Test
	void aTypeNotAllowedIsRefusedOnWriteWithTheSettingToChange() {
		assertThatExceptionOfType(DisallowedTypeException.class)
			.isThrownBy(() -> this.serializer.serialize(new Line("a", 1)))
			.withMessageContaining("Type not allowed: dev.writethrough.redis.JsonValueSerializerTests$Line is not on"
					+ " the cache's type allow-list (write refused)")
			.withMessageContaining("write-through.serialization.allowed-types")
			.satisfies((ex) -> assertThat(ex.getTypeName()).isEqualTo(Line.class.getName()));
	}

	@Test
	void aTypeRefusedOnceIsWrittenOnceItIsAllowed() {
		assertThatExceptionOfType(DisallowedTypeException.class)
			.isThrownBy(() -> this.serializer.serialize(List.of(new Line("a", 1))));

		this.allowList.allow(Line.class);

		assertThat(this.serializer.deserialize(this.serializer.serialize(List.of(new Line("a", 1)))))
			.isEqualTo(List.of(new Line("a", 1)));
	}

	@Test
	void anEnvelopeNamingATypeNotAllowedIsRefusedBeforeTheClassIsLoaded() {
		String gadget = "dev.writethrough.redis.JsonValueSerializerTests$Gadget";
		byte[] planted = ("{\"t\":\"" + gadget + "\",\"d\":{}}").getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(DisallowedTypeException.class).isThrownBy(() -> this.serializer.deserialize(planted))
			.withMessageContaining(gadget)
			.withMessageContaining("read refused");
		assertThat(GadgetProbe.initialized).as("the gadget's static initializer ran").isFalse();
	}

	@Test
	void aGenericArgumentNotAllowedIsRefused() {
		byte[] planted = "{\"t\":\"java.util.ArrayList<java.lang.Runtime>\",\"d\":[]}".getBytes(StandardCharsets.UTF_8);
		assertThatExceptionOfType(DisallowedTypeException.class).isThrownBy(() -> this.serializer.deserialize(planted))
			.withMessageContaining("java.lang.Runtime");
	}

	@Test
	void packagesAllowTheirSubPackages() {
		this.allowList.allowPackage("dev.writethrough");
		assertThat(this.allowList.isAllowed("dev.writethrough.redis.Anything")).isTrue();
		assertThat(this.allowList.isAllowed("dev.writethroughx.Anything")).isFalse();
	}

	@Test
	void garbageIsASerializationException() {
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("not json".getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(SerializationException.class)
			.isThrownBy(() -> this.serializer.deserialize("{\"d\":1}".getBytes(StandardCharsets.UTF_8)))
			.withMessageContaining("expected \"t\" first");
	}

	record Order(Long id, BigDecimal total, LocalDate day, Instant placed) {

	}

	record Line(String sku, int quantity) {

	}

	/**
	 * Stands for a class whose loading would do harm.
	 */
	static class Gadget {

		static {
			GadgetProbe.initialized = true;
		}

	}

	/**
	 * Records whether {@link Gadget} was ever initialized (test fixture state).
	 */
	static final class GadgetProbe {

		static volatile boolean initialized;

		private GadgetProbe() {
		}

	}

}
