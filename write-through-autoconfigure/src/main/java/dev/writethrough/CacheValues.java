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

import java.util.Collection;
import java.util.function.Consumer;

import dev.writethrough.redis.RejectedValueException;
import dev.writethrough.redis.ValueCodec;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;

/**
 * The values of one cache on their way to Redis and back: the codec, the refusals it
 * counts and logs, and the types the cache's readers expect. A value read that is not of
 * an expected type is not served, and its key is evicted.
 *
 * @author write-through
 */
final class CacheValues {

	private final String cacheName;

	private final ValueCodec codec;

	private final ValueRefusals refusals;

	private final ExpectedTypes expectedTypes = new ExpectedTypes();

	private final Consumer<Object> evict;

	CacheValues(String cacheName, ValueCodec codec, CacheStatistics statistics, Log logger, Consumer<Object> evict) {
		this.cacheName = cacheName;
		this.codec = codec;
		this.refusals = new ValueRefusals(cacheName, statistics, logger);
		this.evict = evict;
	}

	void expect(Collection<ResolvableType> types) {
		this.expectedTypes.add(types);
	}

	/**
	 * Encodes a store value.
	 * @throws RejectedValueException if the value is refused, after counting it
	 */
	byte[] encode(Object storeValue) {
		try {
			return this.codec.encode(storeValue);
		}
		catch (RejectedValueException ex) {
			this.refusals.refused(ex, "write of a " + storeValue.getClass().getName());
			throw ex;
		}
	}

	/**
	 * Decodes a store value without judging it.
	 * @throws RuntimeException if the bytes cannot be read or name a type that is not
	 * allowed
	 */
	Object decode(byte[] bytes) {
		return this.codec.decode(bytes);
	}

	/**
	 * Decodes the store value a read of the key found, or nothing if it must not be
	 * served: it cannot be read, names a type that is not allowed, or is not of a type
	 * the readers expect (then the key is evicted too).
	 */
	@Nullable Object read(Object key, byte[] bytes) {
		Object value;
		try {
			value = this.codec.decode(bytes);
		}
		catch (RejectedValueException ex) {
			this.refusals.refused(ex, "read of key '" + key + "'");
			return null;
		}
		catch (RuntimeException ex) {
			this.refusals.refused(
					new RejectedValueException(RejectedValueException.Reason.UNREADABLE, null, ex.getMessage(), ex),
					"read of key '" + key + "'");
			return null;
		}
		if (!this.expectedTypes.matches(value)) {
			this.refusals.refused(new RejectedValueException(RejectedValueException.Reason.UNEXPECTED_TYPE,
					value.getClass().getName(),
					"Cache '" + this.cacheName + "' holds a " + ExpectedTypes.describe(value) + " at key '" + key
							+ "', but its readers expect " + this.expectedTypes + ": it is not served and is evicted,"
							+ " and the read goes to the database. Something other than this application's annotated"
							+ " methods wrote it, or two methods with different return types share the cache",
					null), "read of key '" + key + "'");
			this.evict.accept(key);
			return null;
		}
		return value;
	}

}
