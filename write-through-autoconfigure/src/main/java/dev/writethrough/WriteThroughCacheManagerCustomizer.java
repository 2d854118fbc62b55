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

/**
 * Customizes the auto-configured {@link WriteThroughCacheManager} once it is built, as
 * Spring Boot's {@code CacheManagerCustomizer} does for its cache managers: for example
 * to be told of every cache it creates ({@link WriteThroughCacheManager#onCacheCreated}).
 * Every bean of this type is applied, in {@link org.springframework.core.Ordered order};
 * none is applied to a {@code CacheManager} the application defines itself.
 *
 * @author write-through
 */
@FunctionalInterface
public interface WriteThroughCacheManagerCustomizer {

	/**
	 * Customizes the cache manager.
	 * @param cacheManager the auto-configured cache manager
	 */
	void customize(WriteThroughCacheManager cacheManager);

}
