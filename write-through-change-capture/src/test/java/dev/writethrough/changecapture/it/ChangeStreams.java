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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import dev.writethrough.changecapture.ChangeCapture;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Helpers of the change-capture tests.
 */
final class ChangeStreams {

	static final long PROBE_ID = -1;

	private ChangeStreams() {
	}

	/**
	 * Waits until the stream delivers changes: a stream starts where the log is when it
	 * first runs, so a change made before that is never seen. Changes a probe row until
	 * one arrives.
	 * @param changeCapture the change capture
	 * @param jdbc a connection outside the starter
	 */
	static void awaitStreaming(ChangeCapture changeCapture, JdbcTemplate jdbc) {
		jdbc.update("delete from cc_owners where id = ?", PROBE_ID);
		jdbc.update("insert into cc_owners (id, name, version) values (?, 'probe', 0)", PROBE_ID);
		long before = changeCapture.getEvents();
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
			jdbc.update("update cc_owners set version = version + 1 where id = ?", PROBE_ID);
			return changeCapture.getEvents() > before;
		});
	}

	/**
	 * Prints a figure and appends it to {@code target/change-capture-figures.txt}.
	 * @param database the database it was measured on
	 * @param what what was measured
	 * @param figure the figure
	 */
	static void report(TestServices database, String what, String figure) {
		String line = "[figure] " + database.name().toLowerCase() + " " + what + ": " + figure;
		System.out.println(line);
		try {
			Files.writeString(Path.of("target", "change-capture-figures.txt"), line + System.lineSeparator(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
