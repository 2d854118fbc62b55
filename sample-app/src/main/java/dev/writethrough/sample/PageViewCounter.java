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
package dev.writethrough.sample;

import dev.writethrough.WriteThrough;

import org.springframework.stereotype.Service;

/**
 * Counts page views write-behind: a view updates the cache at once and the database
 * within a second, in batches, with many views of one page written as one update.
 * Concurrent views of one page may count once (the last write wins): good enough for view
 * counts, not for money.
 */
@Service
public class PageViewCounter {

	private final PageViewRepository pageViews;

	public PageViewCounter(PageViewRepository pageViews) {
		this.pageViews = pageViews;
	}

	@WriteThrough(cache = "page-views", key = "#page")
	public PageView view(String page) {
		long views = this.pageViews.findById(page).map(PageView::getViews).orElse(0L);
		return new PageView(page, views + 1);
	}

	public long views(String page) {
		return this.pageViews.findById(page).map(PageView::getViews).orElse(0L);
	}

}
