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
 * Marks a method that writes to the database as one whose result is written to the cache
 * once the database transaction has committed.
 * <p>
 * The method runs in a transaction: the caller's if one is active (the cache is updated
 * when that outer transaction commits), otherwise one the interceptor starts with the
 * application's {@code PlatformTransactionManager}. After the commit the value is stored
 * under the key; if that fails the key is evicted; if the eviction fails too the key is
 * remembered and evicted as soon as the cache answers again. A rollback leaves the cache
 * untouched. The caller is never failed by a cache problem unless
 * {@code write-through.on-cache-unavailable=fail} is set, in which case the write is
 * refused before it touches the database while the cache cannot be reached.
 * <p>
 * Expressions are SpEL, evaluated against the method's arguments (by name, or as
 * {@code #p0}, {@code #a0}), the return value ({@code #result}, with {@code Optional}
 * unwrapped) and, for collection writes, the current element ({@code #element}). When
 * {@link #key()} refers to {@code #element}, the operation is applied once per element of
 * the returned collection (or array), {@link #value()} then defaulting to the element, so
 * {@code saveAll} writes one key per entity: <pre class="code">
 * &#64;WriteThrough(cache = "users", key = "#element.id")
 * &lt;S extends User&gt; List&lt;S&gt; saveAll(Iterable&lt;S&gt; users);
 * </pre>
 * <p>
 * Works on Spring Data repository interfaces and on any Spring bean whose method can be
 * proxied (public, not final, not static); anything else fails the application start.
 *
 * @author write-through
 * @see WriteThroughEvict
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface WriteThrough {

	/**
	 * Alias for {@link #cache()}.
	 * @return the cache names
	 */
	@AliasFor("cache")
	String[] cacheNames() default {};

	/**
	 * Names of the caches to write to.
	 * @return the cache names
	 */
	@AliasFor("cacheNames")
	String[] cache() default {};

	/**
	 * SpEL expression for the cache key, for example {@code #result.id} or
	 * {@code #element.id} for collection writes. Required.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * SpEL expression for the value to cache. Defaults to the method's result (or, for
	 * collection writes, the current element).
	 * @return the value expression
	 */
	String value() default "";

	/**
	 * SpEL expression that must be {@code true} for the cache to be written, evaluated
	 * after the method returned. Empty means always.
	 * @return the condition expression
	 */
	String condition() default "";

	/**
	 * SpEL expression that, when {@code true}, keeps the value out of the cache and
	 * evicts the key instead, so the cache cannot keep an older value.
	 * @return the veto expression
	 */
	String unless() default "";

	/**
	 * SpEL expression for the written row's version (a {@code long}, {@code int} or
	 * {@code short} that every committed update raises), for example
	 * {@code #result.version}. It is evaluated after the commit, with the same variables
	 * as {@link #value()}, so a version that JPA raises when it flushes is read as
	 * committed. Empty means: the value's field annotated with JPA's or Spring Data's
	 * {@code @Version}, if it has one.
	 * <p>
	 * With a version, writers of one key that overlap no longer evict it: the one that
	 * ends last with the newest version stores it, once every writer that began has
	 * ended, so contended keys stay cached.
	 * @return the version expression
	 */
	String version() default "";

}
