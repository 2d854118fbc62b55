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

package dev.writethrough.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.writethrough.OnCacheUnavailable;
import dev.writethrough.behind.WriteBehindQueue;
import dev.writethrough.behind.WriteBehindQueues;
import dev.writethrough.behind.WriteBehindSettings;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.RedisFailure;
import dev.writethrough.tx.PendingInvalidations;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the write-through cache, contributed as {@code writethrough}. Each check
 * pings Redis and writes a probe key, so a Redis that answers but refuses writes shows
 * too:
 * <ul>
 * <li>{@code UP}: Redis answers and takes writes. Details show the pending-invalidation
 * log, which drains while Redis answers.</li>
 * <li>{@code DEGRADED}: Redis is unreachable, times out or refuses writes ({@code OOM},
 * {@code READONLY}) and {@code write-through.on-cache-unavailable} is {@code proceed}:
 * the application serves, from the database, and writes commit; their keys wait in the
 * pending log. Details show {@code redis} ({@code unreachable}, {@code timed out} or the
 * refusal), {@code since} when, the cause and what to do. Spring Boot's default
 * aggregation ignores this status, so the application's health stays {@code UP} (HTTP
 * 200); list it in {@code management.endpoint.health.status.order} to let it count.</li>
 * <li>{@code DOWN}: the same in {@code fail} mode: writes are refused.</li>
 * <li>{@code DEGRADED} also when Redis answers but a write-behind cache's oldest queued
 * write is older than its {@code write-behind.lag-threshold} (the database is down or too
 * slow).</li>
 * </ul>
 * Details show each write-behind cache's queue depth, lag and dead letters, and
 * {@code fenceRepairs}: how many fence keys were found unreadable (written by something
 * other than the starter) and repaired, each evicting its entry.
 *
 * @author write-through
 */
public class WriteThroughHealthIndicator extends AbstractHealthIndicator {

	/**
	 * A write-behind cache lags behind: writes are served from the cache but reach the
	 * database late.
	 */
	public static final Status DEGRADED = new Status("DEGRADED",
			"The application serves, but without its cache or with a write-behind queue behind its threshold");

	private static final String DEFAULT_KEY_PREFIX = "wt:";

	private static final byte[] PROBE_VALUE = { '1' };

	private static final Duration PROBE_TTL = Duration.ofMinutes(1);

	private final RedisCacheStore store;

	private final PendingInvalidations pendingInvalidations;

	private final OnCacheUnavailable onCacheUnavailable;

	private final @Nullable WriteBehindQueues writeBehindQueues;

	private final byte[] probeKey;

	private volatile @Nullable Instant failingSince;

	/**
	 * Create a new instance.
	 * @param store the Redis I/O of the caches
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 */
	public WriteThroughHealthIndicator(RedisCacheStore store, PendingInvalidations pendingInvalidations,
			OnCacheUnavailable onCacheUnavailable) {
		this(store, pendingInvalidations, onCacheUnavailable, null);
	}

	/**
	 * Create a new instance that also watches write-behind queues.
	 * @param store the Redis I/O of the caches
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param writeBehindQueues the write-behind queues, if any
	 */
	public WriteThroughHealthIndicator(RedisCacheStore store, PendingInvalidations pendingInvalidations,
			OnCacheUnavailable onCacheUnavailable, @Nullable WriteBehindQueues writeBehindQueues) {
		this(store, pendingInvalidations, onCacheUnavailable, writeBehindQueues, DEFAULT_KEY_PREFIX);
	}

	/**
	 * Create a new instance that also watches write-behind queues and writes its probe
	 * key under the caches' key prefix.
	 * @param store the Redis I/O of the caches
	 * @param pendingInvalidations the pending-invalidation log
	 * @param onCacheUnavailable what writes do while Redis does not answer
	 * @param writeBehindQueues the write-behind queues, if any
	 * @param keyPrefix the caches' key prefix; the probe key is
	 * {@code <prefix>{health}:probe}
	 */
	public WriteThroughHealthIndicator(RedisCacheStore store, PendingInvalidations pendingInvalidations,
			OnCacheUnavailable onCacheUnavailable, @Nullable WriteBehindQueues writeBehindQueues, String keyPrefix) {
		super("write-through health check failed");
		this.probeKey = (keyPrefix + "{health}:probe").getBytes(StandardCharsets.UTF_8);
		this.writeBehindQueues = writeBehindQueues;
		this.store = store;
		this.pendingInvalidations = pendingInvalidations;
		this.onCacheUnavailable = onCacheUnavailable;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("pendingInvalidations", this.pendingInvalidations.size())
			.withDetail("fenceRepairs", this.store.getFenceRepairs())
			.withDetail("onCacheUnavailable", this.onCacheUnavailable.name().toLowerCase(java.util.Locale.ROOT));
		try {
			this.store.ping();
			this.store.set(this.probeKey, PROBE_VALUE, PROBE_TTL);
		}
		catch (RuntimeException ex) {
			failing(builder, RedisFailure.of(ex));
			return;
		}
		this.failingSince = null;
		builder.up().withDetail("redis", "reachable");
		checkWriteBehind(builder);
	}

	private void failing(Health.Builder builder, RedisFailure failure) {
		Instant since = this.failingSince;
		if (since == null) {
			since = Instant.now();
			this.failingSince = since;
		}
		builder.withDetail("redis", failure.label())
			.withDetail("since", since.toString())
			.withDetail("cause", failure.describe());
		if (this.onCacheUnavailable == OnCacheUnavailable.FAIL) {
			builder.down()
				.withDetail("writes",
						"refused until Redis takes them again (write-through.on-cache-unavailable=fail); reads are"
								+ " served from the database");
		}
		else {
			builder.status(DEGRADED)
				.withDetail("writes",
						"commit to the database; their keys wait in the pending log and are evicted once Redis"
								+ " takes them again")
				.withDetail("reads", "served from the database");
		}
	}

	private void checkWriteBehind(Health.Builder builder) {
		if (this.writeBehindQueues == null || this.writeBehindQueues.all().isEmpty()) {
			return;
		}
		Map<String, Object> caches = new TreeMap<>();
		List<String> lagging = new ArrayList<>();
		for (WriteBehindQueue queue : this.writeBehindQueues.all()) {
			String name = queue.getCache().getName();
			WriteBehindSettings settings = this.writeBehindQueues.settings(name);
			Duration lag = queue.lag();
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("queueDepth", queue.depth());
			details.put("lagMs", lag.toMillis());
			details.put("deadLetters", queue.deadLetters());
			caches.put(name, details);
			if (settings != null && lag.compareTo(settings.lagThreshold()) > 0) {
				lagging.add(name);
			}
		}
		builder.withDetail("writeBehind", caches);
		if (!lagging.isEmpty()) {
			builder.status(DEGRADED)
				.withDetail("degraded", "the oldest queued write of " + lagging
						+ " is older than write-behind.lag-threshold: check the database and the writer");
		}
	}

}
