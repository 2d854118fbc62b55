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

package dev.writethrough.redis;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

import org.hibernate.Hibernate;
import org.hibernate.proxy.HibernateProxy;
import org.hibernate.proxy.LazyInitializer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.Version;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.jsontype.TypeSerializer;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.Serializers;
import tools.jackson.databind.ser.ValueSerializerModifier;
import tools.jackson.databind.ser.std.StdSerializer;

import com.fasterxml.jackson.annotation.JsonFormat;

/**
 * Writes Hibernate's entities as their persistent state: a proxy as the entity it stands
 * for, and an uninitialized lazy association (a proxy or a collection never loaded) as a
 * refusal to cache the value, never as an empty one.
 *
 * @author write-through
 */
final class HibernateStateModule extends JacksonModule {

	@Override
	public String getModuleName() {
		return "write-through-hibernate-state";
	}

	@Override
	public Version version() {
		return Version.unknownVersion();
	}

	@Override
	public void setupModule(SetupContext context) {
		context.addSerializers(new ProxySerializers());
		context.addSerializerModifier(new LazyPropertyCheck());
	}

	static RejectedValueException lazy(String what) {
		return new RejectedValueException(RejectedValueException.Reason.LAZY, what
				+ " is an uninitialized lazy association; caching it would store it as empty. Load it with the value"
				+ " (a fetch join or @EntityGraph on the finder, or fetch = EAGER) or leave it out of the cached"
				+ " type; until then the value is not cached and reads go to the database");
	}

	private static final class ProxySerializers implements Serializers {

		@Override
		public ValueSerializer<?> findSerializer(SerializationConfig config, JavaType type,
				BeanDescription.Supplier beanDescription, JsonFormat.Value formatOverrides) {
			return HibernateProxy.class.isAssignableFrom(type.getRawClass()) ? new ProxySerializer() : null;
		}

	}

	/**
	 * Writes the entity behind a proxy with the entity's own serializer, so its class is
	 * the one recorded.
	 */
	private static final class ProxySerializer extends StdSerializer<HibernateProxy> {

		ProxySerializer() {
			super(HibernateProxy.class);
		}

		@Override
		public void serialize(HibernateProxy proxy, JsonGenerator generator, SerializationContext context) {
			Object entity = entity(proxy);
			context.findRootValueSerializer(entity.getClass()).serialize(entity, generator, context);
		}

		@Override
		public void serializeWithType(HibernateProxy proxy, JsonGenerator generator, SerializationContext context,
				TypeSerializer typeSerializer) {
			Object entity = entity(proxy);
			context.findRootValueSerializer(entity.getClass())
				.serializeWithType(entity, generator, context, typeSerializer);
		}

		private static Object entity(HibernateProxy proxy) {
			LazyInitializer initializer = proxy.getHibernateLazyInitializer();
			if (initializer.isUninitialized()) {
				throw lazy(
						"A reference to " + initializer.getEntityName() + " #" + initializer.getInternalIdentifier());
			}
			return initializer.getImplementation();
		}

	}

	private static final class LazyPropertyCheck extends ValueSerializerModifier {

		private static final long serialVersionUID = 1L;

		@Override
		public List<BeanPropertyWriter> changeProperties(SerializationConfig config,
				BeanDescription.Supplier beanDescription, List<BeanPropertyWriter> properties) {
			List<BeanPropertyWriter> checked = new ArrayList<>(properties.size());
			for (BeanPropertyWriter property : properties) {
				checked.add(mayBeLazy(property.getType().getRawClass()) ? new LazyCheckingPropertyWriter(property)
						: property);
			}
			return checked;
		}

		// A proxy subclasses its entity and a lazy collection implements its interface: a
		// primitive or a final class (String, a number, a date, a record) is never one.
		private static boolean mayBeLazy(Class<?> declared) {
			return !declared.isPrimitive() && !Modifier.isFinal(declared.getModifiers());
		}

	}

	private static final class LazyCheckingPropertyWriter extends BeanPropertyWriter {

		private static final long serialVersionUID = 1L;

		LazyCheckingPropertyWriter(BeanPropertyWriter property) {
			super(property);
		}

		@Override
		public void serializeAsProperty(Object bean, JsonGenerator generator, SerializationContext context)
				throws Exception {
			Object value = get(bean);
			if (value != null && !Hibernate.isInitialized(value)) {
				throw lazy("Attribute '" + getName() + "' of " + bean.getClass().getName());
			}
			super.serializeAsProperty(bean, generator, context);
		}

	}

}
