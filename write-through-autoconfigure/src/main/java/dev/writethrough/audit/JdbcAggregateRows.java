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

import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;

/**
 * Loads a Spring Data JDBC aggregate by id with the aggregate template, past the
 * repository and its caches.
 *
 * @author write-through
 */
final class JdbcAggregateRows implements RowSource {

	private final JdbcAggregateOperations aggregates;

	private final Class<?> type;

	private final Class<?> idType;

	private JdbcAggregateRows(JdbcAggregateOperations aggregates, Class<?> type, Class<?> idType) {
		this.aggregates = aggregates;
		this.type = type;
		this.idType = idType;
	}

	static @Nullable RowSource of(ListableBeanFactory beanFactory, Class<?> type, Class<?> idType) {
		JdbcAggregateOperations aggregates = beanFactory.getBeanProvider(JdbcAggregateOperations.class).getIfUnique();
		if (aggregates == null || aggregates.getConverter().getMappingContext().getPersistentEntity(type) == null) {
			return null;
		}
		return new JdbcAggregateRows(aggregates, type, idType);
	}

	@Override
	public Class<?> valueType() {
		return this.type;
	}

	@Override
	public Class<?> idType() {
		return this.idType;
	}

	@Override
	public <T> T inspect(Object id, Function<@Nullable Object, T> inspection) {
		return inspection.apply(this.aggregates.findById(id, this.type));
	}

	@Override
	public String description() {
		return "Spring Data JDBC " + this.type.getName() + " by id";
	}

}
