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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.core.annotation.AliasFor;

/**
 * Marks a method that deletes from the database as one whose keys are evicted from the
 * cache once the database transaction has committed.
 * <p>
 * Transactions, failures and expressions behave as for {@link WriteThrough}: the eviction
 * runs after the (outer) commit, a rollback leaves the cache untouched, and an eviction
 * that fails is remembered and retried until the cache answers. When {@link #key()}
 * refers to {@code #element}, one key is evicted per element of the first
 * {@code Iterable} argument, so {@code deleteAll(Iterable)} evicts every entity it
 * deleted: <pre class="code">
 * &#64;WriteThroughEvict(cache = "users", key = "#element.id")
 * void deleteAll(Iterable&lt;? extends User&gt; users);
 * </pre>
 *
 * @author write-through
 * @see WriteThrough
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WriteThroughEvict {

	/**
	 * Alias for {@link #cache()}.
	 * @return the cache names
	 */
	@AliasFor("cache")
	String[] cacheNames() default {};

	/**
	 * Names of the caches to evict from.
	 * @return the cache names
	 */
	@AliasFor("cacheNames")
	String[] cache() default {};

	/**
	 * SpEL expression for the key to evict, for example {@code #id}. Required unless
	 * {@link #allEntries()} is set.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * SpEL expression that must be {@code true} for the eviction to happen. Empty means
	 * always.
	 * @return the condition expression
	 */
	String condition() default "";

	/**
	 * Whether to clear every entry of the named caches (and only of those) instead of one
	 * key.
	 * @return {@code true} to clear the whole cache
	 */
	boolean allEntries() default false;

}
