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
package io.github.ipcworker.inprocess;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.e2e.Leftovers;
import io.github.ipcworker.inprocess.InProcessApplication.Done;
import io.github.ipcworker.inprocess.InProcessApplication.Job;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the same application in both modes and logs how long each context took to start
 * and answer its first call. Reported, not asserted: wall-clock limits would fail on a
 * loaded machine. What is asserted is what each mode leaves behind.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModeStartupTimingTests {

	private static final Log logger = LogFactory.getLog(ModeStartupTimingTests.class);

	@Test
	void inProcessContextStartsWithoutWorkerJvmsAndReleasesItsWorkers() throws InterruptedException {
		// A first start loads the classes both modes share, so neither pays for it below.
		long warmUp = startAndClose("in-process");
		long processes = startAndClose("processes");
		int destroyedBefore = InProcessApplication.jobsDestroyed.get();
		// Other test classes' cached contexts of the same application have worker threads
		// of the same names: only this context's must be gone.
		Set<Thread> othersWorkers = workerThreads();
		long inProcess = startAndClose("in-process");
		assertThat(InProcessApplication.jobsDestroyed.get() - destroyedBefore)
			.as("each in-process worker's handler destroyed on close")
			.isEqualTo(2);
		await().atMost(Duration.ofSeconds(10)).until(() -> othersWorkers.containsAll(workerThreads()));
		logger.info(String.format(
				"Context start to first answer: processes %d ms, in-process %d ms (%.1fx faster); warm-up %d ms",
				processes, inProcess, (double) processes / inProcess, warmUp));
	}

	private static Set<Thread> workerThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("ipc-worker-jobs#")
					|| thread.getName().startsWith("ipc-worker-count#"))
			.collect(Collectors.toSet());
	}

	private static long startAndClose(String mode) throws InterruptedException {
		long start = System.nanoTime();
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InProcessApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.mode=" + mode);
		long elapsedMs;
		try {
			Done done = context.getBean(IpcClient.class).call("jobs", new Job("add", 1, 2), Done.class);
			elapsedMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
			assertThat(done.value()).isEqualTo(3);
			List<ProcessHandle> children = ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList();
			if (mode.equals("in-process")) {
				assertThat(children).as("worker JVMs in in-process mode").isEmpty();
			}
			else {
				assertThat(children).as("worker JVMs in processes mode").hasSize(3);
			}
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
		return elapsedMs;
	}

}
