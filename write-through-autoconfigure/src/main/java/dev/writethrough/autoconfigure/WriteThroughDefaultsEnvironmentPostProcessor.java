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

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives the parts the starter brings the defaults a write-through cache needs, in a
 * property source of the lowest precedence, so that every setting of the application (its
 * {@code application.yml}, profiles, the environment, command line, default properties)
 * overrides them:
 * <ul>
 * <li>{@code spring.data.redis.timeout=1s}: Lettuce's own 60 s would hold every read and
 * write that long on a Redis that does not answer.</li>
 * <li>{@code spring.data.redis.repositories.enabled=false}: the starter uses no Redis
 * repositories, and scanning for them beside JPA or JDBC repositories only logs noise;
 * set it to {@code true} if the application has Redis repositories.</li>
 * <li>{@code spring.data.redis.lettuce.cluster.refresh.adaptive=true} and
 * {@code spring.data.redis.lettuce.cluster.refresh.period=30s}: on a Redis Cluster,
 * Lettuce keeps the slot map it read at start unless told to refresh it; after a failover
 * it would send a failed master's slots to a dead node until restarted. Adaptive refresh
 * re-reads the topology on a MOVED or ASK redirect and on repeated reconnection attempts,
 * the period catches what no command triggered. Boot reads them only for a cluster.</li>
 * <li>{@code management.health.redis.enabled=false} when
 * {@code write-through.on-cache-unavailable} is {@code proceed} (the default): Boot's
 * {@code redis} indicator would turn the application's health {@code DOWN} (HTTP 503)
 * while it serves from the database; the {@code writethrough} indicator reports Redis
 * instead, without failing the application. In {@code fail} mode Boot's indicator stays
 * on.</li>
 * </ul>
 * Nothing is added when {@code write-through.enabled=false}.
 *
 * @author write-through
 */
public final class WriteThroughDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** The name of the property source that holds the defaults. */
	public static final String PROPERTY_SOURCE_NAME = "writeThroughDefaults";

	@Override
	public int getOrder() {
		// After the application's configuration files are loaded, so that their settings
		// can be read here.
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("write-through.enabled", Boolean.class, true)
				|| environment.getPropertySources().contains(PROPERTY_SOURCE_NAME)) {
			return;
		}
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.data.redis.timeout", "1s");
		defaults.put("spring.data.redis.repositories.enabled", "false");
		defaults.put("spring.data.redis.lettuce.cluster.refresh.adaptive", "true");
		defaults.put("spring.data.redis.lettuce.cluster.refresh.period", "30s");
		String onCacheUnavailable = environment.getProperty("write-through.on-cache-unavailable", "proceed");
		if ("proceed".equals(onCacheUnavailable.trim().toLowerCase(Locale.ROOT))) {
			defaults.put("management.health.redis.enabled", "false");
		}
		// Spring Boot keeps its default properties last, so what they set is left out
		// here.
		defaults.keySet().removeIf(environment::containsProperty);
		environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, defaults));
	}

}
