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
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.e2e.Leftovers;
import io.github.ipcworker.inprocess.InProcessApplication.Done;
import io.github.ipcworker.inprocess.InProcessApplication.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Supervision of in-process workers: a worker stuck past {@code stuck-timeout} is stopped
 * and replaced, as a worker process would be killed and replaced.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessSupervisionTests {

	@Test
	void stuckWorkerIsInterruptedAndReplacedByOneWithAHandlerOfItsOwn() throws InterruptedException {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(InProcessApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.mode=in-process", "--ipc.worker.groups.jobs.workers=1",
					"--ipc.worker.groups.jobs.stuck-timeout=300ms");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			int created = InProcessApplication.jobsCreated.get();
			InProcessApplication.lastSleeper = null;
			assertThatExceptionOfType(IpcTimeoutException.class)
				.isThrownBy(() -> ipc.call("jobs", new Job("sleep", 1, 30_000), Done.class, Duration.ofMillis(200)));
			await().atMost(Duration.ofSeconds(20)).until(() -> InProcessApplication.jobsCreated.get() > created);
			Done done = ipc.call("jobs", new Job("add", 2, 3), Done.class, Duration.ofSeconds(20));
			assertThat(done.value()).isEqualTo(5);
			assertThat(ipc.group("jobs").workers()).singleElement()
				.satisfies((worker) -> assertThat(worker.restarts()).isEqualTo(1));
			// The stuck handler was interrupted out of its sleep, so its thread ended.
			Thread stuck = InProcessApplication.lastSleeper;
			assertThat(stuck).isNotNull();
			await().atMost(Duration.ofSeconds(10)).until(() -> !stuck.isAlive());
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
	}

}
