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

import dev.writethrough.redis.SerializationAllowList;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.metamodel.ManagedType;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Allows the classes of every JPA persistence unit (entities, embeddables, mapped
 * superclasses) on the cache's type allow-list, so that a cached entity's subclasses (an
 * inheritance hierarchy) and associated entities are read back as themselves.
 *
 * @author write-through
 */
final class PersistentEntityTypes implements SmartInitializingSingleton {

	private final ObjectProvider<EntityManagerFactory> entityManagerFactories;

	private final ObjectProvider<SerializationAllowList> allowList;

	PersistentEntityTypes(ObjectProvider<EntityManagerFactory> entityManagerFactories,
			ObjectProvider<SerializationAllowList> allowList) {
		this.entityManagerFactories = entityManagerFactories;
		this.allowList = allowList;
	}

	@Override
	public void afterSingletonsInstantiated() {
		SerializationAllowList allowList = this.allowList.getIfAvailable();
		if (allowList == null) {
			return;
		}
		this.entityManagerFactories.forEach((factory) -> {
			for (ManagedType<?> type : factory.getMetamodel().getManagedTypes()) {
				Class<?> javaType = type.getJavaType();
				if (javaType != null && javaType != Object.class) {
					allowList.allow(javaType);
				}
			}
		});
	}

}
