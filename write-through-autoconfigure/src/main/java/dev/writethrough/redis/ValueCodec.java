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

import org.springframework.cache.support.NullValue;
import org.springframework.data.redis.serializer.RedisSerializer;

/**
 * Turns a cache's values into the bytes Redis keeps and back: the value serializer, a
 * one-byte marker for a cached absent value ({@code null}), and the largest size cached.
 *
 * @author write-through
 */
public sealed interface ValueCodec permits SerializingValueCodec {

	/**
	 * The bytes of a value.
	 * @param storeValue the value, {@link NullValue#INSTANCE} for an absent one
	 * @return the bytes
	 * @throws RejectedValueException if the serializer refuses the value or it is larger
	 * than the largest size cached
	 */
	byte[] encode(Object storeValue);

	/**
	 * The value of some bytes.
	 * @param bytes the bytes Redis kept
	 * @return the value, {@link NullValue#INSTANCE} for an absent one
	 * @throws RuntimeException if the bytes cannot be read or name a type that is not
	 * allowed
	 */
	Object decode(byte[] bytes);

	/**
	 * Create a codec.
	 * @param serializer what turns values into bytes and back
	 * @param maxValueSize the largest serialized value, in bytes, that is cached
	 * @return the codec
	 */
	static ValueCodec create(RedisSerializer<Object> serializer, long maxValueSize) {
		return new SerializingValueCodec(serializer, maxValueSize);
	}

}
