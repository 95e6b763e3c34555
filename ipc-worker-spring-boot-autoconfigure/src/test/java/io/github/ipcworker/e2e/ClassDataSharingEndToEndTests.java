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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;
import io.github.ipcworker.e2e.WorkerIdentityApplication.Identity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive of the worker JVMs with real workers, on the JDK the build runs
 * on: the first start of a group writes it when the training worker exits at the graceful
 * stop, and the workers of the next start load their classes from it, as their
 * class-loading log shows. The test run's class path holds directories
 * ({@code target/classes}), which the JDK cannot archive from: the copies in jars are
 * exercised too.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClassDataSharingEndToEndTests {

	/** How the JVM's class-loading log names a class mapped from a dynamic archive. */
	private static final String FROM_ARCHIVE = "source: shared objects file";

	@TempDir
	Path archives;

	@TempDir
	Path logs;

	private ConfigurableApplicationContext context;

	@AfterEach
	void noWorkerOutlivesTheTest() throws InterruptedException {
		Leftovers.closeAndCheck(this.context);
	}

	@Test
	void theFirstStartWritesAnArchiveThatTheWorkersOfTheNextStartLoadTheirClassesFrom() throws Exception {
		this.context = start("first");
		assertThat(ask()).hasSize(2);
		Leftovers.closeAndCheck(this.context);
		this.context = null;
		List<Path> written = files(".jsa");
		assertThat(written).as("archives after the first run").hasSize(1);
		assertThat(files(".tmp-")).as("temporary files after the first run").isEmpty();
		assertThat(loadedFromArchive("first")).as("workers of the first run using an archive").isZero();
		FileTime writtenAt = Files.getLastModifiedTime(written.get(0));

		this.context = start("second");
		assertThat(ask()).hasSize(2);
		assertThat(loadedFromArchive("second")).as("workers of the second run using the archive").isEqualTo(2);
		Leftovers.closeAndCheck(this.context);
		this.context = null;
		assertThat(files(".jsa")).containsExactlyElementsOf(written);
		assertThat(Files.getLastModifiedTime(written.get(0))).as("archive not written again").isEqualTo(writtenAt);
		assertThat(Leftovers.filesOfThisProcess(Path.of("/dev/shm"))).isEmpty();
	}

	private ConfigurableApplicationContext start(String run) {
		// A log of its class loading per worker: the only outside view of where a JVM
		// took a class from.
		return new SpringApplicationBuilder(WorkerIdentityApplication.class).web(WebApplicationType.NONE)
			.run("--ipc.worker.class-data-sharing=auto", "--ipc.worker.class-data-directory=" + this.archives,
					"--logging.level.io.github.ipcworker.process=debug",
					"--ipc.worker.groups.models.jvm-args=-Xlog:class+load=info:file=" + this.logs.resolve(run)
							+ "-{index}.log");
	}

	private List<Identity> ask() {
		return this.context.getBean(IpcClient.class).broadcast("models", "who", Identity.class);
	}

	/** How many workers of a run loaded the worker main class from an archive. */
	private int loadedFromArchive(String run) throws IOException {
		int workers = 0;
		for (int index = 0; index < 2; index++) {
			Path log = this.logs.resolve(run + "-" + index + ".log");
			assertThat(log).exists();
			try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
				if (lines.anyMatch((line) -> line.contains(" " + IpcWorkerMain.class.getName() + " ")
						&& line.contains(FROM_ARCHIVE))) {
					workers++;
				}
			}
		}
		return workers;
	}

	private List<Path> files(String nameContains) throws IOException {
		try (Stream<Path> files = Files.list(this.archives)) {
			return files.filter((file) -> file.getFileName().toString().contains(nameContains)).sorted().toList();
		}
	}

}
