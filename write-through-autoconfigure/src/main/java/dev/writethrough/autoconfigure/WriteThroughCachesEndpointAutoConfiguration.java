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

package dev.writethrough.autoconfigure;

import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.actuate.WriteThroughCachesEndpointWebExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the starter's web extension of Spring Boot's {@code caches}
 * endpoint, so that clearing a write-behind cache over HTTP says what it kept. Runs
 * before Boot's own, which then backs off.
 *
 * @author write-through
 */
@AutoConfiguration(after = WriteThroughAutoConfiguration.class,
		beforeName = "org.springframework.boot.cache.autoconfigure.CachesEndpointAutoConfiguration")
@ConditionalOnClass({ CachesEndpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(WriteThroughCacheManager.class)
@ConditionalOnAvailableEndpoint(endpoint = CachesEndpoint.class, exposure = EndpointExposure.WEB)
public final class WriteThroughCachesEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(CachesEndpointWebExtension.class)
	WriteThroughCachesEndpointWebExtension writeThroughCachesEndpointWebExtension(CachesEndpoint endpoint,
			ObjectProvider<WriteThroughCacheManager> cacheManagers) {
		return new WriteThroughCachesEndpointWebExtension(endpoint, cacheManagers);
	}

}
