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

package dev.writethrough.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The layering of the starter's packages, kept by the build: the arrows of
 * {@code docs/architecture.md} point one way.
 *
 * @author write-through
 */
class ArchitectureTests {

	private static final String ROOT = "dev.writethrough";

	private static final JavaClasses classes = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages(ROOT);

	@Test
	void packagesDoNotDependOnEachOtherInCycles() {
		slices().assignedFrom(new StarterPackages()).should().beFreeOfCycles().check(classes);
	}

	@Test
	void theRedisLayerKnowsNothingOfTransactionsNorOfTheLayersAboveIt() {
		noClasses().that()
			.resideInAPackage(ROOT + ".redis..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("org.springframework.transaction..", ROOT + ".tx..", ROOT + ".interceptor..",
					ROOT + ".behind..", ROOT + ".metrics..", ROOT + ".actuate..", ROOT + ".autoconfigure..")
			.orShould()
			.dependOnClassesThat()
			.resideInAPackage(ROOT)
			.check(classes);
	}

	@Test
	void thePublicPackageUsesNoInternalPackageButTheRedisLayerItAdapts() {
		noClasses().that()
			.resideInAPackage(ROOT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".tx..", ROOT + ".interceptor..", ROOT + ".behind..", ROOT + ".metrics..",
					ROOT + ".actuate..", ROOT + ".autoconfigure..")
			.check(classes);
	}

	@Test
	void theTransactionBindingKnowsNothingOfTheInterceptorNorOfWriteBehind() {
		noClasses().that()
			.resideInAPackage(ROOT + ".tx..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".interceptor..", ROOT + ".behind..", ROOT + ".metrics..", ROOT + ".actuate..",
					ROOT + ".autoconfigure..")
			.check(classes);
	}

	@Test
	void writeBehindKnowsNothingOfTheTransactionalWritePath() {
		noClasses().that()
			.resideInAPackage(ROOT + ".behind..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(ROOT + ".tx..", ROOT + ".interceptor..", ROOT + ".metrics..", ROOT + ".actuate..",
					ROOT + ".autoconfigure..")
			.check(classes);
	}

	@Test
	void onlyTheAutoConfigurationWires() {
		noClasses().that()
			.resideOutsideOfPackage(ROOT + ".autoconfigure..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure..")
			.orShould()
			.beAnnotatedWith(Configuration.class)
			.orShould()
			.beAnnotatedWith(AutoConfiguration.class)
			.check(classes);
		methods().that()
			.areAnnotatedWith(Bean.class)
			.should()
			.beDeclaredInClassesThat()
			.resideInAPackage(ROOT + ".autoconfigure..")
			.check(classes);
	}

	@Test
	void theFenceImplementationIsReachedOnlyThroughItsInterface() {
		classes().that()
			.haveSimpleName("RedisEntryFences")
			.should()
			.notBePublic()
			.andShould()
			.onlyBeAccessed()
			.byClassesThat()
			.resideInAPackage(ROOT + ".redis")
			.check(classes);
	}

	@Test
	void theInterceptorAndTheMetersAreReachedOnlyThroughTheirPackagesFactories() {
		classes().that()
			.resideInAnyPackage(ROOT + ".interceptor", ROOT + ".metrics")
			.and()
			.areTopLevelClasses()
			.and()
			.doNotHaveSimpleName("WriteThroughInterception")
			.and()
			.doNotHaveSimpleName("WriteThroughMeters")
			.and()
			.doNotHaveSimpleName("WriteThroughMetricNames")
			.should()
			.notBePublic()
			.because("the auto-configuration creates them through WriteThroughInterception and WriteThroughMeters")
			.check(classes);
	}

	@Test
	void theTransactionBindingWriteBehindAndTheRedisLayerShowOnlyInterfacesAndValues() {
		classes().that()
			.resideInAnyPackage(ROOT + ".tx", ROOT + ".behind", ROOT + ".redis")
			.and()
			.areTopLevelClasses()
			.and()
			.arePublic()
			.and()
			.doNotHaveSimpleName("WriteBehindSettings")
			.and()
			.doNotHaveSimpleName("CacheKeys")
			.and()
			.doNotHaveSimpleName("SerializationAllowList")
			.and()
			.doNotHaveSimpleName("PersistentStateMapper")
			.should()
			.beInterfaces()
			.orShould()
			.beRecords()
			.orShould()
			.beEnums()
			.orShould()
			.beAssignableTo(RuntimeException.class)
			.because("their behaviour is package-private, created through the static factories of their interfaces;"
					+ " the exceptions are values too: WriteBehindSettings is an immutable value with a builder,"
					+ " CacheKeys an immutable key layout made by its static factories, SerializationAllowList the"
					+ " allow-list an application adds its types to, PersistentStateMapper the static factories"
					+ " of an application's own serializer")
			.check(classes);
	}

	// The public package is a slice of its own, beside one slice per sub-package.
	private static final class StarterPackages implements SliceAssignment {

		@Override
		public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
			String name = javaClass.getPackageName();
			if (name.equals(ROOT)) {
				return SliceIdentifier.of("api");
			}
			if (name.startsWith(ROOT + ".")) {
				String rest = name.substring(ROOT.length() + 1);
				int dot = rest.indexOf('.');
				return SliceIdentifier.of((dot < 0) ? rest : rest.substring(0, dot));
			}
			return SliceIdentifier.ignore();
		}

		@Override
		public String getDescription() {
			return "the starter's packages";
		}

	}

}
