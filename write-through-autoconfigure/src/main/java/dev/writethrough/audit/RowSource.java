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

package dev.writethrough.audit;

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Loads the row a cache entry stands for, bypassing every cache, and lets a check inspect
 * it while its lazy associations can still load.
 *
 * @author write-through
 */
interface RowSource {

	/**
	 * The type of the cache's values.
	 * @return the entity or aggregate type
	 */
	Class<?> valueType();

	/**
	 * The type of the id, which the cache key's string form is converted to.
	 * @return the id type
	 */
	Class<?> idType();

	/**
	 * Loads the row of an id and inspects it.
	 * @param <T> what the inspection returns
	 * @param id the id
	 * @param inspection what to do with the row's value, {@code null} if there is no such
	 * row
	 * @return what the inspection returned
	 */
	<T> T inspect(Object id, Function<@Nullable Object, T> inspection);

	/**
	 * How the rows are loaded, for the report.
	 * @return for example {@code JPA com.example.Owner by id}
	 */
	String description();

}
