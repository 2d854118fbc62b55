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

package dev.writethrough.race;

import org.jspecify.annotations.Nullable;

import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The races on the starter when writes carry the row's version: nothing stale either, and
 * overlapping writers leave the newest value cached instead of evicting it.
 */
@ContextConfiguration(classes = RaceApplications.VersionedWriteThroughApplication.class, inheritLocations = false)
abstract class VersionedWriteThroughRaceTests extends WriteThroughRaceTests {

	@Override
	protected void assertOverlapEnding(@Nullable String cached) {
		assertThat(cached).as("with a version, the newest of overlapping writes stays cached")
			.contains("\"name\":\"v2\"");
	}

}
