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

package dev.writethrough.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpointWebExtension;

/**
 * Spring Boot's web extension of the {@code caches} endpoint, telling what a clear of a
 * write-behind cache did: {@code DELETE /actuator/caches/<name>} answers {@code 200} with
 * how many keys were deleted and how many entries were kept because their write is still
 * queued for the database (a clear never drops a queued write). Other caches answer as
 * Boot's extension does ({@code 204}, or {@code 404} for an unknown cache).
 *
 * @author write-through
 */
@EndpointWebExtension(endpoint = CachesEndpoint.class)
public class WriteThroughCachesEndpointWebExtension extends CachesEndpointWebExtension {

	private final ObjectProvider<WriteThroughCacheManager> cacheManagers;

	/**
	 * Create a new instance.
	 * @param endpoint Boot's caches endpoint
	 * @param cacheManagers the starter's cache managers
	 */
	public WriteThroughCachesEndpointWebExtension(CachesEndpoint endpoint,
			ObjectProvider<WriteThroughCacheManager> cacheManagers) {
		super(endpoint);
		this.cacheManagers = cacheManagers;
	}

	@Override
	@DeleteOperation
	@SuppressWarnings("unchecked")
	public WebEndpointResponse<Void> clearCache(@Selector String cache, @Nullable String cacheManager) {
		WriteThroughCache writeBehind = writeBehindCache(cache);
		if (writeBehind == null) {
			return super.clearCache(cache, cacheManager);
		}
		WriteThroughCache.Cleared cleared = writeBehind.clearEntries();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("cache", cache);
		body.put("strategy", "write-behind");
		body.put("deletedKeys", cleared.deleted());
		body.put("keptQueuedEntries", cleared.keptQueued());
		body.put("message", (cleared.keptQueued() == 0) ? "Cleared: no write was queued"
				: "Cleared except " + cleared.keptQueued() + " entries whose writes are still queued for the database:"
						+ " they stay cached until flushed, so no queued write is lost. Clear again once"
						+ " /actuator/writethrough shows an empty queue to evict them too");
		// Boot's signature has no body; the response is written by its runtime type.
		return (WebEndpointResponse<Void>) (WebEndpointResponse<?>) new WebEndpointResponse<>(body,
				WebEndpointResponse.STATUS_OK);
	}

	private @Nullable WriteThroughCache writeBehindCache(String name) {
		return this.cacheManagers.orderedStream()
			.filter((manager) -> manager.getCacheNames().contains(name))
			.map((manager) -> manager.getCache(name))
			.filter((cache) -> cache != null && cache.getStrategy() == WriteStrategy.WRITE_BEHIND)
			.findFirst()
			.orElse(null);
	}

}
