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

package dev.writethrough.changecapture.it;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application of the change-capture tests: owners cached by id, visits (a grandchild
 * table) mapped by a key query. Runs in the test's JVM, or in a JVM of its own through
 * {@link #main(String[])} for the takeover test.
 */
@SpringBootApplication
@EnableCaching
public class ChangeCaptureApplication {

	/**
	 * Starts the application with change capture on for a stream.
	 * @param database the database
	 * @param stream the stream's name
	 * @param extra further properties
	 * @return the running application
	 */
	public static ConfigurableApplicationContext start(TestServices database, String stream,
			Map<String, Object> extra) {
		return new SpringApplicationBuilder(ChangeCaptureApplication.class)
			.properties(properties(database, stream, extra))
			.run();
	}

	static Map<String, Object> properties(TestServices database, String stream, Map<String, Object> extra) {
		Map<String, Object> properties = new LinkedHashMap<>(database.properties());
		properties.putAll(defaults(stream));
		properties.putAll(extra);
		return properties;
	}

	static Map<String, Object> defaults(String stream) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.jpa.hibernate.ddl-auto", "none");
		properties.put("spring.jpa.open-in-view", "false");
		properties.put("write-through.key-prefix", stream + ":");
		properties.put("write-through.caches.owners.ttl", "30m");
		properties.put("write-through.change-capture.enabled", "true");
		properties.put("write-through.change-capture.name", stream);
		properties.put("write-through.change-capture.leader-lease", "2s");
		properties.put("write-through.change-capture.retry-delay", "500ms");
		properties.put("write-through.caches.owners.change-capture.child-tables.cc_visits.key-query",
				"select owner_id from cc_pets where id = :pet_id");
		return properties;
	}

	/**
	 * Runs the application until the JVM is killed; arguments are Spring properties.
	 * @param args {@code --name=value} properties
	 */
	public static void main(String[] args) {
		// No web server keeps this JVM alive, and the change-capture threads are daemons.
		new SpringApplicationBuilder(ChangeCaptureApplication.class).properties("spring.main.keep-alive=true")
			.run(args);
	}

}
