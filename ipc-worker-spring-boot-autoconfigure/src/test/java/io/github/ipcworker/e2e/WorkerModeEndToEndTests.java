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
import io.github.ipcworker.process.LaunchDirectory;
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
import static org.awaitility.Awaitility.await;

/**
 * What a worker process starts of the application, with a real worker JVM: only what its
 * worker bean needs and what is opted in, while the application starts everything. Also
 * what the application's start and stop do with its temporary folders. One application is
 * started for all tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerModeEndToEndTests {

	/** Above any Linux pid_max, so no process ever has it. */
	private static final long DEAD_PID = Integer.MAX_VALUE;

	private static final List<String> WORKER_HOOKS = List.of("dependency-lifecycle", "opted-in-lifecycle",
			"opted-in-started", "opted-in-ready", "opted-in-scheduled");

	private static final List<String> APPLICATION_HOOKS = List.of("application-lifecycle", "application-started",
			"application-ready", "application-scheduled");

	private final Path temporary = Path.of(System.getProperty("java.io.tmpdir"));

	private Path markers;

	private Path staleFolder;

	private ConfigurableApplicationContext context;

	@BeforeAll
	void startApplication(@TempDir Path markers) throws IOException {
		this.markers = markers;
		// Left by an application killed before it could remove it: its pid is gone and
		// nobody holds its lock.
		this.staleFolder = Files.createDirectory(this.temporary.resolve("ipcw-" + DEAD_PID + "-" + System.nanoTime()));
		Files.createFile(this.staleFolder.resolve(LaunchDirectory.LOCK_FILE_NAME));
		Files.createFile(this.staleFolder.resolve("classpath.args"));
		this.context = new SpringApplicationBuilder(WorkerModeApplication.class).web(WebApplicationType.NONE)
			.run("--" + WorkerModeApplication.MARKERS_PROPERTY + "=" + this.markers);
	}

	@AfterAll
	void stopApplication() throws IOException, InterruptedException {
		try {
			Leftovers.closeAndCheck(this.context);
			assertThat(foldersOfThisProcess()).as("temporary folders of this process after stop").isEmpty();
		}
		finally {
			if (Files.exists(this.staleFolder)) {
				Files.delete(this.staleFolder.resolve(LaunchDirectory.LOCK_FILE_NAME));
				Files.delete(this.staleFolder.resolve("classpath.args"));
				Files.delete(this.staleFolder);
			}
		}
	}

	@Test
	void workerStartsOnlyWhatItsBeanNeedsAndWhatIsOptedInWhileTheApplicationStartsAll() throws Exception {
		long workerPid = this.context.getBean(IpcClient.class).call("probe", "pid", Long.class);
		long parentPid = ProcessHandle.current().pid();
		assertThat(workerPid).isNotEqualTo(parentPid);
		List<String> all = Stream.concat(WORKER_HOOKS.stream(), APPLICATION_HOOKS.stream()).toList();
		// Scheduled jobs run a little after start-up; the worker's ready listeners ran
		// before it reported ready.
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			assertThat(hooksRunBy(parentPid)).containsAll(all);
			assertThat(hooksRunBy(workerPid)).contains("opted-in-scheduled");
		});
		assertThat(hooksRunBy(parentPid)).containsExactlyInAnyOrderElementsOf(all);
		assertThat(hooksRunBy(workerPid)).containsExactlyInAnyOrderElementsOf(WORKER_HOOKS);
	}

	@Test
	void startRemovesTheFoldersOfDeadApplicationsAndKeepsItsOwn() throws IOException {
		assertThat(this.staleFolder).doesNotExist();
		assertThat(foldersOfThisProcess()).singleElement()
			.satisfies((folder) -> assertThat(folder.resolve(LaunchDirectory.LOCK_FILE_NAME)).isRegularFile());
	}

	private List<Path> foldersOfThisProcess() throws IOException {
		String prefix = "ipcw-" + ProcessHandle.current().pid() + "-";
		try (Stream<Path> files = Files.list(this.temporary)) {
			return files.filter((file) -> file.getFileName().toString().startsWith(prefix))
				.filter(Files::isDirectory)
				.toList();
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
