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

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.Assert;

/**
 * Runs a write in a transaction (rule 4): the caller's when one is active, so the cache
 * step waits for the outer commit; otherwise a new one, started with the application's
 * {@link PlatformTransactionManager} and ended the way {@code @Transactional} ends it
 * (rollback on a {@link RuntimeException} or {@link Error}, commit otherwise).
 *
 * @author write-through
 */
final class WriteTransactions {

	private final ObjectProvider<PlatformTransactionManager> transactionManager;

	private volatile @Nullable PlatformTransactionManager resolved;

	/**
	 * Create a new instance.
	 * @param transactionManager the transaction manager to start transactions with (the
	 * unique or primary one)
	 */
	WriteTransactions(ObjectProvider<PlatformTransactionManager> transactionManager) {
		Assert.notNull(transactionManager, "transactionManager must not be null");
		this.transactionManager = transactionManager;
	}

	/**
	 * Runs the write, joining the current transaction or starting one.
	 * @param <T> the type of the write's result
	 * @param name a description of the write, for the transaction's name
	 * @param write the write
	 * @return the write's result
	 * @throws Throwable what the write threw
	 */
	<T> @Nullable T execute(String name, Write<T> write) throws Throwable {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return write.run();
		}
		PlatformTransactionManager manager = transactionManager();
		if (manager == null) {
			throw new IllegalStateException("Cannot start a transaction for " + name
					+ ": there is no unique or primary PlatformTransactionManager. Mark one @Primary, or call the method"
					+ " inside a @Transactional method that names its transaction manager");
		}
		DefaultTransactionAttribute definition = new DefaultTransactionAttribute();
		definition.setName(name);
		TransactionStatus status = manager.getTransaction(definition);
		T result;
		try {
			result = write.run();
		}
		catch (Throwable ex) {
			if (definition.rollbackOn(ex)) {
				rollback(manager, status, ex);
			}
			else {
				manager.commit(status);
			}
			throw ex;
		}
		manager.commit(status);
		return result;
	}

	// Looked up once: resolving it from the bean factory on every write cost more than
	// the write's own transaction bookkeeping.
	private @Nullable PlatformTransactionManager transactionManager() {
		PlatformTransactionManager manager = this.resolved;
		if (manager == null) {
			manager = this.transactionManager.getIfUnique();
			this.resolved = manager;
		}
		return manager;
	}

	private static void rollback(PlatformTransactionManager manager, TransactionStatus status, Throwable original) {
		try {
			manager.rollback(status);
		}
		catch (RuntimeException | Error ex) {
			ex.addSuppressed(original);
			throw ex;
		}
	}

	/**
	 * A write to run in a transaction.
	 *
	 * @param <T> the type of its result
	 */
	@FunctionalInterface
	interface Write<T> {

		/**
		 * Runs the write.
		 * @return its result
		 * @throws Throwable what it threw
		 */
		@Nullable T run() throws Throwable;

	}

}
