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

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * The Redis I/O of the caches: bytes in, bytes out, with a TTL. Knows nothing about cache
 * names, serialization or ordering. Every failure surfaces as Spring's
 * {@code DataAccessException}.
 *
 * @author write-through
 */
public sealed interface RedisCacheStore permits DefaultRedisCacheStore {

	/**
	 * Create a store whose calls always wait for Redis.
	 * @param connectionFactory where connections come from
	 * @return the store
	 */
	static RedisCacheStore create(RedisConnectionFactory connectionFactory) {
		return create(connectionFactory, RedisCircuitBreaker.disabled());
	}

	/**
	 * Create a store that stops waiting on a Redis that keeps timing out.
	 * @param connectionFactory where connections come from
	 * @param circuitBreaker when to stop waiting on Redis
	 * @return the store
	 */
	static RedisCacheStore create(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker) {
		return create(connectionFactory, circuitBreaker, 0, Duration.ZERO);
	}

	/**
	 * Create a store whose fences and evictions count only once replicas hold them: after
	 * a writer's {@code begin-write} and after an eviction it sends
	 * {@code WAIT <fenceReplicas> <replicaTimeout>}, and fails with a
	 * {@code DataAccessException} when fewer replicas acknowledge, as if Redis had not
	 * taken the command (the write is then refused or evicted, as
	 * {@code write-through.on-cache-unavailable} says, and an eviction is retried). A
	 * failover to a replica then never loses a fence or an eviction a write relied on.
	 * Needs Lettuce with a shared native connection.
	 * @param connectionFactory where connections come from
	 * @param circuitBreaker when to stop waiting on Redis
	 * @param fenceReplicas how many replicas must acknowledge, {@code 0} for none
	 * @param replicaTimeout how long to wait for them
	 * @return the store
	 */
	static RedisCacheStore create(RedisConnectionFactory connectionFactory, RedisCircuitBreaker circuitBreaker,
			int fenceReplicas, Duration replicaTimeout) {
		return new DefaultRedisCacheStore(connectionFactory, circuitBreaker, fenceReplicas, replicaTimeout);
	}

	/**
	 * The circuit breaker of this store's calls.
	 * @return the circuit breaker
	 */
	RedisCircuitBreaker getCircuitBreaker();

	/**
	 * Reads a value.
	 * @param key the key
	 * @return the value, or {@code null} if the key is absent
	 */
	byte @Nullable [] get(byte[] key);

	/**
	 * Writes a value that expires after a time to live.
	 * @param key the key
	 * @param value the value
	 * @param ttl the time to live, zero or negative for none
	 */
	void set(byte[] key, byte[] value, Duration ttl);

	/**
	 * Deletes a key.
	 * @param key the key
	 */
	void delete(byte[] key);

	/**
	 * Deletes every key that matches a glob pattern, scanning so Redis is never blocked.
	 * @param pattern the pattern
	 * @return the number of keys deleted
	 */
	long deleteMatching(byte[] pattern);

	/**
	 * Deletes every key of a write-behind cache that matches a glob pattern, except the
	 * entries whose write is still queued for the database (see
	 * {@code delete-flushed.lua}).
	 * @param pattern the pattern; every key it matches must be in one hash slot
	 * @return how many keys were deleted and how many entries were kept
	 */
	long[] deleteMatchingFlushed(byte[] pattern);

	/**
	 * How many fence keys the scripts found unreadable (an unexpected type or value, or
	 * no TTL) and repaired since start: each repair evicted its entry.
	 * @return the number of repaired fence keys
	 */
	long getFenceRepairs();

	/**
	 * Checks that Redis answers.
	 */
	void ping();

}
