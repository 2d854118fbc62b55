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

package dev.writethrough.tx;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Binds cache writes to the transaction that makes them, and applies them, through the
 * {@link CacheWriteProtocol}, once that transaction has committed; a rollback drops them.
 * Also answers, for rule 5, whether the current transaction has written a key.
 * <p>
 * Writes are held by a {@link TransactionSynchronization}, so a transaction suspended for
 * a {@code REQUIRES_NEW} one keeps its writes apart from the inner one's.
 *
 * @author write-through
 */
public final class TransactionalCacheWrites {

	private static final Log logger = LogFactory.getLog(TransactionalCacheWrites.class);

	private final CacheWriteProtocol protocol;

	private final WriteListener listener;

	private final @Nullable Executor cacheStepExecutor;

	/**
	 * Create a new instance.
	 * @param protocol how the writes reach the cache
	 * @param listener told what each write did
	 */
	public TransactionalCacheWrites(CacheWriteProtocol protocol, WriteListener listener) {
		this(protocol, listener, null);
	}

	/**
	 * Create a new instance that runs the after-commit cache step on an executor, so a
	 * write returns as soon as its transaction has committed. The fence keeps the key
	 * from being served or filled until the step is done, so nothing stale is served; a
	 * read right after the write may miss.
	 * @param protocol how the writes reach the cache
	 * @param listener told what each write did
	 * @param cacheStepExecutor where the after-commit step runs, or {@code null} to run
	 * it on the committing thread before the write returns
	 */
	public TransactionalCacheWrites(CacheWriteProtocol protocol, WriteListener listener,
			@Nullable Executor cacheStepExecutor) {
		Assert.notNull(protocol, "protocol must not be null");
		Assert.notNull(listener, "listener must not be null");
		this.protocol = protocol;
		this.listener = listener;
		this.cacheStepExecutor = cacheStepExecutor;
	}

	/**
	 * Starts the writes whose keys are known before an annotated method runs: their fence
	 * is sent now and travels while the method works, so awaiting it before the commit
	 * costs no extra round trip.
	 * @param writes the writes known before the call (their kind does not matter)
	 * @return the started writes, to pass to {@link #register(long, List, StartedWrites)}
	 */
	public StartedWrites start(List<CacheKeyWrite> writes) {
		if (writes.isEmpty()) {
			return StartedWrites.NONE;
		}
		List<WriteTicket> tickets = new ArrayList<>(writes.size());
		for (CacheKeyWrite write : writes) {
			tickets.add(this.protocol.begin(write));
		}
		return new StartedWrites(new ArrayList<>(writes), tickets);
	}

	/**
	 * Registers the writes of one call of an annotated method with the current
	 * transaction, reusing the fences of the writes started before the call; a started
	 * write the call did not make after all is registered as an eviction of its key.
	 * @param startNanos when the call started ({@link System#nanoTime()})
	 * @param writes the writes the call made
	 * @param started the writes started before the call
	 * @throws IllegalStateException if no transaction synchronization is active
	 */
	public void register(long startNanos, List<CacheKeyWrite> writes, StartedWrites started) {
		Assert.state(TransactionSynchronizationManager.isSynchronizationActive(),
				"Cache writes need an active transaction synchronization; do not disable it on the transaction manager");
		List<CacheKeyWrite> allWrites = new ArrayList<>(writes);
		List<WriteTicket> tickets = new ArrayList<>(writes.size());
		for (CacheKeyWrite write : writes) {
			WriteTicket ticket = started.take(write);
			tickets.add((ticket != null) ? ticket : this.protocol.begin(write));
		}
		for (int i = 0; i < started.writes.size(); i++) {
			CacheKeyWrite leftover = started.writes.get(i);
			allWrites.add(new CacheKeyWrite(leftover.cache(), CacheKeyWrite.Kind.EVICT, leftover.key(), null));
			tickets.add(started.tickets.get(i));
		}
		if (allWrites.isEmpty()) {
			return;
		}
		TransactionWrites current = currentWrites();
		if (current == null) {
			current = new TransactionWrites();
			TransactionSynchronizationManager.registerSynchronization(current);
		}
		current.add(startNanos, allWrites, tickets);
	}

	/**
	 * Whether the current transaction has written a key (or cleared its cache): reads of
	 * it must then go to the database and must not fill the cache.
	 * @param cacheName the cache name
	 * @param key the key
	 * @return {@code true} if a transaction is active and has written the key
	 */
	public boolean hasWritten(String cacheName, Object key) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return false;
		}
		TransactionWrites current = currentWrites();
		return current != null && current.hasWritten(cacheName, key);
	}

	private TransactionWrites currentWrites() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof TransactionWrites writes && writes.owner() == this) {
				return writes;
			}
		}
		return null;
	}

	private final class TransactionWrites implements TransactionSynchronization {

		private final List<Invocation> invocations = new ArrayList<>();

		private final Set<WrittenKey> writtenKeys = new HashSet<>();

		private final Set<String> clearedCaches = new HashSet<>();

		TransactionalCacheWrites owner() {
			return TransactionalCacheWrites.this;
		}

		void add(long startNanos, List<CacheKeyWrite> writes, List<WriteTicket> tickets) {
			this.invocations.add(new Invocation(startNanos, List.copyOf(writes), List.copyOf(tickets)));
			for (CacheKeyWrite write : writes) {
				if (write.kind() == CacheKeyWrite.Kind.CLEAR) {
					this.clearedCaches.add(write.cacheName());
				}
				else {
					this.writtenKeys.add(new WrittenKey(write.cacheName(), write.key()));
				}
			}
		}

		boolean hasWritten(String cacheName, Object key) {
			return this.clearedCaches.contains(cacheName) || this.writtenKeys.contains(new WrittenKey(cacheName, key));
		}

		@Override
		public int getOrder() {
			return Ordered.LOWEST_PRECEDENCE;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			List<WriteTicket> tickets = new ArrayList<>();
			this.invocations.forEach((invocation) -> tickets.addAll(invocation.tickets()));
			TransactionalCacheWrites.this.protocol.beforeCommit(tickets);
		}

		@Override
		public void afterCompletion(int status) {
			try {
				if (status == STATUS_COMMITTED) {
					Executor executor = TransactionalCacheWrites.this.cacheStepExecutor;
					if (executor != null) {
						executor.execute(this::applyAllLogged);
					}
					else {
						applyAll();
					}
				}
				else {
					long now = System.nanoTime();
					for (Invocation invocation : this.invocations) {
						for (int i = 0; i < invocation.writes().size(); i++) {
							TransactionalCacheWrites.this.protocol.afterRollback(invocation.writes().get(i),
									invocation.tickets().get(i));
						}
						for (String cacheName : invocation.cacheNames()) {
							TransactionalCacheWrites.this.listener.writeCompleted(cacheName, WriteOutcome.ROLLED_BACK,
									now - invocation.startNanos());
						}
					}
				}
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure in the after-completion cache step", ex);
			}
		}

		private void applyAllLogged() {
			try {
				applyAll();
			}
			catch (RuntimeException ex) {
				logger.error("Unexpected failure in the after-commit cache step", ex);
			}
		}

		private void applyAll() {
			for (Invocation invocation : this.invocations) {
				Map<String, WriteOutcome> outcomes = new LinkedHashMap<>();
				List<CacheKeyWrite> writes = invocation.writes();
				if (writes.size() == 1) {
					CacheKeyWrite write = writes.get(0);
					long start = System.nanoTime();
					WriteOutcome outcome = TransactionalCacheWrites.this.protocol.afterCommit(write,
							invocation.tickets().get(0));
					TransactionalCacheWrites.this.listener.cacheUpdated(write.cacheName(), System.nanoTime() - start);
					outcomes.put(write.cacheName(), outcome);
				}
				else {
					// Sent together, the steps of a call share their time: each key is
					// recorded with its share.
					long start = System.nanoTime();
					List<WriteOutcome> applied = TransactionalCacheWrites.this.protocol.afterCommitAll(writes,
							invocation.tickets());
					long share = (System.nanoTime() - start) / writes.size();
					for (int i = 0; i < writes.size(); i++) {
						TransactionalCacheWrites.this.listener.cacheUpdated(writes.get(i).cacheName(), share);
						outcomes.merge(writes.get(i).cacheName(), applied.get(i), WriteOutcome::worst);
					}
				}
				long end = System.nanoTime();
				outcomes.forEach((cacheName, outcome) -> TransactionalCacheWrites.this.listener
					.writeCompleted(cacheName, outcome, end - invocation.startNanos()));
			}
		}

	}

	private record Invocation(long startNanos, List<CacheKeyWrite> writes, List<WriteTicket> tickets) {

		Set<String> cacheNames() {
			Set<String> names = new java.util.LinkedHashSet<>();
			this.writes.forEach((write) -> names.add(write.cacheName()));
			return names;
		}

	}

	private record WrittenKey(String cacheName, Object key) {

	}

	/**
	 * Writes started before an annotated method ran, with their tickets. Used by one
	 * thread, once.
	 */
	public static final class StartedWrites {

		static final StartedWrites NONE = new StartedWrites(List.of(), List.of());

		private final List<CacheKeyWrite> writes;

		private final List<WriteTicket> tickets;

		private StartedWrites(List<CacheKeyWrite> writes, List<WriteTicket> tickets) {
			this.writes = writes;
			this.tickets = tickets;
		}

		// The ticket of a started write of the same key in the same cache, taken out.
		private @Nullable WriteTicket take(CacheKeyWrite write) {
			for (int i = 0; i < this.writes.size(); i++) {
				CacheKeyWrite started = this.writes.get(i);
				if (started.cache() == write.cache() && write.kind() != CacheKeyWrite.Kind.CLEAR
						&& Objects.equals(started.key(), write.key())) {
					this.writes.remove(i);
					return this.tickets.remove(i);
				}
			}
			return null;
		}

	}

}
