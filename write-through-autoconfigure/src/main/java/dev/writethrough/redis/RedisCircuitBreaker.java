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

package dev.writethrough.redis;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.dao.QueryTimeoutException;

/**
 * Stops the starter waiting on a Redis that is connected but does not answer (frozen, for
 * example by {@code SIGSTOP}, or stalled): after a number of command timeouts in a row
 * the circuit opens and calls fail at once, as misses and pending evictions, instead of
 * each waiting for the command timeout. After the open duration one call at a time is let
 * through as a probe; the circuit closes when a call succeeds or the connection is
 * re-established, and opens again when the probe times out too.
 * <p>
 * Only timeouts count: a Redis that is down is already refused at once by the client
 * while disconnected, and a refusal (such as {@code OOM}) is an answer.
 *
 * @author write-through
 */
public sealed interface RedisCircuitBreaker permits TimeoutCircuitBreaker {

	/**
	 * Create a circuit breaker.
	 * @param timeoutThreshold how many command timeouts in a row open the circuit; 0
	 * never opens it
	 * @param openDuration how long an open circuit refuses every call before it lets a
	 * probe through
	 * @return the circuit breaker
	 */
	static RedisCircuitBreaker create(int timeoutThreshold, Duration openDuration) {
		return new TimeoutCircuitBreaker(timeoutThreshold, openDuration);
	}

	/**
	 * A circuit that never opens.
	 * @return the circuit
	 */
	static RedisCircuitBreaker disabled() {
		return create(0, Duration.ZERO);
	}

	/**
	 * Makes one call to Redis through the circuit: refused at once while it is open, its
	 * outcome counted otherwise.
	 * @param <T> the type of the call's result
	 * @param call the call
	 * @return its result
	 * @throws OpenCircuitException if the circuit is open and another call probes
	 * @throws RuntimeException what the call threw
	 */
	<T> T call(Supplier<T> call);

	/**
	 * The connection to Redis was re-established: close the circuit so calls go through
	 * at once.
	 */
	void reset();

	/**
	 * Whether calls are refused at once.
	 * @return {@code true} while the circuit is open
	 */
	boolean isOpen();

	/**
	 * A call refused because the circuit is open: Redis timed out repeatedly and the
	 * starter does not wait on it.
	 */
	final class OpenCircuitException extends QueryTimeoutException {

		OpenCircuitException(String message) {
			super(message);
		}

	}

}
