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

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Lets a polymorphic value be read back only as a class on the
 * {@link SerializationAllowList}, judged by its name before the class is loaded.
 *
 * @author write-through
 */
final class AllowListTypeValidator extends PolymorphicTypeValidator.Base {

	private static final long serialVersionUID = 1L;

	private final transient SerializationAllowList allowList;

	AllowListTypeValidator(SerializationAllowList allowList) {
		this.allowList = allowList;
	}

	@Override
	public Validity validateSubClassName(DatabindContext context, JavaType baseType, String subClassName) {
		if (this.allowList.isAllowed(subClassName)) {
			return Validity.ALLOWED;
		}
		throw new DisallowedTypeException(subClassName, JsonValueSerializer.notAllowedMessage(subClassName, "read"));
	}

	@Override
	public Validity validateSubType(DatabindContext context, JavaType baseType, JavaType subType) {
		return this.allowList.isAllowed(subType.getRawClass().getName()) ? Validity.ALLOWED : Validity.DENIED;
	}

}
