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

package dev.writethrough.interceptor;

import java.util.function.Supplier;

import jakarta.persistence.Version;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EntityVersions}: which field of a written value is its version, and
 * that it is read when asked, not when found.
 */
class EntityVersionsTests {

	private final EntityVersions versions = new EntityVersions();

	@Test
	void readsTheJpaVersionFieldWhenAskedSoAVersionRaisedAtFlushIsSeen() {
		JpaEntity entity = new JpaEntity();
		Supplier<Object> version = this.versions.of(entity);
		assertThat(version).isNotNull();
		entity.version = 7;
		assertThat(version.get()).isEqualTo(7L);
	}

	@Test
	void readsTheSpringDataVersionOfARecord() {
		Supplier<Object> version = this.versions.of(new SpringDataRow(1L, 3));
		assertThat(version).isNotNull();
		assertThat(version.get()).isEqualTo(3);
	}

	@Test
	void findsTheVersionDeclaredInASuperclass() {
		Supplier<Object> version = this.versions.of(new SubEntity());
		assertThat(version).isNotNull();
		assertThat(version.get()).isEqualTo(0L);
	}

	@Test
	void aValueWithoutAVersionHasNone() {
		assertThat(this.versions.of("no version")).isNull();
		assertThat(this.versions.of(null)).isNull();
	}

	static class JpaEntity {

		@Version
		long version;

	}

	static class SubEntity extends JpaEntity {

	}

	record SpringDataRow(Long id, @org.springframework.data.annotation.Version int version) {

	}

}
