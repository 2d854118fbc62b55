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

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import dev.writethrough.WriteBehindWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.Assert;
import org.springframework.util.ReflectionUtils;

/**
 * Runs one flusher per write-behind cache in this application instance, from the start of
 * the context until its shutdown, when each flusher writes what it can of its queue (up
 * to the cache's shutdown timeout) before the data source and Redis connections close. A
 * flusher reads every partition of its queue, each through the partition's Redis consumer
 * group, which the instances share: batches fill from the partitions in turn, and the
 * instances spread the partitions' entries among them.
 * <p>
 * At start, before its own flushers run, writes to the database what the streams of
 * another number of partitions still hold (an earlier start's, or the one stream from
 * before partitions existed), evicting their values, so no queued write is lost and none
 * is written after a later write of its key; if that does not finish within the shutdown
 * timeout (the database does not answer, or another instance's batch waits for its claim
 * timeout), those streams are drained on in the background and a warning says that
 * meanwhile their writes may land after later ones of the same key.
 * <p>
 * At start, warns when the Redis server keeps no append-only file, since a Redis crash
 * would then lose queued writes.
 *
 * @author write-through
 */
final class WriteBehindFlushers implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(WriteBehindFlushers.class);

	/**
	 * After the web server stops taking requests, so the last writes are flushed too.
	 */
	private static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private final WriteBehindQueueRegistry queues;

	private final Function<String, WriteBehindWriter<Object, Object>> writers;

	private final TransactionOperations transactions;

	private final WriteBehindListener listener;

	private final String consumer;

	private final List<Running> running = new ArrayList<>();

	/**
	 * Create a new instance.
	 * @param queues the queues to drain
	 * @param writers the writer of each cache, by cache name
	 * @param transactions runs each batch in a transaction
	 * @param listener told what the flushers do
	 */
	WriteBehindFlushers(WriteBehindQueueRegistry queues, Function<String, WriteBehindWriter<Object, Object>> writers,
			TransactionOperations transactions, WriteBehindListener listener) {
		Assert.notNull(queues, "queues must not be null");
		Assert.notNull(writers, "writers must not be null");
		Assert.notNull(transactions, "transactions must not be null");
		Assert.notNull(listener, "listener must not be null");
		this.queues = queues;
		this.writers = writers;
		this.transactions = transactions;
		this.listener = listener;
		this.consumer = ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public synchronized void start() {
		if (!this.running.isEmpty()) {
			return;
		}
		warnWithoutAppendOnlyFile();
		for (RedisWriteBehindQueue queue : this.queues.redisQueues()) {
			String cacheName = queue.getCache().getName();
			WriteBehindSettings settings = this.queues.settings(cacheName);
			drainRetiredLayouts(queue, settings);
			startFlusher(queue.partitionList(), settings, "write-behind-" + cacheName);
		}
	}

	private void startFlusher(List<WriteBehindPartition> partitions, WriteBehindSettings settings, String threadName) {
		WriteBehindFlusher flusher = newFlusher(partitions, settings);
		Thread thread = new Thread(flusher, threadName);
		thread.setDaemon(true);
		thread.start();
		this.running.add(new Running(flusher, thread, settings));
	}

	private WriteBehindFlusher newFlusher(List<WriteBehindPartition> partitions, WriteBehindSettings settings) {
		return new WriteBehindFlusher(partitions, this.writers.apply(partitions.get(0).getCache().getName()),
				this.transactions, settings, this.consumer, this.listener);
	}

	private void drainRetiredLayouts(RedisWriteBehindQueue queue, WriteBehindSettings settings) {
		String cacheName = queue.getCache().getName();
		Map<Integer, List<WriteBehindPartition>> retired;
		try {
			retired = queue.retiredLayouts();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not read which numbers of partitions write-behind cache '" + cacheName + "' had before ("
					+ ex.getMessage() + "); streams of another number are drained on a later start");
			return;
		}
		long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
		retired.forEach((count, partitions) -> {
			long queued = 0;
			for (WriteBehindPartition partition : partitions) {
				queued += partition.depth();
			}
			if (queued == 0 || newFlusher(partitions, settings).drainRetired(deadline)) {
				queue.retire(count, partitions);
				if (queued > 0) {
					logger
						.info("Wrote the " + queued + " writes of write-behind cache '" + cacheName + "' queued under "
								+ count + " partition(s) before its " + queue.partitions() + " partition(s) of now");
				}
				return;
			}
			logger.warn("Write-behind cache '" + cacheName + "' still holds writes queued under " + count
					+ " partition(s) (it has " + queue.partitions() + " now) that could not all be written at"
					+ " start; they are written in the background, and until then such a write may land after a"
					+ " later write of its key. Start every instance with the same partitions, and change them"
					+ " with the instances stopped");
			partitions.forEach(queue::draining);
			startFlusher(partitions, settings, "write-behind-" + cacheName + "-retired-" + count);
		});
	}

	@Override
	public synchronized void stop() {
		this.running.forEach((entry) -> entry.flusher().stop());
		for (Running entry : this.running) {
			try {
				entry.thread().join(entry.settings().shutdownTimeout().toMillis() + 1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		this.running.clear();
	}

	@Override
	public synchronized boolean isRunning() {
		return !this.running.isEmpty();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	private void warnWithoutAppendOnlyFile() {
		if (this.queues.all().isEmpty()) {
			return;
		}
		String appendOnly = this.queues.all().iterator().next().appendOnly();
		if ("no".equalsIgnoreCase(appendOnly)) {
			logger.warn("Redis keeps no append-only file (appendonly no): a Redis crash or restart loses the writes"
					+ " queued for write-behind caches "
					+ this.queues.all().stream().map((q) -> q.getCache().getName()).toList()
					+ " that are not yet in the database. Turn it on in the Redis server's configuration"
					+ " (appendonly yes, appendfsync everysec) if those writes matter");
		}
	}

	/**
	 * Finds the writer a cache's configuration names: a {@link WriteBehindWriter} bean,
	 * or {@code bean.method}, a method of one parameter called once per value.
	 * @param cacheName the cache
	 * @param writer the configured name
	 * @param beans the beans by name (a bean factory's {@code getBean})
	 * @param containsBean whether a bean of that name exists
	 * @return the writer
	 * @throws IllegalStateException if the name is missing or names nothing usable
	 */
	@SuppressWarnings("unchecked")
	static WriteBehindWriter<Object, Object> resolveWriter(String cacheName,
			@org.jspecify.annotations.Nullable String writer, Function<String, Object> beans,
			Function<String, Boolean> containsBean) {
		String property = "write-through.caches." + cacheName + ".write-behind.writer";
		if (writer == null || writer.isBlank()) {
			throw new IllegalStateException("Cache '" + cacheName + "' is write-behind but names no writer: set "
					+ property + " to the name of a WriteBehindWriter bean, or to 'bean.method' (for example"
					+ " 'pageViewRepository.save') to call a method once per value");
		}
		if (containsBean.apply(writer)) {
			Object bean = beans.apply(writer);
			if (bean instanceof WriteBehindWriter<?, ?> writeBehindWriter) {
				return (WriteBehindWriter<Object, Object>) writeBehindWriter;
			}
			throw new IllegalStateException(property + " names bean '" + writer + "', which is a "
					+ bean.getClass().getName() + ", not a WriteBehindWriter. Implement WriteBehindWriter, or name a"
					+ " method as 'bean.method'");
		}
		int dot = writer.lastIndexOf('.');
		String beanName = (dot > 0) ? writer.substring(0, dot) : writer;
		if (dot <= 0 || !containsBean.apply(beanName)) {
			throw new IllegalStateException(property + " is '" + writer + "', but there is no bean of that name"
					+ ((dot > 0) ? " nor a bean named '" + beanName + "'" : "")
					+ ". Name a WriteBehindWriter bean, or a method as 'bean.method'");
		}
		String methodName = writer.substring(dot + 1);
		Object bean = beans.apply(beanName);
		Method method = Arrays.stream(ReflectionUtils.getUniqueDeclaredMethods(bean.getClass()))
			.filter((candidate) -> candidate.getName().equals(methodName) && candidate.getParameterCount() == 1
					&& java.lang.reflect.Modifier.isPublic(candidate.getModifiers()))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(property + " is '" + writer + "', but bean '" + beanName
					+ "' has no public method '" + methodName + "' of one parameter to call with each value"));
		ReflectionUtils.makeAccessible(method);
		return new MethodWriter(bean, method);
	}

	private record Running(WriteBehindFlusher flusher, Thread thread, WriteBehindSettings settings) {

	}

	/**
	 * Calls one method per value, for example a repository's {@code save}.
	 */
	private record MethodWriter(Object bean, Method method) implements WriteBehindWriter<Object, Object> {

		@Override
		public void write(Map<Object, Object> values) {
			for (Object value : values.values()) {
				try {
					this.method.invoke(this.bean, value);
				}
				catch (InvocationTargetException ex) {
					ReflectionUtils.rethrowRuntimeException(ex.getTargetException());
				}
				catch (IllegalAccessException ex) {
					throw new IllegalStateException(ex);
				}
			}
		}

		@Override
		public void delete(java.util.Set<Object> keys) {
			throw new UnsupportedOperationException("The write-behind writer " + this.method.getName()
					+ " names a method that takes values; it cannot delete. Use a WriteBehindWriter bean to"
					+ " evict from a write-behind cache");
		}

	}

}
