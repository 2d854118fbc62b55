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

/**
 * A value's type is not on the {@link SerializationAllowList}: it is neither written to
 * the cache nor instantiated from it.
 *
 * @author write-through
 */
class DisallowedTypeException extends RejectedValueException {

	/**
	 * Create a new instance.
	 * @param typeName the type that is not allowed
	 * @param message what happened and what to do
	 */
	public DisallowedTypeException(String typeName, String message) {
		super(Reason.TYPE, typeName, message, null);
	}

	/**
	 * The type that is not allowed.
	 * @return its name as found in the value
	 */
	@Override
	public String getTypeName() {
		String typeName = super.getTypeName();
		return (typeName != null) ? typeName : "";
	}

}
