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
package dev.writethrough.strategy;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.it.support.JdbcTestApplication;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A write-behind instance in a JVM of its own whose flusher dies in the middle of its
 * first batch: it queues two writes to each of ten keys, and its writer, once it has
 * written half of the batch inside the batch's transaction, prints {@code HALTING} and
 * halts the JVM. Arguments: the run's key prefix for pages, then Spring Boot properties
 * as {@code --name=value}.
 */
public final class HaltingFlusherProcess {

	static final String HALTING = "HALTING";

	static final int KEYS = 10;

	private HaltingFlusherProcess() {
	}

	public static void main(String[] args) {
		String run = args[0];
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.run(java.util.Arrays.copyOfRange(args, 1, args.length));
		PageViewService pageViews = context.getBean(PageViewService.class);
		for (int round = 1; round <= 2; round++) {
			for (int i = 0; i < KEYS; i++) {
				pageViews.record(run + "-" + i, round * 100 + i);
			}
		}
		// Only now may the flusher halt: halting before every write is queued would lose
		// writes this JVM never made, not writes of a batch.
		context.getBean(CountDownLatch.class).countDown();
		System.out.println("QUEUED");
		System.out.flush();
	}

	@JdbcTestApplication
	@EnableCaching
	static class Application {

		@Bean
		PageViewService pageViewService(JdbcClient jdbc) {
			return new PageViewService(jdbc);
		}

		@Bean
		CountDownLatch allQueued() {
			return new CountDownLatch(1);
		}

		@Bean
		WriteBehindWriter<String, PageViews> pageViewWriter(JdbcClient jdbc, CountDownLatch allQueued) {
			return (Map<String, PageViews> values) -> {
				try {
					allQueued.await(60, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				int written = 0;
				for (PageViews views : values.values()) {
					PageViewRows.upsert(jdbc, views);
					if (++written == values.size() / 2) {
						System.out.println(HALTING + " after " + written + " of " + values.size());
						System.out.flush();
						Runtime.getRuntime().halt(3);
					}
				}
			};
		}

	}

}
