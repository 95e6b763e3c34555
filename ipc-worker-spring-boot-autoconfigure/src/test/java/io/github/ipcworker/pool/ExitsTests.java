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
package io.github.ipcworker.pool;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The words for how a worker process ended.
 */
class ExitsTests {

	@Test
	void anExitCodeAboveOneHundredTwentyEightNamesItsSignal() {
		assertThat(Exits.describe("exited", 137)).isEqualTo("was killed by signal 9 (SIGKILL), exit code 137");
		assertThat(Exits.describe("exited", 143)).isEqualTo("was killed by signal 15 (SIGTERM), exit code 143");
		assertThat(Exits.describe("exited", 134)).isEqualTo("was killed by signal 6, exit code 134");
		assertThat(Exits.describe("exited", 129)).isEqualTo("was killed by signal 1, exit code 129");
		assertThat(Exits.describe("exited", 192)).isEqualTo("was killed by signal 64, exit code 192");
	}

	@Test
	void otherExitCodesAreSaidAsTheyAre() {
		assertThat(Exits.describe("exited", 1)).isEqualTo("exited with code 1");
		assertThat(Exits.describe("exited", 128)).isEqualTo("exited with code 128");
		assertThat(Exits.describe("exited", 193)).isEqualTo("exited with code 193");
		assertThat(Exits.describe("closed its link", null)).isEqualTo("closed its link");
	}

	@Test
	void exitCodeThreeWithAnOutOfMemoryLineIsOutOfMemory() {
		List<String> output = List.of("working", "Terminating due to java.lang.OutOfMemoryError: Java heap space ");
		assertThat(Exits.outOfMemoryLine(3, List.of(), output))
			.isEqualTo("java.lang.OutOfMemoryError: Java heap space");
		assertThat(Exits.outOfMemoryLine(3, List.of("java.lang.OutOfMemoryError: Metaspace"), List.of()))
			.isEqualTo("java.lang.OutOfMemoryError: Metaspace");
	}

	@Test
	void theLastOutOfMemoryLineWinsAndStandardOutputComesFirst() {
		List<String> output = List.of("java.lang.OutOfMemoryError: first", "java.lang.OutOfMemoryError: last");
		assertThat(Exits.outOfMemoryLine(3, List.of("java.lang.OutOfMemoryError: on stderr"), output))
			.isEqualTo("java.lang.OutOfMemoryError: last");
	}

	@Test
	void neitherAnotherExitCodeNorExitCodeThreeAloneIsOutOfMemory() {
		List<String> output = List.of("java.lang.OutOfMemoryError: Java heap space");
		assertThat(Exits.outOfMemoryLine(1, List.of(), output)).isNull();
		assertThat(Exits.outOfMemoryLine(null, List.of(), output)).isNull();
		assertThat(Exits.outOfMemoryLine(3, List.of("boom"), List.of("bye"))).isNull();
	}

}
