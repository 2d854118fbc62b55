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

package dev.writethrough.torture;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A writer in a JVM of its own, which the torture test kills between its commit and its
 * cache step: it writes one row, prints {@code COMMITTED <version>} once the database has
 * committed, and then waits to be killed before any cache step can run.
 * <p>
 * Arguments: the implementation ({@code write-through} or {@code spring}), the row id,
 * the writer's name, then Spring Boot properties as {@code --name=value}.
 */
public final class TortureWriterProcess {

	/** What the process prints once its transaction committed. */
	static final String COMMITTED = "COMMITTED ";

	private TortureWriterProcess() {
	}

	public static void main(String[] args) {
		TortureImplementation implementation = TortureImplementation.of(args[0]);
		long id = Long.parseLong(args[1]);
		String writer = args[2];
		ConfigurableApplicationContext context = new SpringApplicationBuilder(implementation.application())
			.web(WebApplicationType.NONE)
			.run(Arrays.copyOfRange(args, 3, args.length));
		TortureRepository repository = context.getBean(TortureRepository.class);
		context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
			TortureItem item = repository.save(id, writer);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

				@Override
				public int getOrder() {
					return Ordered.HIGHEST_PRECEDENCE;
				}

				@Override
				public void afterCommit() {
					System.out.println(COMMITTED + item.version());
					System.out.flush();
					try {
						new CountDownLatch(1).await();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}

			});
		});
	}

}
