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

package dev.writethrough.changecapture;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.writethrough.WriteThroughCacheManager;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.embedded.Connect;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.util.Assert;

/**
 * Follows the database's change stream and evicts, through the fence, every cached key a
 * changed row maps to, whoever wrote the row.
 * <p>
 * Exactly one instance reads the stream: the holder of a lease in Redis (the store the
 * cache already depends on), renewed at a third of its time to live. Another instance
 * takes over at most one lease after the leader died and resumes from the position the
 * leader last stored. The position is stored (in Redis, only by the lease holder) after
 * the invalidations of the events before it were done, so after a crash events are
 * delivered again rather than lost; invalidating again is harmless. An invalidation that
 * Redis does not take stops the engine, which restarts after
 * {@link ChangeCaptureSettings#retryDelay()} (doubling with each failure in a row, up to
 * 30 s) from the stored position.
 *
 * @author write-through
 */
public final class ChangeCapture implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ChangeCapture.class);

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);

	private final ChangeCaptureSettings settings;

	private final ChangeCaptureStorage storage;

	private final ChangeEventInvalidation invalidation;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition changed = this.lock.newCondition();

	private final LongAdder events = new LongAdder();

	private final LongAdder takeovers = new LongAdder();

	private final AtomicLong lagMillis = new AtomicLong(-1);

	private volatile boolean running;

	private volatile boolean leader;

	private volatile boolean engineEnded;

	private volatile long consecutiveFailures;

	private volatile @Nullable Throwable lastFailure;

	private volatile Map<String, ?> position = Map.of();

	private volatile @Nullable Instant lastEvent;

	private volatile @Nullable Instant leaderSince;

	private @Nullable Thread thread;

	/**
	 * Create a new instance; it reads nothing until started.
	 * @param settings the stream's name, connector properties and lease
	 * @param mappings how changed rows map to cache keys
	 * @param caches where the keys are evicted
	 * @param redis where the lease and the position are kept
	 * @param jdbc runs the key queries of child tables, or {@code null} if none has one
	 */
	public ChangeCapture(ChangeCaptureSettings settings, List<TableMapping> mappings, WriteThroughCacheManager caches,
			StringRedisTemplate redis, @Nullable NamedParameterJdbcOperations jdbc) {
		Assert.notNull(settings, "settings must not be null");
		Assert.notEmpty(mappings,
				"Change capture has no table to follow: map at least one cache with"
						+ " write-through.caches.<name>.change-capture.table, or cache JPA entities or Spring Data JDBC"
						+ " aggregates by their id");
		this.settings = settings;
		this.storage = new ChangeCaptureStorage(redis, settings.keyPrefix(), settings.name(), settings.instance());
		this.invalidation = new ChangeEventInvalidation(mappings, caches, jdbc);
	}

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.running) {
				return;
			}
			this.running = true;
			Thread reader = new Thread(this::follow, "write-through-change-capture-" + this.settings.name());
			reader.setDaemon(true);
			this.thread = reader;
			reader.start();
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public void stop() {
		Thread reader;
		this.lock.lock();
		try {
			this.running = false;
			this.changed.signalAll();
			reader = this.thread;
			this.thread = null;
		}
		finally {
			this.lock.unlock();
		}
		if (reader != null) {
			try {
				reader.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Stops before the caches and the Redis connection it evicts through.
		return SmartLifecycle.DEFAULT_PHASE - 1024;
	}

	// The reader thread: waits for the lease, reads while it holds it, hands it back.
	private void follow() {
		String id = this.storage.register();
		try {
			while (this.running) {
				boolean acquired;
				try {
					acquired = this.storage.tryAcquire(this.settings.leaderLease());
				}
				catch (RuntimeException ex) {
					failed("could not ask Redis for the change-capture lease", ex);
					acquired = false;
				}
				if (!acquired) {
					pause(pollInterval(), false);
					continue;
				}
				this.takeovers.increment();
				this.leaderSince = Instant.now();
				this.leader = true;
				logger.info("Instance '" + this.settings.instance() + "' now reads the change stream '"
						+ this.settings.name() + "'");
				try {
					readWhileLeading(id);
				}
				finally {
					this.leader = false;
					this.leaderSince = null;
					try {
						this.storage.release();
					}
					catch (RuntimeException ex) {
						// It expires on its own.
					}
				}
			}
		}
		finally {
			this.storage.unregister();
		}
	}

	private void readWhileLeading(String storageId) {
		while (this.running) {
			this.engineEnded = false;
			DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
				.create(ChangeEventFormat.of(Connect.class))
				.using(engineProperties(storageId))
				.using(this::engineCompleted)
				.notifying(this::handleBatch)
				.build();
			Thread runner = new Thread(engine, "write-through-change-capture-engine-" + this.settings.name());
			runner.setDaemon(true);
			runner.start();
			boolean leading = true;
			Duration renewal = this.settings.leaderLease().dividedBy(3);
			long renewed = System.nanoTime();
			while (this.running && leading && !this.engineEnded) {
				pause(renewal, true);
				try {
					long late = System.nanoTime() - renewed - this.settings.leaderLease().toNanos();
					if (late > 0) {
						logger.warn("Instance '" + this.settings.instance() + "' renews the change-capture lease of '"
								+ this.settings.name() + "' " + Duration.ofNanos(late).toMillis() + " ms after it"
								+ " expired (a pause of the JVM or an overloaded machine); raise"
								+ " write-through.change-capture.leader-lease if this repeats");
					}
					leading = this.storage.renew(this.settings.leaderLease());
					renewed = System.nanoTime();
					if (!leading) {
						logger.warn("Instance '" + this.settings.instance() + "' lost the change-capture lease of '"
								+ this.settings.name() + "' (it paused longer than write-through.change-capture"
								+ ".leader-lease?); it stops reading and another instance reads on");
					}
				}
				catch (RuntimeException ex) {
					failed("could not renew the change-capture lease", ex);
					leading = false;
				}
			}
			close(engine, runner);
			if (!leading || !this.running) {
				return;
			}
			// The engine failed (or Redis refused an invalidation): restart from the
			// stored
			// position, which replays what was not yet invalidated, after a delay that
			// doubles
			// with each failure in a row (up to 30 s), holding the lease meanwhile.
			long until = System.nanoTime() + retryDelay(++this.consecutiveFailures).toNanos();
			while (this.running && System.nanoTime() < until) {
				pause(Duration.ofNanos(Math.min(renewal.toNanos(), Math.max(1, until - System.nanoTime()))), false);
				try {
					if (!this.storage.renew(this.settings.leaderLease())) {
						return;
					}
				}
				catch (RuntimeException ex) {
					return;
				}
			}
		}
	}

	private Duration retryDelay(long failures) {
		long millis = this.settings.retryDelay().toMillis() << Math.min(failures - 1, 10);
		return Duration.ofMillis(Math.min(millis, MAX_RETRY_DELAY.toMillis()));
	}

	private Properties engineProperties(String storageId) {
		Properties properties = new Properties();
		properties.putAll(this.settings.connector());
		properties.setProperty("name", this.settings.name());
		properties.setProperty("topic.prefix", this.settings.name());
		properties.setProperty("offset.storage", RedisOffsetBackingStore.class.getName());
		properties.setProperty(ChangeCaptureStorage.STORAGE_ID, storageId);
		properties.putIfAbsent("offset.flush.interval.ms", "0");
		if (this.settings.binlog()) {
			properties.setProperty("schema.history.internal", RedisSchemaHistory.class.getName());
			properties.setProperty("schema.history.internal." + ChangeCaptureStorage.STORAGE_ID, storageId);
			properties.setProperty(ChangeCaptureStorage.REPLAY_WHOLE_TRANSACTIONS, "true");
		}
		return properties;
	}

	private void handleBatch(List<RecordChangeEvent<SourceRecord>> records,
			DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer) throws InterruptedException {
		for (RecordChangeEvent<SourceRecord> event : records) {
			SourceRecord record = event.record();
			if (this.invalidation.apply(record)) {
				this.events.increment();
				this.lastEvent = Instant.now();
				Long committed = commitMillis(record);
				if (committed != null) {
					this.lagMillis.set(Math.max(0, System.currentTimeMillis() - committed));
				}
			}
			this.position = record.sourceOffset();
			committer.markProcessed(event);
		}
		committer.markBatchFinished();
		this.consecutiveFailures = 0;
	}

	private static @Nullable Long commitMillis(SourceRecord record) {
		if (record.value() instanceof Struct value && value.schema().field("source") != null) {
			Struct source = value.getStruct("source");
			if (source.schema().field("ts_ms") != null) {
				return source.getInt64("ts_ms");
			}
		}
		return null;
	}

	private void engineCompleted(boolean success, String message, @Nullable Throwable error) {
		if (!success && this.running) {
			failed("read the change stream and stopped (" + message + "); it restarts from the stored position", error);
		}
		this.lock.lock();
		try {
			this.engineEnded = true;
			this.changed.signalAll();
		}
		finally {
			this.lock.unlock();
		}
	}

	private void close(DebeziumEngine<?> engine, Thread runner) {
		try {
			engine.close();
			runner.join(TimeUnit.SECONDS.toMillis(30));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			if (this.engineEnded) {
				// A failed engine was already reported; closing it again may fail too.
				logger.debug("Change capture '" + this.settings.name() + "' closed a failed engine", ex);
			}
			else {
				logger.warn("Change capture '" + this.settings.name() + "' could not close its Debezium engine", ex);
			}
		}
	}

	private void failed(String action, @Nullable Throwable ex) {
		this.lastFailure = ex;
		logger.warn("Change capture '" + this.settings.name() + "' " + action
				+ ((ex != null) ? ": " + ex.getMessage() : ""), ex);
	}

	private Duration pollInterval() {
		return Duration.ofMillis(Math.max(100, this.settings.leaderLease().toMillis() / 5));
	}

	// Waits, but wakes at once when stopped or, if asked, when the engine ended.
	private void pause(Duration duration, boolean untilEngineEnded) {
		this.lock.lock();
		try {
			long nanos = duration.toNanos();
			while (nanos > 0 && this.running && !(untilEngineEnded && this.engineEnded)) {
				nanos = this.changed.awaitNanos(nanos);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether this instance reads the change stream now.
	 * @return {@code true} while it holds the lease
	 */
	public boolean isLeader() {
		return this.leader;
	}

	/**
	 * Since when this instance reads the change stream.
	 * @return when it took the lease, or {@code null} while it does not hold it
	 */
	public @Nullable Instant getLeaderSince() {
		return this.leaderSince;
	}

	/**
	 * The instance that reads the change stream now, as the lease in Redis names it.
	 * @return its token ({@code <instance>/<uuid>}), or {@code null} if none holds it or
	 * Redis does not answer
	 */
	public @Nullable String getLeader() {
		try {
			return this.storage.leader();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	/**
	 * This instance's token in the leader key.
	 * @return the token
	 */
	public String getInstanceToken() {
		return this.storage.token();
	}

	/**
	 * The name of the stream (slot, publication, topic prefix).
	 * @return the name
	 */
	public String getName() {
		return this.settings.name();
	}

	/**
	 * The position of the last event this instance processed, as Debezium gives it (a
	 * PostgreSQL LSN, a binary log file and position).
	 * @return the source offset, empty if this instance processed none
	 */
	public Map<String, ?> getPosition() {
		return this.position;
	}

	/**
	 * The stored position every instance resumes from.
	 * @return the Kafka Connect offsets as text, empty if none is stored or Redis does
	 * not answer
	 */
	public Map<String, String> getStoredPosition() {
		try {
			return new TreeMap<>(this.storage.readableOffsets());
		}
		catch (RuntimeException ex) {
			return Map.of();
		}
	}

	/**
	 * How long after its commit the last change was invalidated; MariaDB's binary log
	 * records commit times to the second.
	 * @return the lag, or {@code null} before the first change
	 */
	public @Nullable Duration getLag() {
		long lag = this.lagMillis.get();
		return (lag >= 0) ? Duration.ofMillis(lag) : null;
	}

	/**
	 * When this instance last processed a change of a mapped table.
	 * @return the instant, or {@code null} if none yet
	 */
	public @Nullable Instant getLastEvent() {
		return this.lastEvent;
	}

	/**
	 * The changes of mapped tables this instance processed.
	 * @return the count
	 */
	public long getEvents() {
		return this.events.sum();
	}

	/**
	 * How often this instance became the reader.
	 * @return the count
	 */
	public long getTakeovers() {
		return this.takeovers.sum();
	}

	/**
	 * The keys the stream evicted, by cache.
	 * @return the counts by cache name
	 */
	public Map<String, Long> getEvictions() {
		Map<String, Long> counts = new TreeMap<>();
		this.invalidation.results().forEach((cache, results) -> counts.put(cache, results[0].sum()));
		return counts;
	}

	/**
	 * The changes not evicted because the cache already held a write of the changed row's
	 * version or newer (a write's own change, delivered by the stream after the write
	 * ended), by cache.
	 * @return the counts by cache name
	 */
	public Map<String, Long> getSkipped() {
		Map<String, Long> counts = new TreeMap<>();
		this.invalidation.results().forEach((cache, results) -> counts.put(cache, results[1].sum()));
		return counts;
	}

	/**
	 * The last failure of reading the stream or holding the lease.
	 * @return it, or {@code null} if none
	 */
	public @Nullable Throwable getLastFailure() {
		return this.lastFailure;
	}

}
