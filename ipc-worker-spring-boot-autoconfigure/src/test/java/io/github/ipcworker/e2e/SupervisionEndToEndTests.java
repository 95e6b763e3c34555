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

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import io.github.ipcworker.transport.shm.ShmFiles;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Supervision policies with real worker JVMs: recycling, stuck workers, giving up after
 * too many deaths, retrying on another worker, and the clean-up of a dead application's
 * files at start.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SupervisionEndToEndTests {

	private ConfigurableApplicationContext context;

	private IpcClient ipc;

	private Path staleFile;

	@BeforeAll
	void startApplication() throws Exception {
		// What a parent killed before its workers attached would leave behind.
		long deadPid = deadPid();
		this.staleFile = Files.createFile(ShmFiles.defaultDirectory().resolve("ipcw-" + deadPid + "-0123abcd-old-0"));
		this.context = new SpringApplicationBuilder(SupervisionApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.worker.workers=1", "--ipc.worker.groups.recycled.max-requests-per-worker=5",
					"--ipc.worker.groups.stuck.stuck-timeout=500ms", "--ipc.worker.groups.fragile.max-restarts=1",
					"--ipc.worker.groups.retrying.workers=2", "--ipc.worker.groups.retrying.retry-on-crash=true");
		this.ipc = this.context.getBean(IpcClient.class);
	}

	@AfterAll
	void stopApplication() throws InterruptedException {
		Leftovers.closeAndCheck(this.context);
	}

	@Test
	void filesOfADeadApplicationAreRemovedAtStart() {
		assertThat(this.staleFile).doesNotExist();
	}

	@Test
	void workerIsRecycledAfterItsMaximumRequestsWithoutFailingAny() {
		Set<Long> pids = new LinkedHashSet<>();
		for (int i = 0; i < 16; i++) {
			CalcResult result = this.ipc.call("recycled", CalcRequest.add(i, 1), CalcResult.class,
					Duration.ofSeconds(30));
			assertThat(result.value()).isEqualTo(i + 1);
			pids.add(result.pid());
		}
		// 16 requests, 5 per worker: served by four processes in turn.
		assertThat(pids).hasSize(4);
		assertThat(this.ipc.group("recycled").workers().get(0).restarts()).isEqualTo(3);
	}

	@Test
	void workerStuckPastTheTimeoutIsKilledAndReplaced() {
		long stuckPid = this.ipc.group("stuck").workers().get(0).pid();
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> this.ipc.call("stuck",
				new CalcRequest("sleep", 0, 60_000, ""), CalcResult.class, Duration.ofMillis(300)));
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> ProcessHandle.of(stuckPid).map(ProcessHandle::isAlive).orElse(false) == false);
		CalcResult result = this.ipc.call("stuck", CalcRequest.add(1, 2), CalcResult.class, Duration.ofSeconds(30));
		assertThat(result.value()).isEqualTo(3);
		assertThat(result.pid()).isNotEqualTo(stuckPid);
	}

	@Test
	void groupGivesUpAfterTooManyDeathsAndReportsItselfDown() {
		IpcGroup fragile = this.ipc.group("fragile");
		assertThatExceptionOfType(IpcWorkerCrashedException.class)
			.isThrownBy(() -> this.ipc.call("fragile", new CalcRequest("exit", 1, 0, ""), CalcResult.class));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> fragile.status() == IpcGroup.Status.UP);
		assertThatExceptionOfType(IpcWorkerCrashedException.class)
			.isThrownBy(() -> this.ipc.call("fragile", new CalcRequest("exit", 2, 0, ""), CalcResult.class));
		Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> fragile.status() == IpcGroup.Status.DOWN);
		assertThat(fragile.workers()).extracting(IpcWorkerInfo::state).containsOnly(IpcWorkerInfo.State.DEAD);
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> this.ipc.call("fragile", CalcRequest.add(1, 1), CalcResult.class))
			.withMessageContaining("is down")
			.withMessageContaining("exited with code 2");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails fast").isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void requestOfACrashedWorkerIsRetriedOnceOnAnotherWorker(@TempDir Path dir) {
		Path marker = dir.resolve("crashed-once");
		CalcResult result = this.ipc.call("retrying", new CalcRequest("crash-once", 42, 0, marker.toString()),
				CalcResult.class, Duration.ofSeconds(30));
		assertThat(result.value()).isEqualTo(42);
		assertThat(result.text()).isEqualTo("second attempt");
		assertThat(marker).exists();
		assertThat(this.ipc.group("retrying").workers()).extracting(IpcWorkerInfo::restarts).contains(1L);
	}

	private static long deadPid() throws Exception {
		Process process = new ProcessBuilder(io.github.ipcworker.process.ChildCommand.javaExecutable().toString(),
				"-version")
			.redirectErrorStream(true)
			.start();
		process.getInputStream().readAllBytes();
		process.waitFor();
		return process.pid();
	}

}
