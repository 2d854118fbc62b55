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

import java.util.Arrays;

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.util.Assert;

/**
 * Turns a cache's values into the bytes Redis keeps and back: the value serializer, a
 * one-byte marker for a cached absent value ({@code null}), and the largest size cached.
 *
 * @author write-through
 */
final class SerializingValueCodec implements ValueCodec {

	private static final byte[] NULL_VALUE = { 0 };

	private final RedisSerializer<Object> serializer;

	private final long maxValueSize;

	/**
	 * Create a new instance.
	 * @param serializer what turns values into bytes and back
	 * @param maxValueSize the largest serialized value, in bytes, that is cached
	 */
	SerializingValueCodec(RedisSerializer<Object> serializer, long maxValueSize) {
		Assert.notNull(serializer, "serializer must not be null");
		Assert.isTrue(maxValueSize > 0, "maxValueSize must be positive");
		this.serializer = serializer;
		this.maxValueSize = maxValueSize;
	}

	@Override
	public byte[] encode(Object storeValue) {
		if (storeValue == NullValue.INSTANCE) {
			return NULL_VALUE;
		}
		byte[] bytes = this.serializer.serialize(storeValue);
		Assert.state(bytes != null, "The serializer returned no bytes");
		if (bytes.length > this.maxValueSize) {
			String type = storeValue.getClass().getName();
			throw new RejectedValueException(RejectedValueException.Reason.TOO_LARGE, type,
					"A value of type " + type + " is " + bytes.length + " bytes, more than"
							+ " 'write-through.max-value-size' (" + this.maxValueSize + " bytes), so it is not"
							+ " cached and its reads go to the database. Raise the limit or cache something smaller",
					null);
		}
		return bytes;
	}

	@Override
	public Object decode(byte[] bytes) {
		if (Arrays.equals(bytes, NULL_VALUE)) {
			return NullValue.INSTANCE;
		}
		Object value = this.serializer.deserialize(bytes);
		if (value == null) {
			throw new DisallowedTypeException("null", "the serializer read no value");
		}
		return value;
	}

}
