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

package dev.writethrough;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.writethrough.redis.RejectedValueException;
import org.apache.commons.logging.Log;

/**
 * The values one cache refused: each counted, and logged once per reason and type, since
 * the same refusal repeats on every read or write of the type and its message already
 * says what to do.
 *
 * @author write-through
 */
final class ValueRefusals {

	private static final int MAX_LOGGED = 1000;

	private final String cacheName;

	private final CacheStatistics statistics;

	private final Log logger;

	private final Set<String> logged = ConcurrentHashMap.newKeySet();

	ValueRefusals(String cacheName, CacheStatistics statistics, Log logger) {
		this.cacheName = cacheName;
		this.statistics = statistics;
		this.logger = logger;
	}

	void refused(RejectedValueException ex, String action) {
		this.statistics.rejected(ex.getReason());
		String type = ex.getTypeName();
		String once = ex.getReason() + ":" + ((type != null) ? type : ex.getMessage());
		if (this.logged.size() < MAX_LOGGED && this.logged.add(once)) {
			this.logger.warn("Cache '" + this.cacheName + "' refused a value (" + action
					+ "; further refusals of this kind are counted in writethrough.values.rejected{reason="
					+ ex.getReason().tag() + "}, not logged): " + ex.getMessage());
		}
		else if (this.logger.isDebugEnabled()) {
			this.logger.debug("Cache '" + this.cacheName + "' refused a value (" + action + ")", ex);
		}
	}

}
