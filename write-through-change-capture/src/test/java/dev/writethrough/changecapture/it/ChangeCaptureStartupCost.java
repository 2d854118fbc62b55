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

import java.lang.management.ManagementFactory;
import java.util.Map;

import dev.writethrough.changecapture.ChangeCapture;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * What change capture adds to an application's start: the time to a started context, the
 * time until the stream delivers its first change, and the heap in use after a full
 * collection, with change capture on or off. Not a test; run once per setting in a fresh
 * JVM with the test class path, for example: <pre>
 * java -cp "$CP" dev.writethrough.changecapture.it.ChangeCaptureStartupCost POSTGRES on
 * </pre>
 */
public final class ChangeCaptureStartupCost {

	private ChangeCaptureStartupCost() {
	}

	public static void main(String[] args) throws Exception {
		TestServices database = TestServices.valueOf(args[0]);
		boolean on = "on".equals(args[1]);
		database.resetTables();
		String stream = TestServices.uniqueStreamName("startup");
		long start = System.nanoTime();
		ConfigurableApplicationContext context = ChangeCaptureApplication.start(database, stream,
				Map.of("write-through.change-capture.enabled", Boolean.toString(on)));
		long started = System.nanoTime();
		long streaming = started;
		if (on) {
			ChangeStreams.awaitStreaming(context.getBean(ChangeCapture.class), new JdbcTemplate(
					new DriverManagerDataSource(database.url(), database.user(), database.password())));
			streaming = System.nanoTime();
		}
		System.gc();
		Thread.sleep(500);
		System.gc();
		long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
		long classes = ManagementFactory.getClassLoadingMXBean().getLoadedClassCount();
		int threads = Thread.activeCount();
		System.out.printf(
				"[startup] %s change-capture=%s context started %.2f s, streaming %.2f s, heap used after GC"
						+ " %.1f MiB, classes %d, threads %d%n",
				database.name().toLowerCase(), on ? "on" : "off", (started - start) / 1e9, (streaming - start) / 1e9,
				heap / 1048576.0, classes, threads);
		context.close();
		database.dropStream(stream);
	}

}
