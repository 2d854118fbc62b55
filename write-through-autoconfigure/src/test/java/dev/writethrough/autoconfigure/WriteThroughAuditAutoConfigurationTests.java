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

package dev.writethrough.autoconfigure;

import java.time.Duration;
import java.util.Map;

import dev.writethrough.audit.AuditListener;
import dev.writethrough.audit.CacheAudit;
import dev.writethrough.audit.ConsistencyAuditor;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link WriteThroughAuditAutoConfiguration}.
 */
class WriteThroughAuditAutoConfigurationTests {

	// A rate of one sample an hour: the contexts start the auditor, which must not touch
	// Redis during these tests.
	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				WriteThroughAutoConfiguration.class, WriteThroughAuditAutoConfiguration.class))
		.withPropertyValues("write-through.caches.users.ttl=5m", "write-through.audit.rate=1/h");

	@Test
	void isOffByDefault() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(ConsistencyAuditor.class)
			.doesNotHaveBean("writeThroughAuditMeters"));
	}

	@Test
	void auditsAndCountsWhenEnabled() {
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(ConsistencyAuditor.class).hasBean("writeThroughAuditMeters");
			ConsistencyAuditor auditor = context.getBean(ConsistencyAuditor.class);
			assertThat(auditor.isRunning()).as("started with the context").isTrue();
			Map<String, CacheAudit> report = auditor.report();
			assertThat(report.get("users")).as("a cache no repository reads by id").isNotNull();
			assertThat(report.get("users").status()).isEqualTo("skipped");
			assertThat(report.get("users").skipped()).contains("no Spring Data repository reads");
			context.getBean("writeThroughAuditMeters", AuditListener.class)
				.audited("users", AuditListener.Result.STALE);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(
					registry.get("writethrough.audit").tag("cache", "users").tag("result", "stale").counter().count())
				.isEqualTo(1);
			assertThat(registry.get("writethrough.audit")
				.tag("cache", "users")
				.tag("result", "consistent")
				.counter()
				.count()).isZero();
		});
	}

	@Test
	void skipsAWriteBehindCacheAndSaysWhy() {
		this.contextRunner
			.withUserConfiguration(WriteThroughMetricsAutoConfigurationTests.WriteBehindWriterConfiguration.class)
			.withPropertyValues("write-through.audit.enabled=true", "write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.flush-interval=1h")
			.run((context) -> {
				CacheAudit views = context.getBean(ConsistencyAuditor.class).report().get("views");
				assertThat(views.status()).isEqualTo("skipped");
				assertThat(views.skipped()).contains("write-behind");
			});
	}

	@Test
	void backsOffFromTheApplicationsAuditor() {
		ConsistencyAuditor own = org.mockito.Mockito.mock(ConsistencyAuditor.class);
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true")
			.withBean(ConsistencyAuditor.class, () -> own)
			.run((context) -> assertThat(context).getBean(ConsistencyAuditor.class).isSameAs(own));
	}

	@Test
	void backsOffFromTheApplicationsAuditMeters() {
		AuditListener own = (cache, result) -> {
		};
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true")
			.withBean("writeThroughAuditMeters", AuditListener.class, () -> own)
			.run((context) -> assertThat(context).getBean("writeThroughAuditMeters").isSameAs(own));
	}

	@Test
	void isOffWithTheApplicationsOwnCacheManager() {
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true")
			.withBean(CacheManager.class, ConcurrentMapCacheManager::new)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsistencyAuditor.class));
	}

	@Test
	void isOffWhenTheStarterIsOff() {
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true", "write-through.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ConsistencyAuditor.class));
	}

	@Test
	void auditsWithoutMetersWhenMicrometerIsAbsent() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					WriteThroughAutoConfiguration.class, WriteThroughAuditAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues("write-through.audit.enabled=true", "write-through.audit.rate=1/h")
			.run((context) -> assertThat(context).hasSingleBean(ConsistencyAuditor.class)
				.doesNotHaveBean(AuditListener.class));
	}

	@Test
	void auditsWithoutMetersWhenNoRegistryIsConfigured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					WriteThroughAutoConfiguration.class, WriteThroughAuditAutoConfiguration.class))
			.withPropertyValues("write-through.audit.enabled=true", "write-through.audit.rate=1/h")
			.run((context) -> assertThat(context).hasSingleBean(ConsistencyAuditor.class)
				.doesNotHaveBean(AuditListener.class));
	}

	@Test
	void aRateThatIsNotARateFailsTheStartNamingTheProperty() {
		this.contextRunner.withPropertyValues("write-through.audit.enabled=true", "write-through.audit.rate=fast")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("write-through.audit.rate")
				.hasMessageContaining("'fast'"));
	}

	@Test
	void ratesAreReadPerSecondMinuteOrHour() {
		assertThat(ConsistencyAuditor.Settings.samplesPerSecond("50/s")).isEqualTo(50);
		assertThat(ConsistencyAuditor.Settings.samplesPerSecond("600/m")).isEqualTo(10);
		assertThat(ConsistencyAuditor.Settings.samplesPerSecond("600/min")).isEqualTo(10);
		assertThat(ConsistencyAuditor.Settings.samplesPerSecond(" 7200 / h ")).isEqualTo(2);
		assertThat(ConsistencyAuditor.Settings.samplesPerSecond("0.5/s")).isEqualTo(0.5);
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyAuditor.Settings.samplesPerSecond("0/s"))
			.withMessageContaining("positive");
		assertThatIllegalArgumentException().isThrownBy(() -> ConsistencyAuditor.Settings.samplesPerSecond("50"))
			.withMessageContaining("'50'");
		assertThat(ConsistencyAuditor.Settings.of("50/s", Duration.ofSeconds(1)).gracePeriod())
			.isEqualTo(Duration.ofSeconds(1));
	}

	@Test
	void theDefaultsAreTheDocumentedOnes() {
		WriteThroughProperties.Audit audit = new WriteThroughProperties().getAudit();
		assertThat(audit.isEnabled()).isFalse();
		assertThat(audit.getRate()).isEqualTo("50/s");
		assertThat(audit.getGracePeriod()).isEqualTo(Duration.ofSeconds(1));
	}

}
