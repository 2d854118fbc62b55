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
package dev.writethrough.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import dev.writethrough.WriteBehindWriter;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Writes page views to the database, records every batch it wrote, and lets a test hold
 * it at its entry or make it fail for one key.
 */
public class RecordingPageViewWriter implements WriteBehindWriter<String, PageViews> {

	private final JdbcClient jdbc;

	private final List<Map<String, PageViews>> batches = new CopyOnWriteArrayList<>();

	private final Semaphore entered = new Semaphore(0);

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile @Nullable String failingKey;

	public RecordingPageViewWriter(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void write(Map<String, PageViews> values) {
		this.entered.release();
		try {
			if (!this.gate.await(60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The test never opened the writer's gate");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		String failing = this.failingKey;
		if (failing != null && values.containsKey(failing)) {
			throw new IllegalStateException("Refusing key " + failing);
		}
		values.values().forEach((views) -> PageViewRows.upsert(this.jdbc, views));
		this.batches.add(new LinkedHashMap<>(values));
	}

	@Override
	public void delete(Set<String> keys) {
		PageViewRows.delete(this.jdbc, keys);
	}

	/** Holds every batch at the writer's entry until {@link #open()}. */
	public void close() {
		this.entered.drainPermits();
		this.gate = new CountDownLatch(1);
	}

	public void open() {
		this.gate.countDown();
	}

	public boolean awaitEntered() throws InterruptedException {
		return this.entered.tryAcquire(30, TimeUnit.SECONDS);
	}

	public void failFor(@Nullable String key) {
		this.failingKey = key;
	}

	/** The batches written, each filtered to the keys a test cares about. */
	public List<Map<String, PageViews>> batchesWith(Set<String> keys) {
		return this.batches.stream().map((batch) -> {
			Map<String, PageViews> filtered = new LinkedHashMap<>(batch);
			filtered.keySet().retainAll(keys);
			return filtered;
		}).filter((batch) -> !batch.isEmpty()).toList();
	}

}
