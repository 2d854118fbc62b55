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

import java.util.concurrent.atomic.AtomicInteger;

import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import org.jspecify.annotations.Nullable;

import org.springframework.cache.annotation.Cacheable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Page views through three write-behind caches: one with room, one that fails when full
 * and one that blocks when full.
 */
public class PageViewService {

	private final JdbcClient jdbc;

	private final AtomicInteger databaseReads = new AtomicInteger();

	public PageViewService(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@WriteThrough(cache = "page-views", key = "#page")
	public PageViews record(String page, long views) {
		return new PageViews(page, views);
	}

	@WriteThrough(cache = "bounded-views", key = "#page")
	public PageViews recordBounded(String page, long views) {
		return new PageViews(page, views);
	}

	@WriteThrough(cache = "blocking-views", key = "#page")
	public PageViews recordBlocking(String page, long views) {
		return new PageViews(page, views);
	}

	@WriteThroughEvict(cache = "page-views", key = "#page")
	public void delete(String page) {
	}

	@Cacheable(cacheNames = "page-views", key = "#page")
	public @Nullable PageViews find(String page) {
		this.databaseReads.incrementAndGet();
		return PageViewRows.find(this.jdbc, page);
	}

	public int databaseReads() {
		return this.databaseReads.get();
	}

}
