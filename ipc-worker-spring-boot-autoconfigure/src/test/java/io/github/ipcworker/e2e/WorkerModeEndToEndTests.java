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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a worker process starts of the application, with a real worker JVM: only what its
 * worker bean depends on and what is opted in, while the application starts everything.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerModeEndToEndTests {

	private static final List<String> WORKER_HOOKS = List.of("dependency-lifecycle", "opted-in-lifecycle",
			"opted-in-started", "opted-in-ready", "opted-in-scheduled");

	private static final List<String> APPLICATION_HOOKS = List.of("application-lifecycle", "application-started",
			"application-ready", "application-scheduled");

	@TempDir
	Path markers;

	@Test
	void workerStartsOnlyWhatItsBeanNeedsAndWhatIsOptedInWhileTheApplicationStartsAll() throws Exception {
		ConfigurableApplicationContext context = null;
		try {
			context = new SpringApplicationBuilder(WorkerModeApplication.class).web(WebApplicationType.NONE)
				.run("--" + WorkerModeApplication.MARKERS_PROPERTY + "=" + this.markers);
			long workerPid = context.getBean(IpcClient.class).call("probe", "pid", Long.class);
			long parentPid = ProcessHandle.current().pid();
			assertThat(workerPid).isNotEqualTo(parentPid);
			List<String> all = Stream.concat(WORKER_HOOKS.stream(), APPLICATION_HOOKS.stream()).toList();
			// Scheduled jobs run a little after start-up; the worker's ready listeners
			// ran
			// before it reported ready.
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
				assertThat(hooksRunBy(parentPid)).containsAll(all);
				assertThat(hooksRunBy(workerPid)).contains("opted-in-scheduled");
			});
			assertThat(hooksRunBy(parentPid)).containsExactlyInAnyOrderElementsOf(all);
			assertThat(hooksRunBy(workerPid)).containsExactlyInAnyOrderElementsOf(WORKER_HOOKS);
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
	}

	private List<String> hooksRunBy(long pid) throws IOException {
		String suffix = "-" + pid;
		try (Stream<Path> files = Files.list(this.markers)) {
			return files.map((file) -> file.getFileName().toString())
				.filter((name) -> name.endsWith(suffix))
				.map((name) -> name.substring(0, name.length() - suffix.length()))
				.toList();
		}
	}

}
