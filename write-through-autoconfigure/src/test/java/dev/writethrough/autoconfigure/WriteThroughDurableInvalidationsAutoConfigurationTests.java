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
import java.util.UUID;

import javax.sql.DataSource;

import dev.writethrough.tx.DurableInvalidations;
import dev.writethrough.tx.PendingInvalidations;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class WriteThroughDurableInvalidationsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, DataSourceAutoConfiguration.class,
				TransactionAutoConfiguration.class, WriteThroughAutoConfiguration.class,
				WriteThroughDurableInvalidationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:durable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"spring.data.redis.port=1", "spring.data.redis.connect-timeout=200ms");

	@Test
	void recordsEvictionsInTheApplicationsDatabaseAndCreatesItsTable() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DurableInvalidations.class);
			assertThat(context.getBean(DurableInvalidations.class).size()).isZero();
			JdbcTemplate jdbc = new JdbcTemplate(context.getBean(javax.sql.DataSource.class));
			assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM write_through_invalidations", Long.class)).isZero();
		});
	}

	@Test
	void isOffWhenDisabled() {
		this.contextRunner.withPropertyValues("write-through.pending-invalidations.durable.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurableInvalidations.class));
	}

	@Test
	void isOffWithoutSpringJdbcOnTheClassPath() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurableInvalidations.class));
	}

	@Test
	void isOffWhenTheApplicationHasTwoDataSourcesAndNoneIsPrimary() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					TransactionAutoConfiguration.class, WriteThroughAutoConfiguration.class,
					WriteThroughDurableInvalidationsAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.connect-timeout=200ms")
			.withBean("first", DataSource.class, () -> dataSource("first"))
			.withBean("second", DataSource.class, () -> dataSource("second"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(PendingInvalidations.class)
				.doesNotHaveBean(DurableInvalidations.class));
	}

	@Test
	void isOffWithoutTheStartersPendingLog() {
		this.contextRunner.withPropertyValues("write-through.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(PendingInvalidations.class)
				.doesNotHaveBean(DurableInvalidations.class));
	}

	private static DataSource dataSource(String name) {
		return new DriverManagerDataSource("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
	}

	@Test
	void backsOffFromADurableLogOfTheApplication() {
		this.contextRunner
			.withBean("userDurableInvalidations", DurableInvalidations.class,
					() -> DurableInvalidations.create(
							new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
									"jdbc:h2:mem:user-durable-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")),
							"my_invalidations", "wt:", true, Duration.ofSeconds(5), (name) -> null,
							PendingInvalidations.create(10, Duration.ofMillis(100), Duration.ofSeconds(1))))
			.run((context) -> assertThat(context).getBean(DurableInvalidations.class)
				.isSameAs(context.getBean("userDurableInvalidations")));
	}

	@Test
	void aMissingTableFailsTheStartWithItsDdlWhenTheStarterMayNotCreateIt() {
		this.contextRunner.withPropertyValues("write-through.pending-invalidations.durable.initialize-schema=false")
			.run((context) -> assertThat(context.getStartupFailure())
				.hasStackTraceContaining("The durable invalidation log cannot use table 'write_through_invalidations'")
				.hasStackTraceContaining("Create it with: CREATE TABLE IF NOT EXISTS write_through_invalidations"));
	}

}
