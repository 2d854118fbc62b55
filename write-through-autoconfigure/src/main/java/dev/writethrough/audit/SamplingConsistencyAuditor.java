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

package dev.writethrough.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import dev.writethrough.WriteStrategy;
import dev.writethrough.WriteThroughCache;
import dev.writethrough.WriteThroughCacheManager;
import dev.writethrough.redis.CachedStateComparison;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.convert.support.DefaultConversionService;

/**
 * The {@link ConsistencyAuditor}: one task takes a key per tick (the rate) from the
 * {@link EntryKeySampler}, reads its value, and schedules its check after the grace
 * period on the auditor's two threads. A check loads the row, reads the value again and
 * compares; a value that changed meanwhile is not counted (a write landed); a mismatch is
 * checked once more a grace period later, and only a second mismatch on the same
 * unchanged value is stale.
 *
 * @author write-through
 */
final class SamplingConsistencyAuditor implements ConsistencyAuditor {

	private static final Log logger = LogFactory.getLog(ConsistencyAuditor.class);

	private static final long FAILURE_LOG_INTERVAL_MS = 60_000;

	private final WriteThroughCacheManager cacheManager;

	private final EntryKeySampler sampler;

	private final Supplier<RepositoryRowSources.Derived> derivation;

	private final Settings settings;

	private final ObjectProvider<AuditListener> listenerProvider;

	private final Clock clock;

	private final CachedStateComparison comparison = CachedStateComparison.create();

	private final DefaultConversionService conversionService = new DefaultConversionService();

	private final Map<String, AuditedCache> audited = new ConcurrentHashMap<>();

	private final Map<String, String> skipped = new ConcurrentHashMap<>();

	private final AtomicInteger inFlight = new AtomicInteger();

	// Guards the sets of audited and skipped caches, which the sampling task, the checks
	// and report() change.
	private final Object cachesLock = new Object();

	private final AtomicLong lastFailureLogged = new AtomicLong();

	private final int maxInFlight;

	private volatile List<AuditedCache> auditedList = List.of();

	private volatile List<AuditListener> listeners = List.of();

	private volatile RepositoryRowSources.@Nullable Derived derived;

	private volatile @Nullable ScheduledExecutorService executor;

	SamplingConsistencyAuditor(WriteThroughCacheManager cacheManager, EntryKeySampler sampler,
			Supplier<RepositoryRowSources.Derived> derivation, Settings settings,
			ObjectProvider<AuditListener> listeners, Clock clock) {
		this.cacheManager = cacheManager;
		this.sampler = sampler;
		this.derivation = derivation;
		this.settings = settings;
		this.listenerProvider = listeners;
		this.clock = clock;
		// Samples wait two grace periods at most; room for four times what the rate
		// brings in that time, so a slow database slows the audit instead of queueing.
		this.maxInFlight = (int) Math.max(16,
				Math.min(10_000, settings.samplesPerSecond() * settings.gracePeriod().toMillis() / 1000.0 * 8));
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		this.derived = this.derivation.get();
		this.listeners = this.listenerProvider.orderedStream().toList();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, (task) -> {
			Thread thread = new Thread(task, "write-through-audit");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		long periodNanos = Math.max(1, (long) (1_000_000_000L / this.settings.samplesPerSecond()));
		executor.scheduleAtFixedRate(this::sampleSafely, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
		this.executor = executor;
		logger.info("Consistency audit started: " + this.settings.samplesPerSecond() + " samples per second, grace"
				+ " period " + this.settings.gracePeriod().toMillis() + " ms");
	}

	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		this.executor = null;
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.sampler.close();
		// Checks still scheduled were dropped: their keys may be sampled again.
		this.audited.values().forEach(AuditedCache::forgetSampling);
		this.inFlight.set(0);
	}

	@Override
	public boolean isRunning() {
		return this.executor != null;
	}

	@Override
	public Map<String, CacheAudit> report() {
		refreshCaches();
		Map<String, CacheAudit> report = new TreeMap<>();
		this.skipped.forEach((name, reason) -> report.put(name, CacheAudit.skipped(reason)));
		this.audited.forEach((name, cache) -> report.put(name, cache.window().lastHour(cache.rows().description())));
		return report;
	}

	private void sampleSafely() {
		try {
			sample();
		}
		catch (RuntimeException ex) {
			failed("sample the caches", ex);
		}
	}

	private void sample() {
		if (this.inFlight.get() >= this.maxInFlight) {
			return;
		}
		EntryKeySampler.Sample sample = this.sampler.next(refreshCaches());
		if (sample == null) {
			return;
		}
		Object id = sample.cache().idOf(sample.key());
		// One sample of a key at a time, so a stale entry is counted and evicted once.
		if (id == null || !sample.cache().begin(sample.key())) {
			return;
		}
		this.inFlight.incrementAndGet();
		byte[] value;
		try {
			value = sample.cache().cache().getNativeCache().get(sample.redisKey());
		}
		catch (RuntimeException ex) {
			done(sample);
			throw ex;
		}
		if (value == null) {
			done(sample);
			return;
		}
		schedule(sample, () -> check(sample, id, value, 1));
	}

	private void schedule(EntryKeySampler.Sample sample, Runnable check) {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			done(sample);
			return;
		}
		try {
			executor.schedule(check, this.settings.gracePeriod().toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			// Stopped meanwhile.
			done(sample);
		}
	}

	private void done(EntryKeySampler.Sample sample) {
		sample.cache().end(sample.key());
		this.inFlight.decrementAndGet();
	}

	private void check(EntryKeySampler.Sample sample, Object id, byte[] value, int attempt) {
		boolean again = false;
		try {
			AuditedCache cache = sample.cache();
			Check result = cache.rows().inspect(id, (row) -> compare(cache, sample.redisKey(), value, row));
			if (result == null) {
				cache.window().unsettled();
				return;
			}
			if (result.difference() == null) {
				cache.window().consistent();
				tell(cache.name(), AuditListener.Result.CONSISTENT);
			}
			else if (attempt == 1) {
				again = true;
				schedule(sample, () -> check(sample, id, value, 2));
			}
			else {
				stale(cache, sample.key(), result.difference());
			}
		}
		catch (RuntimeException ex) {
			failed("check key '" + sample.key() + "' of cache '" + sample.cache().name() + "'", ex);
		}
		finally {
			if (!again) {
				done(sample);
			}
		}
	}

	// Runs while the row can still load its lazy associations. Null: not comparable now.
	private @Nullable Check compare(AuditedCache cache, byte[] redisKey, byte[] sampled, @Nullable Object row) {
		byte[] now = cache.cache().getNativeCache().get(redisKey);
		if (now == null || !Arrays.equals(now, sampled)) {
			return null;
		}
		Object cached;
		try {
			cached = cache.cache().deserializeValue(now);
		}
		catch (RuntimeException ex) {
			// The cache itself refuses such a value on read; not the audit's business.
			return null;
		}
		if (cached != null && !cache.rows().valueType().isInstance(cached)) {
			skip(cache.name(), "its values are " + cached.getClass().getName() + ", not the "
					+ cache.rows().valueType().getName() + " its repository reads by id");
			return null;
		}
		return new Check(this.comparison.difference(row, cached));
	}

	private void stale(AuditedCache cache, String key, String difference) {
		cache.window()
			.stale(new CacheAudit.StaleEntry(key, Instant.ofEpochMilli(this.clock.millis()).toString(), difference));
		tell(cache.name(), AuditListener.Result.STALE);
		logger.warn("Consistency audit: cache '" + cache.name() + "' held a stale value at key '" + key + "' ("
				+ difference + "); something wrote the database past the starter. Evicted through the fence");
		WriteThroughCache target = cache.cache();
		try {
			target.invalidate(key, null);
		}
		catch (RuntimeException ex) {
			// Remembered and retried by the cache's own eviction.
			target.evict(key);
		}
	}

	private void tell(String cacheName, AuditListener.Result result) {
		for (AuditListener listener : this.listeners) {
			listener.audited(cacheName, result);
		}
	}

	private List<AuditedCache> refreshCaches() {
		RepositoryRowSources.Derived derived = this.derived;
		if (derived == null) {
			return List.of();
		}
		synchronized (this.cachesLock) {
			return refreshCaches(derived);
		}
	}

	private List<AuditedCache> refreshCaches(RepositoryRowSources.Derived derived) {
		boolean changed = false;
		for (String name : this.cacheManager.getCacheNames()) {
			if (this.audited.containsKey(name) || this.skipped.containsKey(name)) {
				continue;
			}
			WriteThroughCache cache = this.cacheManager.getCache(name);
			if (cache == null) {
				continue;
			}
			RowSource rows = derived.sources().get(name);
			if (cache.getStrategy() == WriteStrategy.WRITE_BEHIND) {
				skip(name, "it is a write-behind cache: its database lags its entries by design");
			}
			else if (rows == null) {
				skip(name, derived.ambiguous()
					.getOrDefault(name,
							"no Spring Data repository reads a JPA entity or a Spring Data JDBC aggregate by id into it"
									+ " (a @Cacheable method whose one parameter is the id and is the key)"));
			}
			else if (!this.conversionService.canConvert(String.class, rows.idType())) {
				skip(name, "its keys cannot be read back as ids of type " + rows.idType().getName());
			}
			else {
				this.audited.put(name,
						new AuditedCache(cache, rows, new AuditWindow(this.clock), this.conversionService));
				logger.info("Consistency audit samples cache '" + name + "' against " + rows.description());
				changed = true;
			}
		}
		if (changed) {
			this.auditedList = new ArrayList<>(new TreeMap<>(this.audited).values());
		}
		return this.auditedList;
	}

	private void skip(String name, String reason) {
		synchronized (this.cachesLock) {
			if (this.skipped.putIfAbsent(name, reason) == null) {
				logger.info("Consistency audit skips cache '" + name + "': " + reason);
			}
			if (this.audited.remove(name) != null) {
				this.auditedList = new ArrayList<>(new TreeMap<>(this.audited).values());
			}
		}
	}

	private void failed(String what, RuntimeException ex) {
		if (this.executor == null) {
			// Stopping: commands in flight were interrupted.
			return;
		}
		long now = this.clock.millis();
		long last = this.lastFailureLogged.get();
		if (now - last >= FAILURE_LOG_INTERVAL_MS && this.lastFailureLogged.compareAndSet(last, now)) {
			logger.warn("Consistency audit could not " + what + " (" + ex + "); it goes on with the next samples,"
					+ " and logs such failures at most once a minute", ex);
		}
	}

	private record Check(@Nullable String difference) {

	}

}
