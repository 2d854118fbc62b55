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

package dev.writethrough;

import java.time.Duration;

import dev.writethrough.redis.RedisFailure;
import org.apache.commons.logging.Log;

/**
 * A warning about Redis failures at most every few seconds (an outage fails every call),
 * the others at debug level.
 *
 * @author write-through
 */
final class FailureLog {

	private static final long INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

	private final Log logger;

	private volatile long lastNanos = System.nanoTime() - INTERVAL_NANOS;

	FailureLog(Log logger) {
		this.logger = logger;
	}

	void failed(String cacheName, String action, RuntimeException ex) {
		long now = System.nanoTime();
		RedisFailure failure = RedisFailure.of(ex);
		String message = "Cache '" + cacheName + "' could not " + action + ": " + failure.describe()
				+ (failure.isRedis() ? ". Reads of the key go to the database meanwhile" : "");
		if (now - this.lastNanos >= INTERVAL_NANOS) {
			this.lastNanos = now;
			this.logger.warn(message);
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug(message, ex);
		}
	}

}
