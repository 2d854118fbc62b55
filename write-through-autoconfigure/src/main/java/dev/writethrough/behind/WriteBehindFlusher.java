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
package dev.writethrough.behind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteThroughCache;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.transaction.support.TransactionOperations;

/**
 * Drains one write-behind cache's queue into the database, on its own thread: takes a
 * batch, holds the latest write of each key in it, writes them through the
 * {@link WriteBehindWriter} in one transaction, then acknowledges the batch. A batch the
 * database refuses is tried again with backoff; after the last attempt each write is
 * tried alone and those that still fail are parked in the dead-letter stream.
 *
 * @author write-through
 */
final class WriteBehindFlusher implements Runnable {

	private static final Log logger = LogFactory.getLog(WriteBehindFlusher.class);

	private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

	private static final long WRITE = 1;

	private static final long SUPERSEDED = 0;

	private final WriteBehindQueue queue;

	private final WriteBehindWriter<Object, Object> writer;

	private final TransactionOperations transactions;

	private final WriteBehindSettings settings;

	private final String consumer;

	private final WriteBehindListener listener;

	private final Map<String, Integer> attempts = new HashMap<>();

	private final Object monitor = new Object();

	private volatile boolean running = true;

	private int failures;

	private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

	WriteBehindFlusher(WriteBehindQueue queue, WriteBehindWriter<Object, Object> writer,
			TransactionOperations transactions, WriteBehindSettings settings, String consumer,
			WriteBehindListener listener) {
		this.queue = queue;
		this.writer = writer;
		this.transactions = transactions;
		this.settings = settings;
		this.consumer = consumer;
		this.listener = listener;
	}

	String cacheName() {
		return this.queue.getCache().getName();
	}

	@Override
	public void run() {
		while (this.running) {
			Round round = flushOnce();
			if (round == Round.FULL) {
				continue;
			}
			long pause = (round == Round.FAILED) ? backoffMillis() : this.settings.flushInterval().toMillis();
			pause(pause);
		}
		drain(System.nanoTime() + this.settings.shutdownTimeout().toNanos());
	}

	void stop() {
		this.running = false;
		synchronized (this.monitor) {
			this.monitor.notifyAll();
		}
	}

	// Writes what is queued, without backoff, until the queue is empty, a batch fails or
	// time runs out.
	private void drain(long deadline) {
		while (System.nanoTime() < deadline) {
			Round round = flushOnce();
			if (round == Round.EMPTY || round == Round.FAILED) {
				return;
			}
			if (round == Round.PARTIAL) {
				if (this.queue.depth() == 0) {
					return;
				}
				// Keys held by another flusher, or writes still arriving: a short breath.
				try {
					Thread.sleep(Math.min(50, this.settings.flushInterval().toMillis()));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
		logger.warn("Shutdown of write-behind cache '" + cacheName() + "' timed out with " + this.queue.depth()
				+ " writes still queued; another instance, or this one on its next start, writes them");
	}

	Round flushOnce() {
		WriteBehindQueue.Batch batch;
		try {
			batch = this.queue.take(this.consumer, this.settings.batchSize(), this.settings.claimTimeout());
		}
		catch (RuntimeException ex) {
			logFailure("Could not read the write-behind queue of cache '" + cacheName() + "'", ex);
			return Round.FAILED;
		}
		if (batch.isEmpty()) {
			return Round.EMPTY;
		}
		if (batch.takenOver()) {
			logger.info("Took over " + batch.writes().size() + " writes of cache '" + cacheName()
					+ "' from a flusher that stopped answering");
		}
		List<QueuedWrite> writes = batch.writes();
		List<String> acknowledged = new ArrayList<>(batch.emptyIds());
		List<QueuedWrite> toWrite = new ArrayList<>();
		try {
			List<Long> statuses = writes.isEmpty() ? List.of()
					: this.queue.claimKeys(this.consumer, writes, this.settings.claimTimeout());
			for (int i = 0; i < writes.size(); i++) {
				long status = statuses.get(i);
				if (status == WRITE) {
					toWrite.add(writes.get(i));
				}
				else if (status == SUPERSEDED) {
					acknowledged.add(writes.get(i).id());
				}
			}
			if (!toWrite.isEmpty() && !write(toWrite)) {
				this.queue.complete(this.consumer, List.of(), true, acknowledged);
				return Round.FAILED;
			}
			List<String> ids = new ArrayList<>(acknowledged);
			toWrite.forEach((write) -> ids.add(write.id()));
			this.queue.complete(this.consumer, toWrite, true, ids);
		}
		catch (RuntimeException ex) {
			// Unacknowledged entries are taken again; the writer is idempotent.
			logFailure("Could not finish a write-behind batch of cache '" + cacheName() + "' in Redis", ex);
			return Round.FAILED;
		}
		this.failures = 0;
		if (toWrite.isEmpty() && acknowledged.isEmpty()) {
			// Every key is held by another flusher: look again after the interval, not at
			// once.
			return Round.PARTIAL;
		}
		return (writes.size() + batch.emptyIds().size() >= this.settings.batchSize()) ? Round.FULL : Round.PARTIAL;
	}

	// Writes the batch in one transaction; after the last attempt, each write alone,
	// parking those that still fail.
	private boolean write(List<QueuedWrite> toWrite) {
		RuntimeException failure = writeInTransaction(toWrite);
		if (failure == null) {
			toWrite.forEach((write) -> this.attempts.remove(write.id()));
			return true;
		}
		int attempt = 0;
		for (QueuedWrite write : toWrite) {
			attempt = Math.max(attempt, this.attempts.merge(write.id(), 1, Integer::sum));
		}
		if (attempt < this.settings.maxAttempts()) {
			release(toWrite);
			this.failures++;
			this.listener.retried(cacheName(), toWrite.size());
			logFailure("Could not write " + toWrite.size() + " queued writes of cache '" + cacheName()
					+ "' to the database (attempt " + attempt + " of " + this.settings.maxAttempts()
					+ "); they stay queued and are tried again", failure);
			return false;
		}
		List<QueuedWrite> written = new ArrayList<>();
		for (QueuedWrite write : toWrite) {
			RuntimeException alone = (toWrite.size() > 1) ? writeInTransaction(List.of(write)) : failure;
			this.attempts.remove(write.id());
			if (alone == null) {
				written.add(write);
			}
			else {
				logger.error("Parking the write of key '" + write.key() + "' in cache '" + cacheName()
						+ "' in the dead-letter stream after " + attempt + " attempts (" + alone.getMessage()
						+ "); its key is evicted. Fix the cause, then replay it with POST /actuator/writethrough/"
						+ cacheName() + "/replay", alone);
				this.queue.deadLetter(this.consumer, List.of(write), String.valueOf(alone.getMessage()), attempt);
				this.listener.deadLettered(cacheName(), 1);
			}
		}
		toWrite.retainAll(written);
		return true;
	}

	private void release(List<QueuedWrite> writes) {
		try {
			this.queue.release(this.consumer, writes);
		}
		catch (RuntimeException ex) {
			// The holds expire after the claim timeout.
		}
	}

	private RuntimeException writeInTransaction(List<QueuedWrite> writes) {
		long start = System.nanoTime();
		try {
			Map<Object, Object> values = new LinkedHashMap<>();
			Set<Object> deletes = new LinkedHashSet<>();
			WriteThroughCache cache = this.queue.getCache();
			for (QueuedWrite write : writes) {
				Object key = cache.deserializeValue(write.serializedKey());
				if (write.delete()) {
					deletes.add(key);
				}
				else {
					values.put(key, cache.deserializeValue(write.value()));
				}
			}
			this.transactions.executeWithoutResult((status) -> {
				if (!values.isEmpty()) {
					this.writer.write(values);
				}
				if (!deletes.isEmpty()) {
					this.writer.delete(deletes);
				}
			});
			this.listener.batchFlushed(cacheName(), writes.size(), System.nanoTime() - start, true);
			return null;
		}
		catch (RuntimeException ex) {
			this.listener.batchFlushed(cacheName(), writes.size(), System.nanoTime() - start, false);
			return ex;
		}
	}

	private long backoffMillis() {
		long initial = this.settings.initialBackoff().toMillis();
		int doublings = Math.min(Math.max(this.failures - 1, 0), 30);
		return Math.min(this.settings.maxBackoff().toMillis(), initial << doublings);
	}

	private void pause(long millis) {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			try {
				this.monitor.wait(Math.max(1, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.running = false;
			}
		}
	}

	private void logFailure(String message, RuntimeException ex) {
		long now = System.nanoTime();
		if (now - this.lastFailureLogNanos >= FAILURE_LOG_INTERVAL_NANOS) {
			this.lastFailureLogNanos = now;
			logger.warn(message + ": " + ex.getMessage());
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message, ex);
		}
	}

	enum Round {

		/** The queue had nothing for this flusher. */
		EMPTY,

		/** Less than a full batch was written. */
		PARTIAL,

		/** A full batch was written: there may be more. */
		FULL,

		/** The batch, or Redis, failed. */
		FAILED

	}

}
