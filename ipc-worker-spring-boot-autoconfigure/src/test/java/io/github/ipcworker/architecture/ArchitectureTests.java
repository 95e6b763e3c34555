/*
 * Copyright 2026 the ipc-worker authors.
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
package io.github.ipcworker.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture rules of the main code, checked on its compiled classes. Each nested
 * class holds the rules of one concern; a new concern, such as which room of the pool may
 * call which, gets its own nested class and one {@link ArchTests} field here. The package
 * constants below are meant for those rules too.
 */
@AnalyzeClasses(packages = "io.github.ipcworker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchTests theCoreIsPlainJava = ArchTests.in(PlainJavaCore.class);

	@ArchTest
	static final ArchTests transportsStayBehindTheirInterface = ArchTests.in(Transports.class);

	@ArchTest
	static final ArchTests packagesFormLayersWithoutCycles = ArchTests.in(Layers.class);

	@ArchTest
	static final ArchTests poolRoomsKeepToTheirJobs = ArchTests.in(PoolRooms.class);

	// Package identifiers in ArchUnit's syntax: a trailing ".." adds the subpackages.

	static final String API = "io.github.ipcworker";

	static final String PROTOCOL = "io.github.ipcworker.protocol..";

	static final String CODEC = "io.github.ipcworker.codec..";

	static final String CONTEXT = "io.github.ipcworker.context..";

	/** The transport interface package alone, without its implementations. */
	static final String TRANSPORT = "io.github.ipcworker.transport";

	static final String SHM = "io.github.ipcworker.transport.shm..";

	static final String ZMQ = "io.github.ipcworker.transport.zmq..";

	static final String LOCAL = "io.github.ipcworker.transport.local..";

	static final String PROCESS = "io.github.ipcworker.process..";

	static final String CHILD = "io.github.ipcworker.child..";

	static final String POOL = "io.github.ipcworker.pool..";

	static final String CLIENT = "io.github.ipcworker.client..";

	static final String METRICS = "io.github.ipcworker.metrics..";

	static final String TRACING = "io.github.ipcworker.tracing..";

	static final String REACTOR = "io.github.ipcworker.reactor..";

	static final String AUTOCONFIGURE = "io.github.ipcworker.autoconfigure..";

	static final String SPRING = "org.springframework..";

	static final String MICROMETER = "io.micrometer..";

	/**
	 * The core runs in both JVMs without a Spring context: it can be reasoned about,
	 * tested and reused as plain Java. Spring and Micrometer come in through the glue.
	 */
	static final class PlainJavaCore {

		@ArchTest
		static final ArchRule theCoreDependsOnNeitherSpringNorMicrometer = noClasses().that()
			.resideInAnyPackage(PROTOCOL, CODEC, CONTEXT, TRANSPORT, SHM, ZMQ, LOCAL, PROCESS, CHILD, POOL)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SPRING, MICROMETER)
			.because("the core is plain Java; Spring and Micrometer come in through autoconfigure");

		@ArchTest
		static final ArchRule metricsAndTracingDependOnNoSpring = noClasses().that()
			.resideInAnyPackage(METRICS, TRACING)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(SPRING)
			.because("meters and trace propagation use Micrometer alone and are wired up by autoconfigure");

	}

	/**
	 * Shared memory and ZeroMQ are two implementations of one interface. The interface
	 * knows neither, so that shared memory runs without JeroMQ on the class path and a
	 * third transport needs no change to the other two.
	 */
	static final class Transports {

		@ArchTest
		static final ArchRule theTransportInterfaceKnowsNoImplementation = noClasses().that()
			.resideInAPackage(TRANSPORT)
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage(SHM, ZMQ, LOCAL)
			.because("the interface must not know its implementations");

		@ArchTest
		static final ArchRule transportImplementationsDoNotKnowEachOther = slices()
			.matching("io.github.ipcworker.transport.(*)..")
			.should()
			.notDependOnEachOther()
			.because("each transport stands alone: shared memory must work without JeroMQ");

	}

	/**
	 * Which package may use which: the public API at the bottom, the Spring glue on top,
	 * and no cycle anywhere, so that each package can be understood and tested with only
	 * what lies below it.
	 */
	static final class Layers {

		@ArchTest
		static final ArchRule topLevelPackagesAreFreeOfCycles = slices().matching("io.github.ipcworker.(*)..")
			.should()
			.beFreeOfCycles();

		/**
		 * Finer than the rule above: it also sees a cycle inside one top-level package.
		 */
		@ArchTest
		static final ArchRule noPackageTakesPartInACycle = slices().matching("io.github.ipcworker.(**)")
			.should()
			.beFreeOfCycles();

		@ArchTest
		static final ArchRule nothingOutsideAutoconfigureDependsOnIt = noClasses().that()
			.resideOutsideOfPackage(AUTOCONFIGURE)
			.should()
			.dependOnClassesThat()
			.resideInAPackage(AUTOCONFIGURE)
			.because("autoconfigure is the Spring glue on top: nothing below may need it");

		@ArchTest
		static final ArchRule eachLayerUsesOnlyTheLayersBelowIt = layeredArchitecture()
			.consideringOnlyDependenciesInLayers()
			.layer("Api")
			.definedBy(API)
			.layer("Protocol")
			.definedBy(PROTOCOL)
			.layer("Codec")
			.definedBy(CODEC)
			.layer("Context")
			.definedBy(CONTEXT)
			.layer("Transport")
			.definedBy(TRANSPORT)
			.layer("Shm")
			.definedBy(SHM)
			.layer("Zmq")
			.definedBy(ZMQ)
			.layer("Local")
			.definedBy(LOCAL)
			.layer("Process")
			.definedBy(PROCESS)
			.layer("Child")
			.definedBy(CHILD)
			.layer("Pool")
			.definedBy(POOL)
			.layer("Client")
			.definedBy(CLIENT)
			.layer("Metrics")
			.definedBy(METRICS)
			.layer("Tracing")
			.definedBy(TRACING)
			.layer("Reactor")
			.definedBy(REACTOR)
			.whereLayer("Api")
			.mayNotAccessAnyLayer()
			.whereLayer("Protocol")
			.mayOnlyAccessLayers("Api")
			.whereLayer("Codec")
			.mayOnlyAccessLayers("Api", "Protocol")
			.whereLayer("Context")
			.mayOnlyAccessLayers("Api", "Protocol")
			.whereLayer("Transport")
			.mayOnlyAccessLayers("Api", "Protocol")
			.whereLayer("Shm")
			.mayOnlyAccessLayers("Api", "Protocol", "Transport")
			.whereLayer("Zmq")
			.mayOnlyAccessLayers("Api", "Protocol", "Transport")
			.whereLayer("Local")
			.mayOnlyAccessLayers("Api", "Protocol", "Transport")
			.whereLayer("Process")
			.mayOnlyAccessLayers("Api", "Protocol")
			// The child picks the transport its parent named, so it alone knows them all.
			.whereLayer("Child")
			.mayOnlyAccessLayers("Api", "Protocol", "Codec", "Context", "Transport", "Shm", "Zmq")
			// The pool reaches its workers through the transport interface, whichever it
			// is.
			.whereLayer("Pool")
			.mayOnlyAccessLayers("Api", "Protocol", "Codec", "Context", "Transport", "Process")
			.whereLayer("Client")
			.mayOnlyAccessLayers("Api", "Protocol", "Codec", "Pool")
			.whereLayer("Metrics")
			.mayOnlyAccessLayers("Api", "Pool")
			.whereLayer("Tracing")
			.mayOnlyAccessLayers("Api", "Context")
			.whereLayer("Reactor")
			.mayOnlyAccessLayers("Api", "Pool");

	}

	/**
	 * Which room of the pool may do what: each job has one place, so a change to it has
	 * one place to go.
	 */
	static final class PoolRooms {

		private static final String POOL_PACKAGE = "io.github.ipcworker.pool";

		private static final String CALL = POOL_PACKAGE + ".Call";

		@ArchTest
		static final ArchRule onlyTheCallTableEndsCalls = noClasses().that()
			.resideInAPackage(POOL_PACKAGE)
			.and()
			.doNotHaveSimpleName("CallTable")
			.should()
			.callMethodWhere(calls("a call", CALL, "claimEnd"))
			.because("a call ends exactly once, through the call table, which records its outcome");

		@ArchTest
		static final ArchRule onlyTheOutboxAndTheLifecycleWriteToLinks = noClasses().that()
			.resideInAPackage(POOL_PACKAGE)
			.and()
			.doNotHaveSimpleName("Outbox")
			.and()
			.doNotHaveSimpleName("WorkerGroup")
			.should()
			.callMethodWhere(calls("a worker link", "io.github.ipcworker.transport.WorkerLink", "send|trySend"))
			.because("frames go out through the outbox, off the lock, without blocking a reader");

		@ArchTest
		static final ArchRule onlyTheSupervisorLaunchesWorkers = noClasses().that()
			.resideInAPackage(POOL_PACKAGE)
			.and()
			.doNotHaveSimpleName("Supervisor")
			.should()
			.callMethodWhere(calls("a worker launcher", POOL_PACKAGE + ".WorkerLauncher", "launch"))
			.because("processes are started and watched in one place");

		@ArchTest
		static final ArchRule roomsDoNotReachBackIntoTheFacade = noClasses().that()
			.resideInAPackage(POOL_PACKAGE)
			.and()
			.doNotHaveSimpleName("WorkerGroup")
			.and()
			.doNotHaveSimpleName("GroupDirectory")
			.should()
			.accessClassesThat()
			.haveFullyQualifiedName(POOL_PACKAGE + ".WorkerGroup")
			.because("the facade wires the rooms; a room that called it would hide a cycle");

		/**
		 * Calls of methods named by a pattern on a type or its subtypes: the target's
		 * owner is the type the call site names, which may be a subclass.
		 */
		private static DescribedPredicate<JavaCall<?>> calls(String description, String type, String methods) {
			DescribedPredicate<JavaClass> owner = DescribedPredicate.describe(description,
					(candidate) -> candidate.isAssignableTo(type));
			return JavaCall.Predicates.target(HasOwner.Predicates.With.owner(owner))
				.and(JavaCall.Predicates.target(HasName.Predicates.nameMatching(methods)));
		}

		private PoolRooms() {
		}

	}

}
