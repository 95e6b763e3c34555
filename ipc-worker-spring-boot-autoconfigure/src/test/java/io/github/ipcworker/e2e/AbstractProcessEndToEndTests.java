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

package io.github.ipcworker.e2e;

import java.time.Duration;
import java.util.List;

import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The end-to-end behaviour with workers in processes of their own: the shared tests, and
 * those that need a worker to be a process, as a crash or an exhausted heap takes only
 * the worker down. In-process, either would take the test JVM with it.
 */
abstract class AbstractProcessEndToEndTests extends AbstractEndToEndTests {

	@Override
	long workersCpuNanos(List<String> groups) {
		long total = 0;
		for (String group : groups) {
			for (long pid : workerPids(group)) {
				total += Leftovers.cpuTime(pid).orElseThrow().toNanos();
			}
		}
		return total;
	}

	@Test
	void crashedWorkerFailsItsRequestWithExitCodeAndLastErrorLineAndIsReplaced() {
		assertThatExceptionOfType(IpcWorkerCrashedException.class)
			.isThrownBy(() -> this.ipc.call("calc", new CalcRequest("exit", 7, 0, ""), CalcResult.class))
			.satisfies((ex) -> {
				assertThat(ex.getExitCode()).isEqualTo(7);
				assertThat(ex.getSignal()).isNull();
				assertThat(ex.isOutOfMemory()).isFalse();
				assertThat(ex.getRequestId()).isPositive();
				assertThat(ex.getPid()).isPositive();
				assertThat(ex.getLastErrorLines()).contains("calc worker exits on request with code 7");
				assertThat(ex.getMessage()).contains("calc#" + ex.getWorkerIndex())
					.contains("exited with code 7")
					.contains("calc worker exits on request with code 7");
			});
		awaitFullGroup("calc");
		assertThat(this.ipc.call("calc", CalcRequest.add(2, 3), CalcResult.class).value()).isEqualTo(5);
	}

	@Test
	void workerThatRunsOutOfMemorySaysSo() {
		assertThatExceptionOfType(IpcWorkerCrashedException.class).isThrownBy(
				() -> this.ipc.call("calc", new CalcRequest("oom", 0, 0, ""), CalcResult.class, Duration.ofSeconds(30)))
			.satisfies((ex) -> {
				assertThat(ex.isOutOfMemory()).isTrue();
				assertThat(ex.getExitCode()).isEqualTo(3);
				assertThat(ex.getMessage()).contains("out of memory").contains("java.lang.OutOfMemoryError");
			});
		awaitFullGroup("calc");
		assertThat(this.ipc.call("calc", CalcRequest.add(2, 2), CalcResult.class).value()).isEqualTo(4);
	}

}
