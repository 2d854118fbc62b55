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

import dev.writethrough.WriteThrough;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The starter's race repository, telling the starter each written row's version.
 */
public class VersionedWriteThroughRaceRepository extends WriteThroughRaceRepository {

	public VersionedWriteThroughRaceRepository(JdbcClient jdbc) {
		super(jdbc);
	}

	@Override
	@WriteThrough(cache = CACHE, key = "#result.id", version = "#result.version")
	public RaceProduct save(RaceProduct product) {
		return super.save(product);
	}

}
