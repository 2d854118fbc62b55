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

package dev.writethrough;

import tools.jackson.databind.json.JsonMapper;

/**
 * Customizes the JSON mapper the starter's caches store values with, before it is built.
 * Every bean of this type is applied, in {@link org.springframework.core.Ordered order}.
 * <p>
 * The cache's mapper is its own, independent of the application's: it writes and reads
 * persistent state (fields), ignores the Jackson annotations that would drop some of it,
 * and keeps object identity inside a value. A customizer is the place to register a
 * module or a serializer and deserializer for a type it cannot write, for example:
 * <pre class="code">
 * &#64;Bean
 * WriteThroughJsonMapperCustomizer moneyInTheCache() {
 *     return (builder) -&gt; builder.addModule(new MoneyModule());
 * }
 * </pre> Whatever it changes, the first values of each type are still read back and
 * compared, so a customization that loses state makes the type refused, not cached as
 * less than the database holds.
 *
 * @author write-through
 */
@FunctionalInterface
public interface WriteThroughJsonMapperCustomizer {

	/**
	 * Customizes the mapper's builder.
	 * @param builder the builder of the cache's mapper
	 */
	void customize(JsonMapper.Builder builder);

}
