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
package io.github.ipcworker.benchmarks;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * How long a run measures each case. {@code full} is the run the README reports;
 * {@code quick} gives rough figures in a third of the time; {@code smoke} only proves
 * every case still runs and answers right, in about a minute: its JVMs, worker JVMs
 * included, compile with C1 only and collect with the serial collector, which halves the
 * CPU their start-ups take, since no figure of a smoke run is read.
 *
 * @param mode the name: full, quick or smoke
 * @param warmupIterations JMH warm-up iterations
 * @param warmupTime length of one warm-up iteration
 * @param measurementIterations JMH measured iterations
 * @param measurementTime length of one measured iteration
 * @param verbosity how much JMH prints
 * @param startupRounds start-ups of the group and of a bare JVM, each
 * @param idleSettle time given to a started group before its idle CPU is measured
 * @param idleWindow time over which idle CPU is measured
 * @param pacedWarmup requests at one per millisecond before any is recorded, per side
 * @param pacedBlocks alternating blocks of paced requests, per side
 * @param pacedBlockSize requests in one block
 * @param jvmArgs options for every JVM the run starts: JMH forks and the harness, and
 * through them worker JVMs
 */
public record Settings(String mode, int warmupIterations, Duration warmupTime, int measurementIterations,
		Duration measurementTime, VerboseMode verbosity, int startupRounds, Duration idleSettle, Duration idleWindow,
		int pacedWarmup, int pacedBlocks, int pacedBlockSize, List<String> jvmArgs) {

	/**
	 * The smoke run's JVM options: C1 only and the serial collector, for the JVMs it
	 * starts and, through {@code ipc.worker.jvm-args}, for their worker JVMs.
	 */
	static final List<String> LIGHT_JVM_ARGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
			"-Dipc.worker.jvm-args=" + ProcessHarness.LIGHT_WORKER_JVM_ARGS);

	/**
	 * The payloads of a run that does not measure every size: the smallest, the record
	 * and the two largest.
	 */
	static final Set<Payload> FEWER_PAYLOADS = EnumSet.of(Payload.BYTES_64, Payload.JSON_RECORD, Payload.BYTES_1M,
			Payload.BYTES_8M);

	/**
	 * Returns whether the round trips are measured at every payload size, or only at
	 * {@link #FEWER_PAYLOADS}: the smoke run proves each case runs, and each size costs
	 * it a JVM per way of calling.
	 * @return whether every size is measured
	 */
	public boolean everySize() {
		return !"smoke".equals(this.mode);
	}

	/**
	 * Returns these settings with another idle settle and window.
	 * @param settle time given to a started group before its idle CPU is measured
	 * @param window time over which idle CPU is measured
	 * @return the settings
	 */
	public Settings withIdle(Duration settle, Duration window) {
		return new Settings(this.mode, this.warmupIterations, this.warmupTime, this.measurementIterations,
				this.measurementTime, this.verbosity, this.startupRounds, settle, window, this.pacedWarmup,
				this.pacedBlocks, this.pacedBlockSize, this.jvmArgs);
	}

	/**
	 * Returns the settings of a mode.
	 * @param mode full, quick or smoke
	 * @return the settings
	 * @throws IllegalArgumentException for another name
	 */
	public static Settings of(String mode) {
		return switch (mode.toLowerCase(Locale.ROOT)) {
			case "full" -> new Settings("full", 3, Duration.ofSeconds(1), 5, Duration.ofSeconds(2), VerboseMode.NORMAL,
					5, Duration.ofSeconds(5), Duration.ofSeconds(20), 500, 6, 500, List.of());
			case "quick" -> new Settings("quick", 1, Duration.ofSeconds(1), 2, Duration.ofSeconds(1),
					VerboseMode.NORMAL, 2, Duration.ofSeconds(2), Duration.ofSeconds(5), 200, 2, 250, List.of());
			case "smoke" -> new Settings("smoke", 0, Duration.ofMillis(100), 1, Duration.ofMillis(200),
					VerboseMode.SILENT, 1, Duration.ofMillis(200), Duration.ofSeconds(1), 10, 1, 30, LIGHT_JVM_ARGS);
			default ->
				throw new IllegalArgumentException("unknown benchmark mode '" + mode + "': use full, quick or smoke");
		};
	}

}
