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

package dev.writethrough.audit;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.writethrough.WriteThroughCacheManager;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.Assert;

/**
 * Measures how consistent the cache is with the database, whoever writes the database:
 * while running it samples cached entries continuously (a {@code SCAN} over each audited
 * cache's entries, at a bounded rate), waits a grace period so writes in flight land,
 * loads the same rows from the database and compares their persistent state with the
 * cached values. An entry that differs twice, a grace period apart, while it stayed
 * unchanged in Redis, is stale: it is logged with its key, counted, and evicted through
 * the fence. Entries that change meanwhile are not counted.
 * <p>
 * A cache is audited when its entries are JPA entities or Spring Data JDBC aggregates
 * read by id through a Spring Data repository ({@code @Cacheable} on a method whose one
 * parameter is the id and is the key, {@code findById} for example); other caches are
 * skipped, which the log says once and {@link #report()} shows.
 *
 * @author write-through
 */
public interface ConsistencyAuditor extends SmartLifecycle {

	/**
	 * What the auditor found over the last hour, per cache it has seen.
	 * @return the audit of each cache by name, skipped caches included
	 */
	Map<String, CacheAudit> report();

	/**
	 * An auditor of a cache manager's caches, which starts sampling when the application
	 * context starts.
	 * @param cacheManager the caches to audit
	 * @param connectionFactory where the entries are scanned
	 * @param beanFactory where the repositories, and the JPA entity manager factory or
	 * Spring Data JDBC template that load rows, are found (when the auditor starts)
	 * @param settings the rate and grace period
	 * @param listeners told of every audited entry (resolved when the auditor starts)
	 * @return the auditor
	 */
	static ConsistencyAuditor create(WriteThroughCacheManager cacheManager, RedisConnectionFactory connectionFactory,
			ListableBeanFactory beanFactory, Settings settings, ObjectProvider<AuditListener> listeners) {
		Assert.notNull(cacheManager, "cacheManager must not be null");
		Assert.notNull(connectionFactory, "connectionFactory must not be null");
		Assert.notNull(beanFactory, "beanFactory must not be null");
		Assert.notNull(settings, "settings must not be null");
		Assert.notNull(listeners, "listeners must not be null");
		return new SamplingConsistencyAuditor(cacheManager, new EntryKeySampler(connectionFactory),
				() -> RepositoryRowSources.derive(beanFactory), settings, listeners, java.time.Clock.systemUTC());
	}

	/**
	 * How fast and how patiently the auditor samples.
	 *
	 * @param samplesPerSecond entries sampled per second, across every audited cache
	 * @param gracePeriod how long an entry must stay unchanged before it is compared, and
	 * again before a mismatch counts as stale
	 */
	record Settings(double samplesPerSecond, Duration gracePeriod) {

		private static final Pattern RATE = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|m|min|h)\\s*");

		public Settings {
			Assert.isTrue(samplesPerSecond > 0, "samplesPerSecond must be positive");
			Assert.isTrue(gracePeriod != null && gracePeriod.toMillis() > 0, "gracePeriod must be at least 1ms");
		}

		/**
		 * Settings from the configuration's form of the rate.
		 * @param rate the rate, for example {@code 50/s}
		 * @param gracePeriod the grace period
		 * @return the settings
		 * @throws IllegalArgumentException if the rate is not of that form
		 */
		public static Settings of(String rate, Duration gracePeriod) {
			return new Settings(samplesPerSecond(rate), gracePeriod);
		}

		/**
		 * Reads a rate of the form {@code <number>/s}, {@code /m} (or {@code /min}) or
		 * {@code /h}.
		 * @param rate the rate
		 * @return samples per second
		 * @throws IllegalArgumentException if the rate is not of that form or not
		 * positive
		 */
		public static double samplesPerSecond(String rate) {
			Matcher matcher = (rate != null) ? RATE.matcher(rate.toLowerCase(Locale.ROOT)) : null;
			Assert.isTrue(matcher != null && matcher.matches(),
					() -> "write-through.audit.rate must be a number of"
							+ " samples per second, minute or hour such as '50/s', '600/m' or '3600/h', but was '"
							+ rate + "'");
			double count = Double.parseDouble(matcher.group(1));
			Assert.isTrue(count > 0, () -> "write-through.audit.rate must be positive, but was '" + rate + "'");
			return switch (matcher.group(2)) {
				case "s" -> count;
				case "h" -> count / 3600;
				default -> count / 60;
			};
		}

	}

}
