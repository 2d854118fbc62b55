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
 * Told what the write path did, so that it can be measured. Implementations must be cheap
 * and must not throw.
 *
 * @author write-through
 */
public interface WriteListener {

	/** A listener that ignores everything. */
	WriteListener NONE = new WriteListener() {
	};

	/**
	 * A write finished, from the call of the annotated method until its cache step (or
	 * its rollback).
	 * @param cacheName the cache the write changed
	 * @param outcome what happened to the cache
	 * @param nanos the elapsed time in nanoseconds
	 */
	default void writeCompleted(String cacheName, WriteOutcome outcome, long nanos) {
	}

	/**
	 * The after-commit step of one key finished.
	 * @param cacheName the cache the step changed
	 * @param nanos the elapsed time in nanoseconds
	 */
	default void cacheUpdated(String cacheName, long nanos) {
	}

	/**
	 * A fenced write of one key ended.
	 * @param cacheName the cache
	 * @param result how it ended
	 */
	default void fenceEnded(String cacheName, FenceResult result) {
	}

}
