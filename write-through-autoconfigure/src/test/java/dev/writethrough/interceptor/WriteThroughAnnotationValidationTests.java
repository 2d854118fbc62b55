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

package dev.writethrough.interceptor;

import java.util.List;
import java.util.Optional;

import dev.writethrough.WriteBehindWriter;
import dev.writethrough.WriteThrough;
import dev.writethrough.WriteThroughEvict;
import dev.writethrough.autoconfigure.WriteThroughAutoConfiguration;
import dev.writethrough.redis.SerializationAllowList;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Start-up validation of the write annotations: every problem fails the start with a
 * message that names the method and says what to do.
 */
class WriteThroughAnnotationValidationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(DataRedisAutoConfiguration.class, WriteThroughAutoConfiguration.class));

	@Test
	void aKeyThatDoesNotParseFailsTheStart() {
		assertFailure(BadSyntax.class, "@WriteThrough on dev.writethrough.interceptor."
				+ "WriteThroughAnnotationValidationTests$BadSyntaxRepository.save(Person): key expression '#result.'"
				+ " does not parse");
	}

	@Test
	void aKeyNamingAnUnknownParameterFailsTheStart() {
		assertFailure(UnknownVariable.class, "@WriteThroughEvict on", "UnknownVariableRepository.delete(long)",
				"key expression '#userId' refers to #userId, but the method's parameters are [id]. Use one of them or"
						+ " #p0");
		this.contextRunner.withUserConfiguration(UnknownVariable.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.as("a void method has no #result to suggest")
				.hasMessageNotContaining("#result"));
	}

	@Test
	void aVoidMethodWhoseKeyUsesTheResultFailsTheStart() {
		assertFailure(ResultOfVoid.class, "ResultOfVoidRepository.delete(long)",
				"key expression '#result.id' refers to #result, but the method returns void, so there is no result."
						+ " Use one of its parameters [id] or #p0");
	}

	@Test
	void aVoidMethodWithoutAKeyIsToldToNameAParameter() {
		this.contextRunner.withUserConfiguration(VoidMissingKey.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining(
						"VoidMissingKeyRepository.delete(long) has no key. Set key = \"...\" (for example \"#id\"")
				.hasMessageNotContaining("#result"));
	}

	@Test
	void anUndeclaredCacheFailsTheStartWhenCachesAreDeclared() {
		this.contextRunner.withUserConfiguration(Valid.class)
			.withPropertyValues("write-through.caches.users.ttl=5m")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("ValidRepository.save(Person)")
				.hasMessageContaining("uses cache 'people', which is not declared under 'write-through.caches'"
						+ " (declared: [users]). Declare it or fix the name"));
	}

	@Test
	void anEntityOfAWriteBehindCacheIsNotWarnedAbout() {
		this.contextRunner.withUserConfiguration(Entities.class, WriteBehindSupport.class)
			.withPropertyValues("write-through.caches.unversioned.strategy=write-behind",
					"write-through.caches.unversioned.write-behind.writer=viewWriter",
					"write-through.caches.unversioned.write-behind.flush-interval=1h",
					"write-through.caches.versioned.ttl=5m")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(WriteThroughAnnotationValidator.class).warnings()).isEmpty();
			});
	}

	@Test
	void anEntitySavedWithoutAVersionIsWarnedAboutOnceAndAVersionedOneIsNot() {
		this.contextRunner.withUserConfiguration(Entities.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(WriteThroughAnnotationValidator.class).warnings()).singleElement()
				.asString()
				.startsWith("Entity " + Unversioned.class.getName() + " is saved through @WriteThrough")
				.contains("has no @Version: a copy read from the cache and saved back silently overwrites")
				.contains("Add a version field (@jakarta.persistence.Version");
		});
	}

	@Test
	void aKeyPrefixWithACharacterSpecialInScanPatternsOrHashTagsFailsTheStart() {
		for (String prefix : List.of("app[1]:", "wt*:", "a?:", "a\\b:", "a{b}:")) {
			this.contextRunner.withUserConfiguration(Valid.class)
				.withPropertyValues("write-through.key-prefix=" + prefix)
				.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.as("prefix " + prefix)
					.hasMessageContaining("write-through.key-prefix '" + prefix + "' contains")
					.hasMessageContaining("Choose a prefix without { } * ? [ ] \\"));
		}
	}

	@Test
	void aCacheableOnlyCacheWhoseNameHasAGlobCharacterFailsTheStart() {
		assertFailure(GlobCacheName.class,
				"@Cacheable on dev.writethrough.interceptor.WriteThroughAnnotationValidationTests$GlobCacheNameRepository"
						+ ".find(long) uses cache 'people*', whose name contains *",
				"@CacheEvict on dev.writethrough.interceptor.WriteThroughAnnotationValidationTests$GlobCacheNameRepository"
						+ ".evict(long) uses cache 'people[1]', whose name contains []");
	}

	@Test
	void aKeyWhoseStaticTypeHasNoToStringOfItsOwnFailsTheStart() {
		assertFailure(OpaqueKeys.class,
				"@WriteThroughEvict on dev.writethrough.interceptor.WriteThroughAnnotationValidationTests$OpaqueKeyRepository"
						+ ".delete(OpaqueKey): key expression '#key' is of type"
						+ " dev.writethrough.interceptor.WriteThroughAnnotationValidationTests$OpaqueKey, which has no"
						+ " toString() of its own, so it cannot become a Redis key",
				"OpaqueKeyRepository.save(Holder): key expression '#result.key' is of type", "found 2 problem(s)");
	}

	@Test
	void aCacheableOnAnUndeclaredCacheFailsTheStartWhenCachesAreDeclared() {
		this.contextRunner.withUserConfiguration(Valid.class)
			.withPropertyValues("write-through.caches.people.ttl=5m")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("@Cacheable on dev.writethrough.interceptor.WriteThroughAnnotationValidationTests"
						+ "$ValidRepository.addresses(String) uses cache 'addresses', which is not declared under"
						+ " 'write-through.caches' (declared: [people])"));
	}

	@Test
	void aPrivateMethodFailsTheStart() {
		assertFailure(PrivateMethod.class, "PrivateMethodRepository.save(Person) cannot be intercepted: the method is"
				+ " private. Make it a public instance method of a Spring bean");
	}

	@Test
	void aFinalMethodFailsTheStart() {
		assertFailure(FinalMethod.class, "FinalMethodRepository.save(Person) cannot be intercepted: the method is"
				+ " final, so Spring cannot proxy it. Remove 'final'");
	}

	@Test
	void aMissingKeyFailsTheStart() {
		assertFailure(MissingKey.class, "MissingKeyRepository.save(Person) has no key");
	}

	@Test
	void anElementKeyOnASingleResultFailsTheStart() {
		assertFailure(ElementOnSingle.class, "ElementOnSingleRepository.save(Person): the key refers to #element, but"
				+ " the method returns Person");
	}

	@Test
	void allEntriesWithAKeyFailsTheStart() {
		assertFailure(AllEntriesWithKey.class, "AllEntriesWithKeyRepository.clear(long) sets both allEntries and key");
	}

	@Test
	void aMethodWritingToWriteBehindAndOtherCachesFailsTheStart() {
		this.contextRunner.withUserConfiguration(MixedStrategies.class, WriteBehindSupport.class)
			.withPropertyValues("write-through.caches.views.strategy=write-behind",
					"write-through.caches.views.write-behind.writer=viewWriter",
					"write-through.caches.views.write-behind.flush-interval=1h", "write-through.caches.people.ttl=5m")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("MixedStrategiesRepository.save(Person) writes to write-behind cache(s) [views]"
						+ " and to other caches [people] at once")
				.hasMessageContaining("Split the method in two, or give its caches one strategy")
				.hasMessageContaining(
						"MixedStrategiesRepository.clear() clears write-behind cache(s) [views]" + " (allEntries)"));
	}

	@Test
	void everyProblemIsListedInOneMessage() {
		this.contextRunner.withUserConfiguration(MissingKey.class, AllEntriesWithKey.class)
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("found 2 problem(s)")
				.hasMessageContaining("MissingKeyRepository.save")
				.hasMessageContaining("AllEntriesWithKeyRepository.clear"));
	}

	@Test
	void validAnnotationsStartAndAllowTheirTypes() {
		this.contextRunner.withUserConfiguration(Valid.class).run((context) -> {
			assertThat(context).hasNotFailed();
			SerializationAllowList allowList = context.getBean(SerializationAllowList.class);
			assertThat(allowList.isAllowed(Person.class.getName())).as("a written type").isTrue();
			assertThat(allowList.isAllowed(Address.class.getName())).as("a type inside Optional<List<>>").isTrue();
			assertThat(allowList.isAllowed("java.lang.ProcessBuilder")).isFalse();
		});
	}

	@Test
	void typesOfGenericRepositoryInterfacesAreResolved() {
		this.contextRunner.withUserConfiguration(GenericRepositoryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(SerializationAllowList.class).isAllowed(Person.class.getName())).isTrue();
		});
	}

	private void assertFailure(Class<?> configuration, String... messages) {
		this.contextRunner.withUserConfiguration(configuration).run((context) -> {
			assertThat(context).hasFailed();
			for (String message : messages) {
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.hasMessageContaining(message);
			}
		});
	}

	record Person(Long id, String name) {

	}

	static class MixedStrategiesRepository {

		@WriteThrough(cacheNames = { "views", "people" }, key = "#result.id")
		public Person save(Person person) {
			return person;
		}

		@WriteThroughEvict(cache = "views", allEntries = true)
		public void clear() {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MixedStrategies {

		@Bean
		MixedStrategiesRepository mixedStrategiesRepository() {
			return new MixedStrategiesRepository();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class WriteBehindSupport {

		@Bean
		WriteBehindWriter<Long, Person> viewWriter() {
			return (values) -> {
			};
		}

		@Bean
		PlatformTransactionManager transactionManager() {
			return new JdbcTransactionManager(new DriverManagerDataSource("jdbc:h2:mem:write-behind-validation"));
		}

	}

	record Address(String city) {

	}

	static class OpaqueKey {

		final long id;

		OpaqueKey(long id) {
			this.id = id;
		}

	}

	record Holder(OpaqueKey key, String name) {

	}

	static class OpaqueKeyRepository {

		@WriteThroughEvict(cache = "people", key = "#key")
		public void delete(OpaqueKey key) {
		}

		@WriteThrough(cache = "people", key = "#result.key")
		public Holder save(Holder holder) {
			return holder;
		}

		@WriteThrough(cache = "people", key = "#result.name")
		public Holder rename(Holder holder) {
			return holder;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OpaqueKeys {

		@Bean
		OpaqueKeyRepository opaqueKeyRepository() {
			return new OpaqueKeyRepository();
		}

	}

	static class GlobCacheNameRepository {

		@Cacheable(cacheNames = "people*", key = "#id")
		public Person find(long id) {
			return new Person(id, "x");
		}

		@CacheEvict(cacheNames = "people[1]", key = "#id")
		public void evict(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GlobCacheName {

		@Bean
		GlobCacheNameRepository globCacheNameRepository() {
			return new GlobCacheNameRepository();
		}

	}

	static class BadSyntaxRepository {

		@WriteThrough(cache = "people", key = "#result.")
		public Person save(Person person) {
			return person;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BadSyntax {

		@Bean
		BadSyntaxRepository badSyntaxRepository() {
			return new BadSyntaxRepository();
		}

	}

	static class UnknownVariableRepository {

		@WriteThroughEvict(cache = "people", key = "#userId")
		public void delete(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnknownVariable {

		@Bean
		UnknownVariableRepository unknownVariableRepository() {
			return new UnknownVariableRepository();
		}

	}

	static class ResultOfVoidRepository {

		@WriteThroughEvict(cache = "people", key = "#result.id")
		public void delete(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ResultOfVoid {

		@Bean
		ResultOfVoidRepository resultOfVoidRepository() {
			return new ResultOfVoidRepository();
		}

	}

	static class VoidMissingKeyRepository {

		@WriteThroughEvict(cache = "people")
		public void delete(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class VoidMissingKey {

		@Bean
		VoidMissingKeyRepository voidMissingKeyRepository() {
			return new VoidMissingKeyRepository();
		}

	}

	static class PrivateMethodRepository {

		@WriteThrough(cache = "people", key = "#result.id")
		private Person save(Person person) {
			return person;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrivateMethod {

		@Bean
		PrivateMethodRepository privateMethodRepository() {
			return new PrivateMethodRepository();
		}

	}

	static class FinalMethodRepository {

		@WriteThrough(cache = "people", key = "#result.id")
		public final Person save(Person person) {
			return person;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FinalMethod {

		@Bean
		FinalMethodRepository finalMethodRepository() {
			return new FinalMethodRepository();
		}

	}

	static class MissingKeyRepository {

		@WriteThrough(cache = "people")
		public Person save(Person person) {
			return person;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MissingKey {

		@Bean
		MissingKeyRepository missingKeyRepository() {
			return new MissingKeyRepository();
		}

	}

	static class ElementOnSingleRepository {

		@WriteThrough(cache = "people", key = "#element.id")
		public Person save(Person person) {
			return person;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ElementOnSingle {

		@Bean
		ElementOnSingleRepository elementOnSingleRepository() {
			return new ElementOnSingleRepository();
		}

	}

	static class AllEntriesWithKeyRepository {

		@WriteThroughEvict(cache = "people", key = "#id", allEntries = true)
		public void clear(long id) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AllEntriesWithKey {

		@Bean
		AllEntriesWithKeyRepository allEntriesWithKeyRepository() {
			return new AllEntriesWithKeyRepository();
		}

	}

	static class ValidRepository {

		@WriteThrough(cache = "people", key = "#result.id")
		public Person save(Person person) {
			return person;
		}

		@WriteThrough(cache = "people", key = "#element.id")
		public List<Person> saveAll(List<Person> people) {
			return people;
		}

		@WriteThroughEvict(cache = "people", key = "#p0")
		public void delete(long id) {
		}

		@Cacheable(cacheNames = "addresses", key = "#city")
		public Optional<List<Address>> addresses(String city) {
			return Optional.empty();
		}

	}

	@jakarta.persistence.Entity
	static class Unversioned {

		@jakarta.persistence.Id
		Long id;

	}

	@jakarta.persistence.Entity
	static class Versioned {

		@jakarta.persistence.Id
		Long id;

		@jakarta.persistence.Version
		long version;

	}

	static class EntityRepository {

		@WriteThrough(cache = "unversioned", key = "#result.id")
		public Unversioned save(Unversioned entity) {
			return entity;
		}

		@WriteThrough(cache = "unversioned", key = "#element.id")
		public List<Unversioned> saveAll(List<Unversioned> entities) {
			return entities;
		}

		@WriteThrough(cache = "versioned", key = "#result.id")
		public Optional<Versioned> save(Versioned entity) {
			return Optional.of(entity);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Entities {

		@Bean
		EntityRepository entityRepository() {
			return new EntityRepository();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Valid {

		@Bean
		ValidRepository validRepository() {
			return new ValidRepository();
		}

	}

	interface Store<T, ID> {

		T save(T entity);

	}

	interface PersonStore extends Store<Person, Long> {

		@Override
		@WriteThrough(cache = "people", key = "#result.id")
		Person save(Person entity);

	}

	@Configuration(proxyBeanMethods = false)
	static class GenericRepositoryConfiguration {

		@Bean
		PersonStore personStore() {
			return (entity) -> entity;
		}

	}

}
