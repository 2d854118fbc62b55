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

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Drains one partition of a write-behind cache's queue into the database, on its own
 * thread: takes a batch, holds the latest write of each key in it, writes them through
 * the {@link WriteBehindWriter} in one transaction, then acknowledges the batch. A batch
 * the database refuses is tried again with backoff; after the last attempt each write is
 * tried alone and those that still fail are parked in the dead-letter stream.
 *
 * @author write-through
 */
final class WriteBehindFlusher implements Runnable {

	private static final Log logger = LogFactory.getLog(WriteBehindFlusher.class);

	private static final long FAILURE_LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

	private static final long WRITE = 1;

	private static final long SUPERSEDED = 0;

	// Failures of a whole batch after which it is split to isolate the writes the
	// database refuses.
	private static final int ISOLATE_AFTER_FAILURES = 2;

	private final List<WriteBehindPartition> partitions;

	private final WriteBehindWriter<Object, Object> writer;

	private final TransactionOperations transactions;

	private final WriteBehindSettings settings;

	private final String consumer;

	private final WriteBehindListener listener;

	private final Map<String, Integer> attempts = new HashMap<>();

	private final Object monitor = new Object();

	private volatile boolean running = true;

	private int failures;

	// When the writes isolated from a failing batch are next tried (System.nanoTime()),
	// 0 for none waiting.
	private long isolatedRetryNanos;

	private long lastFailureLogNanos = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

	// The partition a round starts with, so a busy one does not starve the others.
	private int nextPartition;

	WriteBehindFlusher(List<WriteBehindPartition> partitions, WriteBehindWriter<Object, Object> writer,
			TransactionOperations transactions, WriteBehindSettings settings, String consumer,
			WriteBehindListener listener) {
		this.partitions = List.copyOf(partitions);
		this.writer = writer;
		this.transactions = transactions;
		this.settings = settings;
		this.consumer = consumer;
		this.listener = listener;
	}

	String cacheName() {
		return this.partitions.get(0).getCache().getName();
	}

	private long depth() {
		long depth = 0;
		for (WriteBehindPartition partition : this.partitions) {
			depth += partition.depth();
		}
		return depth;
	}

	private String describe() {
		return (this.partitions.size() == 1) ? this.partitions.get(0).describe()
				: this.partitions.size() + " partitions";
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

	/**
	 * Writes what a retired partition holds, on the calling thread, until it is empty, a
	 * batch fails or time runs out.
	 * @param deadline when to give up ({@link System#nanoTime()})
	 * @return whether the partition is empty
	 */
	boolean drainRetired(long deadline) {
		try {
			drain(deadline, false);
			return depth() == 0;
		}
		catch (RuntimeException ex) {
			logFailure("Could not drain " + describe() + " of write-behind cache '" + cacheName() + "'", ex);
			return false;
		}
	}

	// Writes what is queued, without backoff, until the queue is empty, a batch fails or
	// time runs out.
	private void drain(long deadline) {
		drain(deadline, true);
	}

	private void drain(long deadline, boolean shutdown) {
		while (System.nanoTime() < deadline) {
			Round round = flushOnce();
			if (round == Round.EMPTY || round == Round.FAILED) {
				return;
			}
			if (round == Round.PARTIAL) {
				if (depth() == 0) {
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
		if (shutdown) {
			logger.warn("Shutdown of write-behind cache '" + cacheName() + "' timed out with " + depth()
					+ " writes still queued in " + describe()
					+ "; another instance, or this one on its next start, writes them");
		}
	}

	Round flushOnce() {
		// Isolated writes wait for their own backoff; meanwhile new writes are taken.
		boolean skipOwn = this.isolatedRetryNanos != 0 && System.nanoTime() - this.isolatedRetryNanos < 0;
		if (!skipOwn) {
			this.isolatedRetryNanos = 0;
		}
		List<QueuedWrite> writes = new ArrayList<>();
		Map<WriteBehindPartition, List<String>> acknowledged = new LinkedHashMap<>();
		int taken = 0;
		int takenOver = 0;
		RuntimeException unreadable = null;
		int first = this.nextPartition;
		this.nextPartition = (first + 1) % this.partitions.size();
		for (int i = 0; i < this.partitions.size() && taken < this.settings.batchSize(); i++) {
			WriteBehindPartition partition = this.partitions.get((first + i) % this.partitions.size());
			try {
				WriteBehindPartition.Batch batch = partition.take(this.consumer, this.settings.batchSize() - taken,
						this.settings.claimTimeout(), skipOwn);
				if (batch.takenOver()) {
					takenOver += batch.writes().size();
				}
				writes.addAll(batch.writes());
				if (!batch.emptyIds().isEmpty()) {
					acknowledged.computeIfAbsent(partition, (key) -> new ArrayList<>()).addAll(batch.emptyIds());
				}
				taken += batch.writes().size() + batch.emptyIds().size();
			}
			catch (RuntimeException ex) {
				// The others are still written: a partition's master may be the only one
				// down.
				unreadable = ex;
			}
		}
		if (unreadable != null) {
			logFailure("Could not read the write-behind queue of cache '" + cacheName() + "'", unreadable);
			if (taken == 0) {
				return Round.FAILED;
			}
		}
		if (taken == 0) {
			return Round.EMPTY;
		}
		if (takenOver > 0) {
			logger.info("Took over " + takenOver + " writes of cache '" + cacheName()
					+ "' from a flusher that stopped answering");
		}
		List<QueuedWrite> toWrite = new ArrayList<>();
		try {
			for (Map.Entry<WriteBehindPartition, List<QueuedWrite>> group : byPartition(writes).entrySet()) {
				List<Long> statuses = group.getKey()
					.claimKeys(this.consumer, group.getValue(), this.settings.claimTimeout());
				for (int i = 0; i < group.getValue().size(); i++) {
					long status = statuses.get(i);
					QueuedWrite write = group.getValue().get(i);
					if (status == WRITE) {
						toWrite.add(write);
					}
					else if (status == SUPERSEDED) {
						acknowledged.computeIfAbsent(group.getKey(), (key) -> new ArrayList<>()).add(write.id());
					}
				}
			}
			// What write leaves in toWrite is done (in the database, or parked).
			boolean failed = !toWrite.isEmpty() && !write(toWrite);
			Map<WriteBehindPartition, List<QueuedWrite>> done = byPartition(toWrite);
			Set<WriteBehindPartition> involved = new LinkedHashSet<>(acknowledged.keySet());
			involved.addAll(done.keySet());
			for (WriteBehindPartition partition : involved) {
				List<QueuedWrite> finished = done.getOrDefault(partition, List.of());
				List<String> ids = new ArrayList<>(acknowledged.getOrDefault(partition, List.of()));
				finished.forEach((write) -> ids.add(write.id()));
				// A retired partition's entry keys are no longer read: its values are
				// evicted.
				partition.complete(this.consumer, finished, !partition.isRetired(), ids);
			}
			if (failed) {
				return Round.FAILED;
			}
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
		return (taken >= this.settings.batchSize()) ? Round.FULL : Round.PARTIAL;
	}

	private static Map<WriteBehindPartition, List<QueuedWrite>> byPartition(List<QueuedWrite> writes) {
		Map<WriteBehindPartition, List<QueuedWrite>> grouped = new LinkedHashMap<>();
		writes.forEach((write) -> grouped.computeIfAbsent(write.partition(), (key) -> new ArrayList<>()).add(write));
		return grouped;
	}

	// Writes the batch in one transaction, leaving in toWrite what is done. A batch that
	// keeps failing while the database answers is split, so the writes it refuses are
	// isolated: the others land now, and each refused one is retried alone with its own
	// backoff, then parked after its last attempt. Returns false when the flusher should
	// back off as a whole (the database does not answer, or a batch's first failures).
	private boolean write(List<QueuedWrite> toWrite) {
		RuntimeException failure = writeInTransaction(toWrite);
		if (failure == null) {
			toWrite.forEach((write) -> this.attempts.remove(write.ref()));
			return true;
		}
		int attempt = countAttempt(toWrite);
		if (attempt >= this.settings.maxAttempts()) {
			parkWhatStillFails(toWrite, failure, attempt);
			return true;
		}
		boolean unreachable = isUnreachable(failure);
		if (unreachable || (toWrite.size() > 1 && attempt < ISOLATE_AFTER_FAILURES)) {
			retryLater(new ArrayList<>(toWrite), attempt, failure);
			toWrite.clear();
			return false;
		}
		Map<QueuedWrite, RuntimeException> refused = new LinkedHashMap<>();
		List<QueuedWrite> untried = new ArrayList<>();
		if (toWrite.size() == 1) {
			refused.put(toWrite.get(0), failure);
		}
		else {
			isolate(toWrite, refused, untried);
		}
		List<QueuedWrite> waiting = new ArrayList<>(untried);
		List<QueuedWrite> parked = new ArrayList<>();
		RuntimeException lastFailure = failure;
		for (Map.Entry<QueuedWrite, RuntimeException> entry : refused.entrySet()) {
			QueuedWrite write = entry.getKey();
			lastFailure = entry.getValue();
			int attempts = this.attempts.getOrDefault(write.ref(), attempt);
			if (attempts >= this.settings.maxAttempts()) {
				park(write, entry.getValue(), attempts);
				parked.add(write);
			}
			else {
				waiting.add(write);
			}
		}
		toWrite.removeAll(waiting);
		toWrite.forEach((write) -> {
			if (!parked.contains(write)) {
				this.attempts.remove(write.ref());
			}
		});
		toWrite.removeAll(parked);
		if (waiting.isEmpty()) {
			return true;
		}
		release(waiting);
		this.listener.retried(cacheName(), waiting.size());
		logFailure("Could not write " + refused.size() + " of the queued writes of cache '" + cacheName()
				+ "' to the database (attempt " + attempt + " of " + this.settings.maxAttempts()
				+ "); the others are written, these stay queued and are tried again alone", lastFailure);
		if (!untried.isEmpty()) {
			// The database stopped answering while the batch was split.
			return false;
		}
		this.isolatedRetryNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMillis(attempt));
		return true;
	}

	// Bisects a failing batch: halves that the database takes are done, single writes it
	// refuses are collected; once it stops answering the rest is left untried.
	private void isolate(List<QueuedWrite> writes, Map<QueuedWrite, RuntimeException> refused,
			List<QueuedWrite> untried) {
		int middle = writes.size() / 2;
		for (List<QueuedWrite> half : List.of(writes.subList(0, middle), writes.subList(middle, writes.size()))) {
			if (!untried.isEmpty()) {
				untried.addAll(half);
				continue;
			}
			RuntimeException failure = writeInTransaction(half);
			if (failure == null) {
				continue;
			}
			if (isUnreachable(failure)) {
				untried.addAll(half);
			}
			else if (half.size() == 1) {
				refused.put(half.get(0), failure);
			}
			else {
				isolate(half, refused, untried);
			}
		}
	}

	private int countAttempt(List<QueuedWrite> writes) {
		int attempt = 0;
		for (QueuedWrite write : writes) {
			attempt = Math.max(attempt, this.attempts.merge(write.ref(), 1, Integer::sum));
		}
		return attempt;
	}

	private void retryLater(List<QueuedWrite> writes, int attempt, RuntimeException failure) {
		release(writes);
		this.failures++;
		this.listener.retried(cacheName(), writes.size());
		logFailure("Could not write " + writes.size() + " queued writes of cache '" + cacheName()
				+ "' to the database (attempt " + attempt + " of " + this.settings.maxAttempts()
				+ "); they stay queued and are tried again", failure);
	}

	// After the last attempt: each write alone, parking those that still fail.
	private void parkWhatStillFails(List<QueuedWrite> toWrite, RuntimeException failure, int attempt) {
		List<QueuedWrite> written = new ArrayList<>();
		for (QueuedWrite write : toWrite) {
			RuntimeException alone = (toWrite.size() > 1) ? writeInTransaction(List.of(write)) : failure;
			this.attempts.remove(write.ref());
			if (alone == null) {
				written.add(write);
			}
			else {
				park(write, alone, attempt);
			}
		}
		toWrite.retainAll(written);
	}

	private void park(QueuedWrite write, RuntimeException failure, int attempt) {
		this.attempts.remove(write.ref());
		logger.error("Parking the write of key '" + write.key() + "' in cache '" + cacheName()
				+ "' in the dead-letter stream after " + attempt + " attempts (" + failure.getMessage()
				+ "); its key is evicted. Fix the cause, then replay it with POST /actuator/writethrough/" + cacheName()
				+ "/replay", failure);
		write.partition().deadLetter(this.consumer, List.of(write), String.valueOf(failure.getMessage()), attempt);
		this.listener.deadLettered(cacheName(), 1);
	}

	// The database did not answer at all: splitting the batch would only fail more.
	private static boolean isUnreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof CannotCreateTransactionException
					|| cause instanceof DataAccessResourceFailureException) {
				return true;
			}
		}
		return false;
	}

	private void release(List<QueuedWrite> writes) {
		try {
			byPartition(writes).forEach((partition, held) -> partition.release(this.consumer, held));
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
			WriteThroughCache cache = this.partitions.get(0).getCache();
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
		return backoffMillis(this.failures);
	}

	private long backoffMillis(int failures) {
		long initial = this.settings.initialBackoff().toMillis();
		int doublings = Math.min(Math.max(failures - 1, 0), 30);
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
