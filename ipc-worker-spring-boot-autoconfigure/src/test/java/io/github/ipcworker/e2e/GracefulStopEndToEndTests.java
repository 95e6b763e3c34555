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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A graceful stop with real worker JVMs: the request a worker is running finishes, the
 * one still queued fails at once, and the worker bean's {@code @PreDestroy} runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulStopEndToEndTests {

	@AfterEach
	void noWorkerOutlivesTheTest() throws InterruptedException {
		Leftovers.closeAndCheck(null);
	}

	@Test
	void stopFinishesRunningRequestsFailsQueuedOnesAtOnceAndRunsPreDestroy(@TempDir Path markers) throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WorkerModeApplication.class)
			.web(WebApplicationType.NONE)
			// prefetch=1: the second request must wait in the group's queue, not
			// pipelined
			// behind the running one at the worker, for the stop to fail it at once.
			.run("--" + WorkerModeApplication.MARKERS_PROPERTY + "=" + markers, "--ipc.worker.shutdown-timeout=30s",
					"--ipc.worker.prefetch=1");
		IpcClient ipc = context.getBean(IpcClient.class);
		long workerPid = ipc.call("probe", "pid", Long.class);
		CompletableFuture<Long> running = ipc.submit("probe", "sleep:3000", Long.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> ipc.group("probe").workers().get(0).inFlight() == 1);
		CompletableFuture<Long> queued = ipc.submit("probe", "sleep:1", Long.class);
		Thread stopper = new Thread(context::close, "graceful-stop");
		stopper.start();
		// Queued: fails as soon as the stop begins, long before the running one ends.
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> queued.get(2, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IpcException.class)
			.withMessageContaining("stopped before request");
		assertThat(running.get(30, TimeUnit.SECONDS)).isEqualTo(workerPid);
		stopper.join(60_000);
		assertThat(stopper.isAlive()).isFalse();
		assertThat(markerNames(markers)).contains("worker-predestroy-" + workerPid);
	}

	private static List<String> markerNames(Path markers) throws IOException {
		try (Stream<Path> files = Files.list(markers)) {
			return files.map((file) -> file.getFileName().toString()).toList();
		}
	}

}
