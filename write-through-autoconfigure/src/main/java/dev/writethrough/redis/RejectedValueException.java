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

import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.serializer.SerializationException;

/**
 * The cache refused a value: it is not stored (a write evicts the key instead) or, found
 * in Redis, not served (the read goes to the database). The message names the type and
 * says what to do; {@link #getReason()} is the {@code reason} tag of
 * {@code writethrough.values.rejected}.
 *
 * @author write-through
 */
public class RejectedValueException extends SerializationException {

	private final Reason reason;

	private final @Nullable String typeName;

	/**
	 * Create a new instance.
	 * @param reason why the value was refused
	 * @param message what happened and what to do
	 */
	public RejectedValueException(Reason reason, String message) {
		this(reason, null, message, null);
	}

	/**
	 * Create a new instance.
	 * @param reason why the value was refused
	 * @param typeName the refused type, if known
	 * @param message what happened and what to do
	 * @param cause the underlying failure, if any
	 */
	public RejectedValueException(Reason reason, @Nullable String typeName, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.reason = reason;
		this.typeName = typeName;
	}

	/**
	 * Why the value was refused.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * The type that was refused, when known.
	 * @return the type name, or {@code null}
	 */
	public @Nullable String getTypeName() {
		return this.typeName;
	}

	/**
	 * Why a value was refused; {@link #tag()} is the meter's tag value.
	 */
	public enum Reason {

		/** Its type (or a type inside it) is not on the allow-list. */
		TYPE("type"),

		/**
		 * It does not come back from the cache as it was written: something would be
		 * lost.
		 */
		LOSSY("lossy"),

		/** It holds an uninitialized lazy association. */
		LAZY("lazy"),

		/** It cannot be written as JSON. */
		UNSERIALIZABLE("unserializable"),

		/** What Redis holds cannot be read as a cached value. */
		UNREADABLE("unreadable"),

		/** It is larger than {@code write-through.max-value-size}. */
		TOO_LARGE("too_large"),

		/** Found in Redis, it is not of a type the cache's readers expect. */
		UNEXPECTED_TYPE("unexpected_type");

		private final String tag;

		Reason(String tag) {
			this.tag = tag;
		}

		/**
		 * The value of the {@code reason} tag.
		 * @return the tag value
		 */
		public String tag() {
			return this.tag;
		}

	}

}
