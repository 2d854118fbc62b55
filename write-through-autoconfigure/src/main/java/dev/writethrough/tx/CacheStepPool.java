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
package dev.writethrough.tx;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.DisposableBean;

/**
 * Runs after-commit cache steps in the background when writes do not wait for them
 * ({@code write-through.await-cache-update=false}). Bounded: when its queue is full the
 * committing thread runs its own step, so a burst slows writes down rather than piling
 * up. At shutdown it finishes the queued steps (up to 10 s); a step that never runs
 * leaves its key fenced until the writer's marker expires, so nothing stale is served.
 * <p>
 * It is deliberately not an {@link java.util.concurrent.Executor}: as a bean of that type
 * it would make Spring Boot's {@code applicationTaskExecutor} back off.
 *
 * @author write-through
 */
final class CacheStepPool implements BackgroundCacheSteps, DisposableBean {

	private static final Log logger = LogFactory.getLog(CacheStepPool.class);

	private static final int QUEUE_CAPACITY = 10_000;

	private final ThreadPoolExecutor executor;

	/**
	 * Create a new instance with one thread per processor (at least two).
	 */
	CacheStepPool() {
		int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
		this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
				new LinkedBlockingQueue<>(QUEUE_CAPACITY), DaemonThreads.named("write-through-cache-step"),
				new ThreadPoolExecutor.CallerRunsPolicy());
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable step) {
		this.executor.execute(step);
	}

	@Override
	public void destroy() throws InterruptedException {
		this.executor.shutdown();
		if (!this.executor.awaitTermination(10, TimeUnit.SECONDS)) {
			logger.warn(this.executor.getQueue().size() + " after-commit cache steps did not run before shutdown;"
					+ " their keys stay fenced until the writers' markers expire (write-through.fence.marker-ttl)");
		}
	}

}
