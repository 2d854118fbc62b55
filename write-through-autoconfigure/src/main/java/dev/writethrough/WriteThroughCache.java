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
import java.util.Collection;
import java.util.concurrent.Callable;

import dev.writethrough.redis.CacheKeys;
import dev.writethrough.redis.EntryExpiry;
import dev.writethrough.redis.EntryFences;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.RejectedValueException;
import dev.writethrough.redis.ValueCodec;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.core.ResolvableType;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * A Redis-backed {@link org.springframework.cache.Cache} that serves {@code @Cacheable}
 * (including {@code sync = true}) and is the target of {@link WriteThrough} writes.
 * <p>
 * Reads never fail because of Redis: a read Redis does not answer is a miss, and a fill
 * it does not take is dropped (after evicting the key, or remembering it). Inside a
 * transaction that has written a key, reads of that key bypass the cache and do not fill
 * it; so do reads of a key whose eviction is still pending. A value whose type is not
 * allowed is never instantiated: it is a miss, counted in {@link #getStatistics()}.
 * <p>
 * The Redis key layout is {@link CacheKeys}'; the fence that orders writers and the read
 * lease that orders fills are {@link EntryFences}'.
 *
 * @author write-through
 */
public class WriteThroughCache extends AbstractValueAdaptingCache {

	private static final Log logger = LogFactory.getLog(WriteThroughCache.class);

	private final String name;

	private final Settings settings;

	private final CacheKeys keys;

	private final EntryFences fences;

	private final RedisCacheStore store;

	private final PendingWrites pendingWrites;

	private final CacheStatistics statistics = new CacheStatistics();

	private final ReadLeases leases;

	private final CacheValues values;

	private final FailureLog failures = new FailureLog(logger);

	private final SyncLoads syncLoads = new SyncLoads();

	/**
	 * Create a new instance; {@link WriteThroughCacheManager} does so for each cache.
	 * @param name the cache name (none of {@link CacheKeys#RESERVED_NAME_CHARACTERS})
	 * @param settings the cache's settings
	 * @param store the Redis I/O
	 * @param serializer what turns values into bytes and back
	 * @param pendingWrites the writes that are not settled yet
	 * @throws IllegalArgumentException if the name or key prefix holds a reserved
	 * character
	 */
	public WriteThroughCache(String name, Settings settings, RedisCacheStore store, RedisSerializer<Object> serializer,
			PendingWrites pendingWrites) {
		super(true);
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(store, "store must not be null");
		Assert.notNull(pendingWrites, "pendingWrites must not be null");
		this.name = name;
		this.settings = settings;
		this.keys = (settings.strategy() == WriteStrategy.WRITE_BEHIND)
				? CacheKeys.partitioned(settings.keyPrefix(), name, settings.writeBehindPartitions())
				: CacheKeys.perEntrySlot(settings.keyPrefix(), name);
		this.store = store;
		this.fences = EntryFences.create(store, this.keys, settings.expiry());
		this.pendingWrites = pendingWrites;
		this.leases = new ReadLeases(this.fences, settings.leases(), settings.leaseWait(), this.statistics);
		this.values = new CacheValues(name, ValueCodec.create(serializer, settings.maxValueSize()), this.statistics,
				logger, this::evict);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public RedisCacheStore getNativeCache() {
		return this.store;
	}

	/**
	 * The time to live of this cache's entries, before jitter.
	 * @return the time to live
	 */
	public Duration getTtl() {
		return this.settings.expiry().ttl();
	}

	/**
	 * The fraction of the time to live by which it is randomly shortened.
	 * @return the jitter, from 0 (none) to below 1
	 */
	public double getTtlJitter() {
		return this.settings.expiry().ttlJitter();
	}

	/**
	 * How writes reach this cache.
	 * @return the strategy
	 */
	public WriteStrategy getStrategy() {
		return this.settings.strategy();
	}

	/**
	 * What this cache counted since start.
	 * @return the statistics
	 */
	public CacheStatistics getStatistics() {
		return this.statistics;
	}

	/**
	 * The Redis key layout of this cache.
	 * @return the layout
	 */
	public CacheKeys getKeys() {
		return this.keys;
	}

	/**
	 * The Redis key of a cache key, as {@link #getKeys()} lays it out.
	 * @param key the cache key
	 * @return {@code <prefix>{<cache name>:<key>}}, or {@code <prefix>{<cache
	 * name>}:<key>} in a write-behind cache of one partition (see {@link CacheKeys})
	 */
	public byte[] redisKey(Object key) {
		return this.keys.entry(key);
	}

	/**
	 * The reads served from the cache; the other counts are in {@link #getStatistics()}.
	 * @return the hit count
	 */
	public long getHits() {
		return this.statistics.getHits();
	}

	/**
	 * The reads not served from the cache.
	 * @return the miss count
	 */
	public long getMisses() {
		return this.statistics.getMisses();
	}

	/**
	 * The values stored.
	 * @return the put count
	 */
	public long getPuts() {
		return this.statistics.getPuts();
	}

	/**
	 * The keys evicted.
	 * @return the eviction count
	 */
	public long getEvictions() {
		return this.statistics.getEvictions();
	}

	/**
	 * The fence of this cache's entries, which the write path begins before the commit
	 * and ends after it.
	 * @return the fence
	 */
	public EntryFences getFences() {
		return this.fences;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		Object value = read(key);
		if (value != null) {
			this.statistics.hit();
		}
		else {
			this.statistics.miss();
		}
		return value;
	}

	private @Nullable Object read(Object key) {
		if (this.pendingWrites.mustBypass(this.name, key)) {
			// An earlier read's right to fill must not outlive this read.
			this.leases.take(key);
			return null;
		}
		byte[] bytes;
		try {
			bytes = this.leases.read(key, () -> this.store.get(this.keys.entry(key)));
		}
		catch (RuntimeException ex) {
			this.failures.failed(this.name, "read key '" + key + "'", ex);
			this.leases.noFill(key);
			return null;
		}
		return (bytes != null) ? this.values.read(key, bytes) : null;
	}

	/**
	 * Tells the cache what its readers expect: a value found in Redis that is none of
	 * these types (or, for a collection, whose elements are not of the type's element
	 * type) is not served, but counted as rejected and evicted.
	 * @param types the declared return types of the methods that read the cache
	 */
	public void expectValueTypes(Collection<ResolvableType> types) {
		this.values.expect(types);
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			return (T) cached.get();
		}
		if (this.pendingWrites.mustBypass(this.name, key)) {
			return (T) SyncLoads.call(key, valueLoader);
		}
		return (T) this.syncLoads.load(key, valueLoader, this.leases.leaseGrantedAt(key), this::filledMeanwhile,
				this::put);
	}

	private @Nullable ValueWrapper filledMeanwhile(Object key) {
		try {
			byte[] bytes = this.store.get(this.keys.entry(key));
			Object value = (bytes != null) ? this.values.read(key, bytes) : null;
			return (value != null) ? toValueWrapper(value) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * Fills the cache after a read, under the read's lease when it took one. A fill Redis
	 * does not take is dropped; a put that follows no read evicts the key instead, or
	 * remembers it if that fails too. Inside a transaction that has written the key, or
	 * while the key's eviction is pending, nothing is stored.
	 */
	@Override
	public void put(Object key, @Nullable Object value) {
		if (this.pendingWrites.mustBypass(this.name, key)) {
			return;
		}
		byte[] lease = this.leases.take(key);
		if (lease == ReadLeases.NO_FILL) {
			this.statistics.fill(CacheStatistics.Fill.SKIPPED);
			return;
		}
		try {
			byte[] bytes = serialize(value);
			if (lease != null) {
				this.leases.fill(key, lease, bytes);
			}
			else {
				this.store.set(this.keys.entry(key), bytes, this.settings.expiry().valueTtl());
				this.statistics.stored(1);
			}
		}
		catch (RuntimeException ex) {
			if (!(ex instanceof RejectedValueException)) {
				this.failures.failed(this.name, ((lease != null) ? "fill" : "store") + " key '" + key + "'", ex);
			}
			if (lease == null) {
				// An older value must not stay. A refused fill cached nothing.
				evict(key);
			}
		}
	}

	/**
	 * Evicts a key; an eviction Redis does not take is remembered and retried.
	 * @throws IllegalStateException if the key cannot become a Redis key (remembering it
	 * would retry an eviction that can never be sent)
	 */
	@Override
	public void evict(Object key) {
		this.keys.keyString(key);
		try {
			remove(key);
		}
		catch (RuntimeException ex) {
			this.failures.failed(this.name, "evict key '" + key + "'", ex);
			this.pendingWrites.evictionFailed(this, key);
		}
	}

	/**
	 * Removes every entry of this cache, and only of this cache; a clear Redis does not
	 * take is remembered and retried. A write-behind cache keeps the entries whose write
	 * is still queued for the database (see {@link #clearEntries()}).
	 */
	@Override
	public void clear() {
		try {
			clearEntries();
		}
		catch (RuntimeException ex) {
			this.failures.failed(this.name, "clear the cache", ex);
			this.pendingWrites.evictionFailed(this, null);
		}
	}

	/**
	 * Evicts the key through the fence, for a change the database made that the fence did
	 * not see (one read from the database's change stream, for example): a writer in
	 * flight will not store, no reader that read before can fill, and the value is
	 * deleted (see {@link EntryFences#invalidate}). Calling it again for the same change
	 * is harmless.
	 * @param key the key
	 * @param version the changed row's version, or {@code null} to evict whatever is
	 * cached
	 * @return {@code true} if the key was evicted, {@code false} if a write of that
	 * version or newer already ended, or a write-behind write of the entry is queued
	 * @throws RuntimeException if Redis does not answer; nothing is remembered, so the
	 * caller retries
	 */
	public boolean invalidate(Object key, @Nullable Long version) {
		boolean invalidated = this.fences.invalidate(key, version);
		if (invalidated) {
			this.statistics.evicted(1);
		}
		return invalidated;
	}

	/**
	 * Evicts a key like {@link #evict}, but reports a failure instead of remembering it:
	 * for the pending-invalidation log, which retries it.
	 * @param key the key
	 * @throws RuntimeException if Redis does not take the eviction
	 */
	public void remove(Object key) {
		this.store.delete(this.keys.entry(key));
		this.statistics.evicted(1);
	}

	/**
	 * Evicts every entry of this cache like {@link #clear}, but reports a failure instead
	 * of remembering it. A write-behind cache clears only what the database already
	 * holds: an entry whose write is still queued keeps its value (dropping it would
	 * serve the database's older value, and a write computed from that would overwrite
	 * the queued one), and is evicted by a later clear once flushed.
	 * @return how many keys were deleted, and how many entries were kept because their
	 * write is still queued
	 * @throws RuntimeException if Redis does not take the eviction
	 */
	public Cleared clearEntries() {
		if (getStrategy() != WriteStrategy.WRITE_BEHIND) {
			long deleted = this.store.deleteMatching(this.keys.entryPattern());
			this.statistics.evicted(deleted);
			return new Cleared(deleted, 0);
		}
		long[] result = new long[2];
		// One pattern per partition: each one's matches share a hash slot.
		for (byte[] pattern : this.keys.entryPatterns()) {
			long[] partition = this.store.deleteMatchingFlushed(pattern);
			result[0] += partition[0];
			result[1] += partition[1];
		}
		this.statistics.evicted(result[0]);
		if (result[1] > 0) {
			logger.warn("Cleared write-behind cache '" + this.name + "' except " + result[1]
					+ " entries whose writes are still queued for the database; they stay cached until flushed,"
					+ " so no queued write is lost. Clear again once the queue is empty to evict them too");
		}
		return new Cleared(result[0], result[1]);
	}

	/**
	 * Serializes a value as this cache stores it. A value the cache refuses is counted in
	 * {@link #getStatistics()} and logged once per reason and type.
	 * @param value the value, {@code null} for an absent value
	 * @return the bytes
	 * @throws RejectedValueException if the value is refused: its type is not allowed, it
	 * would not come back whole, it holds an uninitialized lazy association, it cannot be
	 * written, or it is larger than {@code write-through.max-value-size}
	 */
	public byte[] serialize(@Nullable Object value) {
		return this.values.encode(toStoreValue(value));
	}

	/**
	 * Reads a value as this cache stores it.
	 * @param bytes the stored bytes
	 * @return the value, {@code null} for a cached absent value
	 * @throws RuntimeException if the bytes cannot be read or name a type that is not
	 * allowed
	 */
	public @Nullable Object deserializeValue(byte[] bytes) {
		return fromStoreValue(this.values.decode(bytes));
	}

	/**
	 * What clearing a cache did.
	 *
	 * @param deleted the Redis keys deleted
	 * @param keptQueued the entries of a write-behind cache kept because their write is
	 * still queued for the database
	 */
	public record Cleared(long deleted, long keptQueued) {

	}

	/**
	 * The settings of one cache, taken from the configuration properties.
	 *
	 * @param keyPrefix the prefix of its Redis keys
	 * @param strategy how writes reach the cache
	 * @param expiry how long its keys live
	 * @param leases whether reads that miss take a read lease; without one a miss fills
	 * unconditionally
	 * @param leaseWait how long a reader that finds the lease taken waits for the fill
	 * before it reads the database without filling
	 * @param maxValueSize the largest serialized value, in bytes, that is cached
	 * @param writeBehindPartitions how many partitions a write-behind cache's queue has
	 * (see {@link CacheKeys#partitioned}); ignored by the other strategies
	 */
	public record Settings(String keyPrefix, WriteStrategy strategy, EntryExpiry expiry, boolean leases,
			Duration leaseWait, long maxValueSize, int writeBehindPartitions) {

		public Settings {
			Assert.notNull(keyPrefix, "keyPrefix must not be null");
			Assert.notNull(strategy, "strategy must not be null");
			Assert.notNull(expiry, "expiry must not be null");
			Assert.isTrue(leaseWait != null && !leaseWait.isNegative(), "leaseWait must not be negative");
			Assert.isTrue(maxValueSize > 0, "maxValueSize must be positive");
			Assert.isTrue(writeBehindPartitions >= 1, "writeBehindPartitions must be at least 1");
		}

		/**
		 * Settings of a cache whose write-behind queue, if any, has one partition.
		 * @param keyPrefix the prefix of its Redis keys
		 * @param strategy how writes reach the cache
		 * @param expiry how long its keys live
		 * @param leases whether reads that miss take a read lease
		 * @param leaseWait how long a reader that finds the lease taken waits for the
		 * fill
		 * @param maxValueSize the largest serialized value, in bytes, that is cached
		 */
		public Settings(String keyPrefix, WriteStrategy strategy, EntryExpiry expiry, boolean leases,
				Duration leaseWait, long maxValueSize) {
			this(keyPrefix, strategy, expiry, leases, leaseWait, maxValueSize, 1);
		}

		/**
		 * These settings with another number of write-behind partitions.
		 * @param partitions how many partitions
		 * @return the settings
		 */
		public Settings withWriteBehindPartitions(int partitions) {
			return new Settings(this.keyPrefix, this.strategy, this.expiry, this.leases, this.leaseWait,
					this.maxValueSize, partitions);
		}

	}

}
