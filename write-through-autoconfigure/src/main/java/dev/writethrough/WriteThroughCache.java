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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import dev.writethrough.redis.DisallowedTypeException;
import dev.writethrough.redis.EntryFence;
import dev.writethrough.redis.FenceEnd;
import dev.writethrough.redis.LeaseResult;
import dev.writethrough.redis.RedisCacheStore;
import dev.writethrough.redis.RedisFailure;
import dev.writethrough.redis.RejectedValueException;
import dev.writethrough.tx.CacheKeyWrite;
import dev.writethrough.tx.PendingInvalidations;
import dev.writethrough.tx.TransactionalCacheWrites;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.support.AbstractValueAdaptingCache;
import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;
import org.springframework.util.ObjectUtils;

/**
 * A Redis-backed {@link org.springframework.cache.Cache} that serves {@code @Cacheable}
 * (including {@code sync = true}) and is the target of {@link WriteThrough} writes.
 * <p>
 * Reads never fail because of Redis: a read Redis does not answer is a miss, and a fill
 * it does not take is dropped (after evicting the key, or remembering it). Inside a
 * transaction that has written a key, reads of that key bypass the cache and do not fill
 * it; so do reads of a key whose eviction is still pending. A value whose type is not
 * allowed is never instantiated: it is a miss, counted in {@link #getRejectedReads()}.
 * <p>
 * Keys are stored as {@code <prefix>{<cache name>:<key>}}: the braces are a Redis Cluster
 * hash tag, so everything the starter keeps about one entry lives in one hash slot. A
 * write-behind cache stores {@code <prefix>{<cache name>}:<key>} instead: its entries
 * share one hash slot with its queue, so a write and its queued copy change in one atomic
 * step.
 *
 * @author write-through
 */
public class WriteThroughCache extends AbstractValueAdaptingCache {

	/**
	 * Characters a key prefix must not contain: braces mark Redis Cluster hash tags, and
	 * the others are special in the patterns of {@code SCAN MATCH}, which clearing a
	 * cache uses. A cache name must not contain these either, nor {@code :}.
	 */
	public static final String RESERVED_PREFIX_CHARACTERS = "{}*?[]\\";

	/**
	 * Characters a cache name must not contain: those of
	 * {@link #RESERVED_PREFIX_CHARACTERS} and {@code :}, which separates the cache name
	 * from the key.
	 */
	public static final String RESERVED_NAME_CHARACTERS = ":" + RESERVED_PREFIX_CHARACTERS;

	private static final Log logger = LogFactory.getLog(WriteThroughCache.class);

	private static final byte[] NULL_VALUE = { 0 };

	private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

	private static final byte[] NO_FILL = new byte[0];

	private static final long MAX_LEASE_POLL_NANOS = Duration.ofMillis(20).toNanos();

	private final String name;

	private final String keyPrefix;

	private final Duration ttl;

	private final double ttlJitter;

	private final Duration markerTtl;

	private final Leases leases;

	private final WriteStrategy strategy;

	// A Redis key is entryKeyPrefix + key + entryKeySuffix; the layout depends on the
	// strategy, so it is settled once here.
	private final String entryKeyPrefix;

	private final String entryKeySuffix;

	private final ThreadLocal<Map<Object, byte[]>> fillRights = ThreadLocal.withInitial(HashMap::new);

	private final RedisCacheStore store;

	private final RedisSerializer<Object> serializer;

	private final TransactionalCacheWrites transactionalWrites;

	private final PendingInvalidations pendingInvalidations;

	private final ConcurrentMap<Object, CompletableFuture<@Nullable Object>> loads = new ConcurrentHashMap<>();

	private final LongAdder hits = new LongAdder();

	private final LongAdder misses = new LongAdder();

	private final LongAdder puts = new LongAdder();

	private final LongAdder evictions = new LongAdder();

	private final Map<RejectedValueException.Reason, LongAdder> rejectedValues = new EnumMap<>(
			RejectedValueException.Reason.class);

	private final Set<String> loggedRejections = ConcurrentHashMap.newKeySet();

	private final long maxValueSize;

	// Set once the annotated methods are known, after the cache is built.
	private volatile List<ResolvableType> expectedTypes = List.of();

	private final Map<String, LongAdder> leaseResults = Map.of("granted", new LongAdder(), "writer_active",
			new LongAdder(), "waited", new LongAdder(), "timed_out", new LongAdder());

	private final Map<String, LongAdder> fillResults = Map.of("filled", new LongAdder(), "refused", new LongAdder(),
			"skipped", new LongAdder());

	private volatile long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

	/**
	 * Create a new instance; {@link WriteThroughCacheManager} does so for each cache.
	 * @param name the cache name (no {@code :}, braces or glob characters)
	 * @param settings the cache's key prefix, time to live and jitter
	 * @param store the Redis I/O
	 * @param serializer what turns values into bytes and back
	 * @param transactionalWrites the writes of the current transaction (rule 5)
	 * @param pendingInvalidations the keys whose eviction is pending
	 */
	public WriteThroughCache(String name, Settings settings, RedisCacheStore store, RedisSerializer<Object> serializer,
			TransactionalCacheWrites transactionalWrites, PendingInvalidations pendingInvalidations) {
		super(true);
		Assert.hasText(name, "name must not be empty");
		Assert.isTrue(reservedCharacters(name, RESERVED_NAME_CHARACTERS).isEmpty(), () -> "Cache name '" + name
				+ "' must not contain any of : { } * ? [ ] \\ (they are part of the Redis key layout or special in"
				+ " SCAN patterns); rename the cache");
		Assert.notNull(settings, "settings must not be null");
		this.name = name;
		this.keyPrefix = settings.keyPrefix();
		this.ttl = settings.ttl();
		this.ttlJitter = settings.ttlJitter();
		this.markerTtl = settings.markerTtl();
		this.leases = settings.leases();
		this.strategy = settings.strategy();
		this.maxValueSize = settings.maxValueSize();
		for (RejectedValueException.Reason reason : RejectedValueException.Reason.values()) {
			this.rejectedValues.put(reason, new LongAdder());
		}
		boolean sharedSlot = this.strategy == WriteStrategy.WRITE_BEHIND;
		this.entryKeyPrefix = this.keyPrefix + "{" + name + (sharedSlot ? "}:" : ":");
		this.entryKeySuffix = sharedSlot ? "" : "}";
		this.store = store;
		this.serializer = serializer;
		this.transactionalWrites = transactionalWrites;
		this.pendingInvalidations = pendingInvalidations;
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
		return this.ttl;
	}

	/**
	 * How writes reach this cache.
	 * @return the strategy
	 */
	public WriteStrategy getStrategy() {
		return this.strategy;
	}

	/**
	 * The fraction of the time to live by which it is randomly shortened.
	 * @return the jitter, from 0 (none) to below 1
	 */
	public double getTtlJitter() {
		return this.ttlJitter;
	}

	@Override
	protected @Nullable Object lookup(Object key) {
		Object value = read(key);
		if (value != null) {
			this.hits.increment();
		}
		else {
			this.misses.increment();
		}
		return value;
	}

	private @Nullable Object read(Object key) {
		Map<Object, byte[]> rights = fillRights();
		rights.remove(key);
		if (mustBypass(key)) {
			return null;
		}
		byte[] redisKey = redisKey(key);
		byte[] bytes;
		try {
			bytes = this.store.get(redisKey);
			if (bytes == null && this.leases.enabled()) {
				bytes = leaseOrValue(key, redisKey, rights);
			}
		}
		catch (RuntimeException ex) {
			logFailure("read key '" + key + "'", ex);
			rights.put(key, NO_FILL);
			return null;
		}
		return (bytes != null) ? decode(key, bytes) : null;
	}

	private @Nullable Object peek(Object key) {
		try {
			byte[] bytes = this.store.get(redisKey(key));
			return (bytes != null) ? decode(key, bytes) : null;
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private @Nullable Object decode(Object key, byte[] bytes) {
		try {
			Object value = deserialize(bytes);
			if (!isExpected(value)) {
				rejected(new RejectedValueException(RejectedValueException.Reason.UNEXPECTED_TYPE,
						value.getClass().getName(),
						"Cache '" + this.name + "' holds a " + describe(value) + " at key '" + key
								+ "', but its readers expect " + this.expectedTypes + ": it is not served and is"
								+ " evicted, and the read goes to the database. Something other than this"
								+ " application's annotated methods wrote it, or two methods with different"
								+ " return types share the cache",
						null), "read of key '" + key + "'");
				evict(key);
				return null;
			}
			return value;
		}
		catch (RejectedValueException ex) {
			rejected(ex, "read of key '" + key + "'");
			return null;
		}
		catch (RuntimeException ex) {
			rejected(new RejectedValueException(RejectedValueException.Reason.UNREADABLE, null, ex.getMessage(), ex),
					"read of key '" + key + "'");
			return null;
		}
	}

	/**
	 * Tells the cache what its readers expect: a value found in Redis that is none of
	 * these types (or, for a collection, whose elements are not of the type's element
	 * type) is not served, but counted as rejected and evicted.
	 * @param types the declared return types of the methods that read the cache
	 */
	public void expectValueTypes(Collection<ResolvableType> types) {
		List<ResolvableType> expected = new ArrayList<>(this.expectedTypes);
		expected.addAll(types);
		this.expectedTypes = List.copyOf(expected);
	}

	private boolean isExpected(Object value) {
		List<ResolvableType> expected = this.expectedTypes;
		if (expected.isEmpty() || value == NullValue.INSTANCE) {
			return true;
		}
		for (ResolvableType type : expected) {
			Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(type.toClass());
			if (raw.isInstance(value) && elementsMatch(type, value)) {
				return true;
			}
		}
		return false;
	}

	private static boolean elementsMatch(ResolvableType type, Object value) {
		if (!(value instanceof Iterable<?> elements) || value instanceof Map<?, ?>) {
			return true;
		}
		Class<?> elementType = type.as(Iterable.class).getGeneric(0).toClass();
		if (elementType == Object.class) {
			return true;
		}
		for (Object element : elements) {
			if (element != null && !elementType.isInstance(element)) {
				return false;
			}
		}
		return true;
	}

	private static String describe(Object value) {
		if (value instanceof Iterable<?> elements) {
			for (Object element : elements) {
				if (element != null) {
					return value.getClass().getName() + " of " + element.getClass().getName();
				}
			}
		}
		return value.getClass().getName();
	}

	// Counted every time, logged once per reason and type: the same refusal repeats on
	// every read or write of the type, and its message already says what to do.
	private void rejected(RejectedValueException ex, String action) {
		this.rejectedValues.get(ex.getReason()).increment();
		String type = ex.getTypeName();
		String once = ex.getReason() + ":" + ((type != null) ? type : ex.getMessage());
		if (this.loggedRejections.size() < 1000 && this.loggedRejections.add(once)) {
			logger.warn("Cache '" + this.name + "' refused a value (" + action + "; further refusals of this kind"
					+ " are counted in writethrough.values.rejected{reason=" + ex.getReason().tag() + "}, not logged): "
					+ ex.getMessage());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Cache '" + this.name + "' refused a value (" + action + ")", ex);
		}
	}

	// After a miss: fill under a lease, or wait briefly for the lease holder's fill, or
	// read the database without filling while a writer is active.
	private byte @Nullable [] leaseOrValue(Object key, byte[] redisKey, Map<Object, byte[]> rights) {
		byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
		long deadline = System.nanoTime() + this.leases.waitTime().toNanos();
		long pause = Duration.ofMillis(1).toNanos();
		boolean waited = false;
		while (true) {
			LeaseResult lease = this.store.acquireLease(redisKey, token, this.leases.ttl(), this.markerTtl);
			switch (lease.status()) {
				case VALUE -> {
					return lease.value();
				}
				case GRANTED -> {
					this.leaseResults.get("granted").increment();
					rights.put(key, token);
					return null;
				}
				case WRITER_ACTIVE -> {
					this.leaseResults.get("writer_active").increment();
					rights.put(key, NO_FILL);
					return null;
				}
				case BUSY -> {
					if (!waited) {
						this.leaseResults.get("waited").increment();
						waited = true;
					}
					if (System.nanoTime() >= deadline || !pause(pause)) {
						this.leaseResults.get("timed_out").increment();
						rights.put(key, NO_FILL);
						return null;
					}
					pause = Math.min(pause * 2, MAX_LEASE_POLL_NANOS);
				}
			}
		}
	}

	private static boolean pause(long nanos) {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private Map<Object, byte[]> fillRights() {
		Map<Object, byte[]> rights = this.fillRights.get();
		if (rights.size() > 256) {
			// Rights of reads whose method threw are never consumed: forget them.
			rights.clear();
		}
		return rights;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> @Nullable T get(Object key, Callable<T> valueLoader) {
		ValueWrapper cached = get(key);
		if (cached != null) {
			return (T) cached.get();
		}
		if (mustBypass(key)) {
			return load(key, valueLoader);
		}
		CompletableFuture<@Nullable Object> mine = new CompletableFuture<>();
		CompletableFuture<@Nullable Object> running = this.loads.putIfAbsent(key, mine);
		if (running != null) {
			try {
				return (T) running.join();
			}
			catch (CompletionException ex) {
				throw new ValueRetrievalException(key, valueLoader, ex.getCause());
			}
		}
		try {
			Object filledMeanwhile = peek(key);
			if (filledMeanwhile != null) {
				mine.complete(fromStoreValue(filledMeanwhile));
				return (T) fromStoreValue(filledMeanwhile);
			}
			T value = load(key, valueLoader);
			put(key, value);
			mine.complete(value);
			return value;
		}
		catch (RuntimeException | Error ex) {
			mine.completeExceptionally(ex);
			throw ex;
		}
		finally {
			this.loads.remove(key, mine);
		}
	}

	private <T> T load(Object key, Callable<T> valueLoader) {
		try {
			return valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
	}

	/**
	 * Fills the cache after a read. A fill Redis does not take is dropped; the key is
	 * then evicted, or remembered if that fails too. Inside a transaction that has
	 * written the key, or while the key's eviction is pending, nothing is stored.
	 */
	@Override
	public void put(Object key, @Nullable Object value) {
		if (mustBypass(key)) {
			return;
		}
		byte[] right = fillRights().remove(key);
		if (right == NO_FILL) {
			this.fillResults.get("skipped").increment();
			return;
		}
		if (right != null) {
			fill(key, right, value);
			return;
		}
		try {
			store(key, value);
		}
		catch (RejectedValueException ex) {
			// Counted and logged where it was refused; an older value must not stay.
			evict(key);
		}
		catch (RuntimeException ex) {
			logFailure("store key '" + key + "'", ex);
			evict(key);
		}
	}

	private void fill(Object key, byte[] lease, @Nullable Object value) {
		byte[] bytes;
		try {
			bytes = serialize(value);
		}
		catch (RejectedValueException ex) {
			// Nothing is cached for the key: the next read goes to the database again.
			return;
		}
		try {
			if (this.store.fill(redisKey(key), lease, bytes, jitteredTtl(), this.markerTtl)) {
				this.puts.increment();
				this.fillResults.get("filled").increment();
			}
			else {
				this.fillResults.get("refused").increment();
			}
		}
		catch (RuntimeException ex) {
			// Nothing is cached for the key, so nothing stale: the next read tries again.
			logFailure("fill key '" + key + "'", ex);
		}
	}

	/**
	 * Evicts a key; an eviction Redis does not take is remembered and retried.
	 */
	@Override
	public void evict(Object key) {
		// A key that cannot become a Redis key fails the caller: remembering it would
		// retry an eviction that can never be sent.
		keyString(key);
		try {
			remove(key);
		}
		catch (RuntimeException ex) {
			logFailure("evict key '" + key + "'", ex);
			this.pendingInvalidations.add(new CacheKeyWrite(this, CacheKeyWrite.Kind.EVICT, key, null));
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
			removeAll();
		}
		catch (RuntimeException ex) {
			logFailure("clear the cache", ex);
			this.pendingInvalidations.add(new CacheKeyWrite(this, CacheKeyWrite.Kind.CLEAR, null, null));
		}
	}

	/**
	 * Stores a value with this cache's (jittered) time to live, reporting failure.
	 * @param key the key
	 * @param value the value, {@code null} to cache an absent value
	 * @throws RuntimeException if the value cannot be serialized or Redis does not take
	 * it
	 */
	public void store(Object key, @Nullable Object value) {
		this.store.set(redisKey(key), serialize(value), jitteredTtl());
		this.puts.increment();
	}

	/**
	 * Serializes a value as this cache stores it. A value the cache refuses is counted in
	 * {@link #getRejectedValues()} and logged once per reason and type.
	 * @param value the value, {@code null} for an absent value
	 * @return the bytes
	 * @throws RejectedValueException if the value is refused: its type is not allowed, it
	 * would not come back whole, it holds an uninitialized lazy association, it cannot be
	 * written, or it is larger than {@code write-through.max-value-size}
	 */
	public byte[] serialize(@Nullable Object value) {
		Object storeValue = toStoreValue(value);
		try {
			byte[] bytes = (storeValue == NullValue.INSTANCE) ? NULL_VALUE : this.serializer.serialize(storeValue);
			Assert.state(bytes != null, "The serializer returned no bytes");
			if (bytes.length > this.maxValueSize) {
				String type = storeValue.getClass().getName();
				throw new RejectedValueException(RejectedValueException.Reason.TOO_LARGE, type,
						"A value of type " + type + " is " + bytes.length + " bytes, more than"
								+ " 'write-through.max-value-size' (" + this.maxValueSize + " bytes), so it is not"
								+ " cached and its reads go to the database. Raise the limit or cache something"
								+ " smaller",
						null);
			}
			return bytes;
		}
		catch (RejectedValueException ex) {
			rejected(ex, "write of a " + storeValue.getClass().getName());
			throw ex;
		}
	}

	/**
	 * Marks a key as being written, before the transaction commits: its value is deleted,
	 * read leases are cancelled, and no fill succeeds until the write ends.
	 * @param key the key
	 * @return the writer's fence, to end the write with
	 * @throws RuntimeException if Redis does not answer
	 */
	public EntryFence beginWrite(Object key) {
		return this.store.beginWrite(redisKey(key), UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII),
				this.markerTtl);
	}

	/**
	 * Marks a key as being written like {@link #beginWrite}, without blocking the caller
	 * when the Redis connection can send the mark asynchronously.
	 * @param key the key
	 * @param fallback runs the blocking call when the connection cannot send it without
	 * blocking
	 * @return the writer's fence, completed exceptionally if Redis does not take the mark
	 */
	public CompletableFuture<EntryFence> beginWriteAsync(Object key, Executor fallback) {
		return this.store.beginWriteAsync(redisKey(key),
				UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII), this.markerTtl, fallback);
	}

	/**
	 * Ends a committed write: stores the value if no other writer overlapped this one, or
	 * if its version is the newest and every writer that began has ended; otherwise
	 * evicts the key.
	 * @param key the key
	 * @param fence the fence {@link #beginWrite} returned
	 * @param value the serialized value, or {@code null} to evict
	 * @param version the written row's version, or {@code null} when it has none
	 * @return how the write ended
	 * @throws RuntimeException if Redis does not answer
	 */
	public FenceEnd endWrite(Object key, EntryFence fence, byte @Nullable [] value, @Nullable Long version) {
		FenceEnd end = this.store.endWrite(redisKey(key), fence, value, jitteredTtl(), this.markerTtl, version);
		if (end != FenceEnd.DELETED) {
			this.puts.increment();
		}
		else {
			this.evictions.increment();
		}
		return end;
	}

	/**
	 * Ends a committed write like {@link #endWrite}, without blocking the caller when the
	 * Redis connection can send it asynchronously, so the ends of many writes travel
	 * together.
	 * @param key the key
	 * @param fence the fence {@link #beginWrite} returned
	 * @param value the serialized value, or {@code null} to evict
	 * @param version the written row's version, or {@code null} when it has none
	 * @param fallback runs the blocking call when the connection cannot send it without
	 * blocking
	 * @return how the write ended, completed exceptionally if Redis does not answer
	 */
	public CompletableFuture<FenceEnd> endWriteAsync(Object key, EntryFence fence, byte @Nullable [] value,
			@Nullable Long version, Executor fallback) {
		return this.store.endWriteAsync(redisKey(key), fence, value, jitteredTtl(), this.markerTtl, version, fallback)
			.thenApply((end) -> {
				if (end != FenceEnd.DELETED) {
					this.puts.increment();
				}
				else {
					this.evictions.increment();
				}
				return end;
			});
	}

	/**
	 * Releases the fence of a write whose transaction rolled back.
	 * @param key the key
	 * @param fence the fence {@link #beginWrite} returned
	 * @throws RuntimeException if Redis does not answer
	 */
	public void abortWrite(Object key, EntryFence fence) {
		this.store.abortWrite(redisKey(key), fence, this.markerTtl);
	}

	/**
	 * Evicts the key through the fence: bumps the entry's write sequence so a writer in
	 * flight will not store, cancels read leases so no reader that read before it can
	 * fill, deletes the value. When version is non-null and a write of that version or
	 * newer already ended for the entry (or an invalidation of it did), it does nothing
	 * and returns false. For a change the database made that the fence did not see, such
	 * as one read from its change stream; calling it again for the same change is
	 * harmless. An entry of a write-behind cache whose write is still queued is kept.
	 * @param key the key
	 * @param version the changed row's version, or {@code null} to evict whatever is
	 * cached
	 * @return {@code true} if the key was evicted, {@code false} if nothing was done
	 * @throws RuntimeException if Redis does not answer; nothing is remembered, so the
	 * caller retries
	 */
	public boolean invalidate(Object key, @Nullable Long version) {
		boolean invalidated = this.store.invalidate(redisKey(key), this.markerTtl, version);
		if (invalidated) {
			this.evictions.increment();
		}
		return invalidated;
	}

	/**
	 * Evicts a key, reporting failure.
	 * @param key the key
	 * @throws RuntimeException if Redis does not take the eviction
	 */
	public void remove(Object key) {
		this.store.delete(redisKey(key));
		this.evictions.increment();
	}

	/**
	 * Evicts every entry of this cache, reporting failure. A write-behind cache keeps the
	 * entries whose write is still queued for the database (see {@link #clearEntries()}).
	 * @throws RuntimeException if Redis does not take the eviction
	 */
	public void removeAll() {
		clearEntries();
	}

	/**
	 * Evicts every entry of this cache, reporting failure and what was kept. A
	 * write-behind cache clears only what the database already holds: an entry whose
	 * write is still queued keeps its value (dropping it would serve the database's older
	 * value, and a write computed from that would overwrite the queued one), and is
	 * evicted by a later clear once flushed.
	 * @return how many keys were deleted, and how many entries were kept because their
	 * write is still queued
	 * @throws RuntimeException if Redis does not take the eviction
	 */
	public Cleared clearEntries() {
		byte[] pattern = (globEscaped(this.entryKeyPrefix) + "*").getBytes(StandardCharsets.UTF_8);
		if (this.strategy != WriteStrategy.WRITE_BEHIND) {
			long deleted = this.store.deleteMatching(pattern);
			this.evictions.add(deleted);
			return new Cleared(deleted, 0);
		}
		long[] result = this.store.deleteMatchingFlushed(pattern);
		this.evictions.add(result[0]);
		if (result[1] > 0) {
			logger.warn("Cleared write-behind cache '" + this.name + "' except " + result[1]
					+ " entries whose writes are still queued for the database; they stay cached until flushed,"
					+ " so no queued write is lost. Clear again once the queue is empty to evict them too");
		}
		return new Cleared(result[0], result[1]);
	}

	/**
	 * The reserved characters a name contains.
	 * @param name a key prefix or cache name
	 * @param reserved the characters it must not contain, for example
	 * {@link #RESERVED_NAME_CHARACTERS}
	 * @return those it contains, in order, each once; empty if none
	 */
	public static String reservedCharacters(String name, String reserved) {
		StringBuilder found = new StringBuilder();
		name.chars()
			.filter((c) -> reserved.indexOf(c) >= 0 && found.indexOf(String.valueOf((char) c)) < 0)
			.forEach((c) -> found.append((char) c));
		return found.toString();
	}

	// Names are checked for glob characters; escaped anyway, so a clear never matches
	// keys of another prefix or cache.
	private static String globEscaped(String literal) {
		StringBuilder escaped = new StringBuilder(literal.length() + 8);
		for (char c : literal.toCharArray()) {
			if ("*?[]\\".indexOf(c) >= 0) {
				escaped.append('\\');
			}
			escaped.append(c);
		}
		return escaped.toString();
	}

	/**
	 * Checks that Redis answers.
	 * @throws RuntimeException if it does not
	 */
	public void ping() {
		this.store.ping();
	}

	/**
	 * The Redis key of a cache key.
	 * @param key the cache key
	 * @return the Redis key, {@code <prefix>{<cache name>:<key>}}, or
	 * {@code <prefix>{<cache name>}:<key>} in a write-behind cache
	 */
	public byte[] redisKey(Object key) {
		return (this.entryKeyPrefix + keyString(key) + this.entryKeySuffix).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The Redis key of one of this cache's own structures (a write-behind cache's queue,
	 * for example), in the hash slot of a write-behind cache's entries.
	 * @param suffix what the structure is
	 * @return {@code <prefix>{<cache name>}#<suffix>}
	 */
	public byte[] cacheRedisKey(String suffix) {
		return (this.keyPrefix + "{" + this.name + "}#" + suffix).getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The string form of a key, as it appears in the Redis key.
	 * @param key the cache key
	 * @return its string form
	 * @throws IllegalStateException if the key's type has no {@code toString()} of its
	 * own
	 */
	public String keyString(Object key) {
		if (key instanceof CharSequence || key instanceof Number || key instanceof Enum<?>
				|| key instanceof java.util.UUID) {
			return key.toString();
		}
		String string = key.toString();
		Assert.state(!string.equals(ObjectUtils.identityToString(key)), () -> "Cache key of type "
				+ key.getClass().getName() + " in cache '" + this.name
				+ "' has no toString() of its own, so it cannot become a Redis key; use a key expression that returns"
				+ " a String, a number or a type whose toString() identifies the value");
		return string;
	}

	private boolean mustBypass(Object key) {
		return this.transactionalWrites.hasWritten(this.name, key)
				|| this.pendingInvalidations.isPending(this.name, key);
	}

	/**
	 * Reads a value as this cache stores it.
	 * @param bytes the stored bytes
	 * @return the value, {@code null} for a cached absent value
	 * @throws RuntimeException if the bytes cannot be read or name a type that is not
	 * allowed
	 */
	public @Nullable Object deserializeValue(byte[] bytes) {
		return fromStoreValue(deserialize(bytes));
	}

	private @Nullable Object deserialize(byte[] bytes) {
		if (Arrays.equals(bytes, NULL_VALUE)) {
			return NullValue.INSTANCE;
		}
		Object value = this.serializer.deserialize(bytes);
		if (value == null) {
			throw new DisallowedTypeException("null", "the serializer read no value");
		}
		return value;
	}

	private Duration jitteredTtl() {
		if (this.ttlJitter == 0 || this.ttl.isZero()) {
			return this.ttl;
		}
		long millis = this.ttl.toMillis();
		long cut = (long) (millis * this.ttlJitter * ThreadLocalRandom.current().nextDouble());
		return Duration.ofMillis(Math.max(1, millis - cut));
	}

	private void logFailure(String action, RuntimeException ex) {
		long now = System.nanoTime();
		RedisFailure failure = RedisFailure.of(ex);
		String message = "Cache '" + this.name + "' could not " + action + ": " + failure.describe()
				+ (failure.isRedis() ? ". Reads of the key go to the database meanwhile" : "");
		if (now - this.lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
			this.lastFailureLogNanos = now;
			logger.warn(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	/**
	 * The reads served from the cache.
	 * @return the hit count
	 */
	public long getHits() {
		return this.hits.sum();
	}

	/**
	 * The reads not served from the cache.
	 * @return the miss count
	 */
	public long getMisses() {
		return this.misses.sum();
	}

	/**
	 * The values stored.
	 * @return the put count
	 */
	public long getPuts() {
		return this.puts.sum();
	}

	/**
	 * The keys evicted.
	 * @return the eviction count
	 */
	public long getEvictions() {
		return this.evictions.sum();
	}

	/**
	 * The values refused, on write and on read (read refusals also count as misses).
	 * @return the count of every reason together
	 */
	public long getRejectedReads() {
		return this.rejectedValues.values().stream().mapToLong(LongAdder::sum).sum();
	}

	/**
	 * The values refused, by {@link RejectedValueException.Reason#tag() reason}: on write
	 * (not cached) and on read (not served, also counted as misses).
	 * @return the counts by reason, every reason present
	 */
	public Map<String, Long> getRejectedValues() {
		Map<String, Long> results = new TreeMap<>();
		this.rejectedValues.forEach((reason, count) -> results.put(reason.tag(), count.sum()));
		return results;
	}

	/**
	 * How reads that missed fared with the read lease: {@code granted} (filled the
	 * entry), {@code writer_active} (read the database without filling), {@code waited}
	 * (another reader was filling) and {@code timed_out} (gave up waiting).
	 * @return the counts by result
	 */
	public Map<String, Long> getLeaseResults() {
		Map<String, Long> results = new TreeMap<>();
		this.leaseResults.forEach((result, count) -> results.put(result, count.sum()));
		return results;
	}

	/**
	 * How fills after a read fared: {@code filled}, {@code refused} (a writer began
	 * meanwhile) and {@code skipped} (no lease).
	 * @return the counts by result
	 */
	public Map<String, Long> getFillResults() {
		Map<String, Long> results = new TreeMap<>();
		this.fillResults.forEach((result, count) -> results.put(result, count.sum()));
		return results;
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
	 * The settings of one cache.
	 *
	 * @param keyPrefix the prefix of its Redis keys
	 * @param ttl the time to live of its entries, zero for none
	 * @param ttlJitter the fraction (0 to below 1) by which the time to live is randomly
	 * shortened so entries written together do not expire together
	 * @param markerTtl how long a writer's marker lives if the writer never ends (longer
	 * than any transaction)
	 * @param leases the read leases
	 * @param strategy how writes reach the cache
	 * @param maxValueSize the largest serialized value, in bytes, that is cached
	 */
	public record Settings(String keyPrefix, Duration ttl, double ttlJitter, Duration markerTtl, Leases leases,
			WriteStrategy strategy, long maxValueSize) {

		/** The writer marker's time to live when not configured. */
		public static final Duration DEFAULT_MARKER_TTL = Duration.ofMinutes(2);

		/** The largest value cached when not configured: 1 MB. */
		public static final long DEFAULT_MAX_VALUE_SIZE = 1024 * 1024;

		public Settings {
			Assert.notNull(keyPrefix, "keyPrefix must not be null");
			Assert.isTrue(reservedCharacters(keyPrefix, RESERVED_PREFIX_CHARACTERS).isEmpty(),
					() -> "keyPrefix '" + keyPrefix + "' must not contain any of { } * ? [ ] \\");
			Assert.isTrue(ttl != null && !ttl.isNegative(), "ttl must not be negative");
			Assert.isTrue(ttlJitter >= 0 && ttlJitter < 1, "ttlJitter must be at least 0 and below 1");
			Assert.isTrue(markerTtl != null && markerTtl.toMillis() > 0, "markerTtl must be at least 1ms");
			Assert.notNull(leases, "leases must not be null");
			Assert.notNull(strategy, "strategy must not be null");
			Assert.isTrue(maxValueSize > 0, "maxValueSize must be positive");
		}

		/**
		 * Settings with the default largest value.
		 * @param keyPrefix the prefix of the cache's Redis keys
		 * @param ttl the time to live of its entries, zero for none
		 * @param ttlJitter the fraction by which the time to live is randomly shortened
		 * @param markerTtl how long a writer's marker lives if the writer never ends
		 * @param leases the read leases
		 * @param strategy how writes reach the cache
		 */
		public Settings(String keyPrefix, Duration ttl, double ttlJitter, Duration markerTtl, Leases leases,
				WriteStrategy strategy) {
			this(keyPrefix, ttl, ttlJitter, markerTtl, leases, strategy, DEFAULT_MAX_VALUE_SIZE);
		}

		/**
		 * Settings of a write-through cache.
		 * @param keyPrefix the prefix of the cache's Redis keys
		 * @param ttl the time to live of its entries, zero for none
		 * @param ttlJitter the fraction by which the time to live is randomly shortened
		 * @param markerTtl how long a writer's marker lives if the writer never ends
		 * @param leases the read leases
		 */
		public Settings(String keyPrefix, Duration ttl, double ttlJitter, Duration markerTtl, Leases leases) {
			this(keyPrefix, ttl, ttlJitter, markerTtl, leases, WriteStrategy.WRITE_THROUGH);
		}

		/**
		 * Settings with the default writer marker and read leases.
		 * @param keyPrefix the prefix of the cache's Redis keys
		 * @param ttl the time to live of its entries, zero for none
		 * @param ttlJitter the fraction by which the time to live is randomly shortened
		 */
		public Settings(String keyPrefix, Duration ttl, double ttlJitter) {
			this(keyPrefix, ttl, ttlJitter, DEFAULT_MARKER_TTL, Leases.DEFAULT);
		}

	}

	/**
	 * The read leases of a cache: after a miss only the lease holder fills the entry.
	 *
	 * @param enabled whether reads take leases; without them a miss fills unconditionally
	 * @param ttl how long a lease lives if its holder never fills
	 * @param waitTime how long a reader that finds the lease taken waits for the fill
	 * before it reads the database without filling
	 */
	public record Leases(boolean enabled, Duration ttl, Duration waitTime) {

		/** Leases on, living 2 s, readers waiting up to 300 ms. */
		public static final Leases DEFAULT = new Leases(true, Duration.ofSeconds(2), Duration.ofMillis(300));

		public Leases {
			Assert.isTrue(ttl != null && ttl.toMillis() > 0, "lease ttl must be at least 1ms");
			Assert.isTrue(waitTime != null && !waitTime.isNegative(), "lease wait must not be negative");
		}

	}

}
