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

import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Loads a JPA entity by id with an entity manager of its own, outside any transaction of
 * the application and past every cache, and keeps it open while the entity is inspected
 * so its lazy associations load.
 *
 * @author write-through
 */
final class JpaRows implements RowSource {

	private final EntityManagerFactory entityManagerFactory;

	private final Class<?> type;

	private final Class<?> idType;

	private JpaRows(EntityManagerFactory entityManagerFactory, Class<?> type, Class<?> idType) {
		this.entityManagerFactory = entityManagerFactory;
		this.type = type;
		this.idType = idType;
	}

	static @Nullable RowSource of(ListableBeanFactory beanFactory, Class<?> type, Class<?> idType) {
		if (!type.isAnnotationPresent(Entity.class)) {
			return null;
		}
		EntityManagerFactory factory = beanFactory.getBeanProvider(EntityManagerFactory.class).getIfUnique();
		return (factory != null) ? new JpaRows(factory, type, idType) : null;
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
		try (EntityManager entityManager = this.entityManagerFactory.createEntityManager()) {
			return inspection.apply(entityManager.find(this.type, id));
		}
	}

	@Override
	public String description() {
		return "JPA " + this.type.getName() + " by id";
	}

}
