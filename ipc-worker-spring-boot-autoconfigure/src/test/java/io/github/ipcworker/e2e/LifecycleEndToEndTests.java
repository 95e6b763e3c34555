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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import io.github.ipcworker.process.ChildCommand;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Starting, stopping and losing the application, with real worker JVMs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LifecycleEndToEndTests {

	@AfterEach
	void noWorkerOutlivesATest() throws InterruptedException {
		Leftovers.closeAndCheck(null);
	}

	@Test
	void workerWhoseConstructorThrowsFailsStartUpWithItsErrorText() throws Exception {
		long start = System.nanoTime();
		Throwable failure = catchThrowable(
				() -> new SpringApplicationBuilder(BrokenApplication.class).web(WebApplicationType.NONE)
					.run("--ipc.worker.startup-timeout=60s"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
		assertThat(failure).isNotNull();
		Throwable startup = failure;
		while (startup != null && !(startup instanceof IpcStartupException)) {
			startup = startup.getCause();
		}
		assertThat(startup).as("an IpcStartupException in %s", failure).isNotNull();
		assertThat(startup.getMessage()).contains("broken#0").contains(BrokenApplication.FAILURE);
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure)).hasMessageContaining(BrokenApplication.FAILURE);
		assertThat(Leftovers.filesOfThisProcess(Path.of("/dev/shm"))).isEmpty();
	}

	@Test
	void stopReleasesProcessesFilesAndThreads() throws Exception {
		List<String> threadsBefore = Leftovers.ipcWorkerThreads();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.workers=1");
		IpcClient ipc = context.getBean(IpcClient.class);
		List<Long> pids = new ArrayList<>();
		try {
			assertThat(ipc.call("calc", CalcRequest.add(20, 22), CalcResult.class).value()).isEqualTo(42);
			assertThat(ipc.call("echo", new byte[] { 1, 2, 3 }, byte[].class)).containsExactly(1, 2, 3);
			ipc.groups().forEach((group) -> group.workers().forEach((worker) -> pids.add(worker.pid())));
			assertThat(pids).hasSize(3);
			// The worker defaults: exit on OOM (to be replaced), no perf-data sampling.
			assertThat(ProcessHandle.of(pids.get(0)).flatMap((worker) -> worker.info().arguments())).hasValueSatisfying(
					(arguments) -> assertThat(arguments).contains("-XX:+ExitOnOutOfMemoryError", "-XX:-UsePerfData"));
		}
		finally {
			context.close();
		}
		for (long pid : pids) {
			assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("worker %d alive", pid)
				.isNotEqualTo(java.util.Optional.of(true));
		}
		assertThat(Leftovers.filesOfThisProcess(Path.of("/dev/shm"))).isEmpty();
		// The stop thread calls the context back as its last act; let it end.
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Leftovers.ipcWorkerThreads()).as("ipc-worker threads after stop")
				.containsExactlyInAnyOrderElementsOf(threadsBefore));
		ipc.groups().forEach((group) -> assertThat(group.isRunning()).isFalse());
	}

	@Test
	void killedParentLeavesNoWorkerRunningFiveSecondsLater() throws Exception {
		assertNoWorkerOutlivesItsParent(false);
	}

	@Test
	void killedParentLeavesNoBusyWorkerRunningFiveSecondsLater() throws Exception {
		assertNoWorkerOutlivesItsParent(true);
	}

	private void assertNoWorkerOutlivesItsParent(boolean busy) throws Exception {
		List<String> command = new ArrayList<>(List.of(ChildCommand.javaExecutable().toString(), "-cp",
				System.getProperty("java.class.path"), ParentProcessMain.class.getName(), "--ipc.worker.workers=1"));
		if (busy) {
			command.add("--busy");
		}
		Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<Long> workers = new ArrayList<>();
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			String awaited = busy ? "BUSY" : "WORKERS";
			while ((line = out.readLine()) != null) {
				if (line.startsWith("WORKERS ")) {
					Arrays.stream(line.substring(8).trim().split(" ")).map(Long::parseLong).forEach(workers::add);
				}
				if (line.startsWith(awaited)) {
					break;
				}
			}
			// One worker for each of the application's three groups.
			assertThat(workers).as("worker pids printed by the parent").hasSize(3);
			parent.destroyForcibly();
			assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
			Thread.sleep(5000);
			for (long pid : workers) {
				assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
					.as("worker %d five seconds after its parent was killed", pid)
					.isNotEqualTo(java.util.Optional.of(true));
			}
		}
		finally {
			parent.destroyForcibly();
			for (long pid : workers) {
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

}
