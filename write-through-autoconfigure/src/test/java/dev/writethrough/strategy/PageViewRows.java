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

import java.util.Collection;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The page_views table.
 */
final class PageViewRows {

	private PageViewRows() {
	}

	static @Nullable PageViews find(JdbcClient jdbc, String page) {
		return jdbc.sql("SELECT page, views FROM page_views WHERE page = ?")
			.param(page)
			.query((rs, row) -> new PageViews(rs.getString(1), rs.getLong(2)))
			.optional()
			.orElse(null);
	}

	// Idempotent: a batch written twice leaves the same rows.
	static void upsert(JdbcClient jdbc, PageViews views) {
		int updated = jdbc.sql("UPDATE page_views SET views = ? WHERE page = ?")
			.param(views.views())
			.param(views.page())
			.update();
		if (updated == 0) {
			jdbc.sql("INSERT INTO page_views (page, views) VALUES (?, ?)")
				.param(views.page())
				.param(views.views())
				.update();
		}
	}

	static void delete(JdbcClient jdbc, Collection<String> pages) {
		pages.forEach((page) -> jdbc.sql("DELETE FROM page_views WHERE page = ?").param(page).update());
	}

}
