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

/**
 * Where after-commit cache steps run when {@code write-through.await-cache-update} is
 * {@code false}: a bounded pool of daemon threads. When its queue is full the committing
 * thread runs its own step, so a burst slows writes down rather than piling up.
 * <p>
 * It is deliberately not an {@link java.util.concurrent.Executor}: as a bean of that type
 * it would make Spring Boot's {@code applicationTaskExecutor} back off.
 *
 * @author write-through
 * @see #create()
 */
public sealed interface BackgroundCacheSteps permits CacheStepPool {

	/**
	 * Runs a step in the background, or on the calling thread when the queue is full.
	 * @param step the step
	 */
	void execute(Runnable step);

	/**
	 * Create a pool with one thread per processor (at least two). At shutdown it finishes
	 * the queued steps (up to 10 s; the returned object is a {@code DisposableBean}).
	 * @return the pool
	 */
	static BackgroundCacheSteps create() {
		return new CacheStepPool();
	}

}
