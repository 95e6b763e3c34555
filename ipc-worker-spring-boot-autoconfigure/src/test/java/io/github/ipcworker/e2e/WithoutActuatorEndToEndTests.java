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
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.ipcworker.process.ChildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The starter in an application without actuator, health or Micrometer: the application,
 * and so its workers, run on the test class path minus those jars. The observability
 * auto-configurations are then skipped by the class conditions Spring Boot reads before
 * loading them, which a filtering class loader in the test JVM cannot show.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WithoutActuatorEndToEndTests {

	private static final List<String> HIDDEN_JARS = List.of("spring-boot-actuator", "spring-boot-health",
			"spring-boot-micrometer", "micrometer-", "HdrHistogram", "LatencyUtils");

	@Test
	void theStarterServesWithoutActuatorHealthOrMicrometer() throws Exception {
		String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
			.filter((entry) -> HIDDEN_JARS.stream().noneMatch(Path.of(entry).getFileName().toString()::startsWith))
			.collect(Collectors.joining(File.pathSeparator));
		Process application = new ProcessBuilder(ChildCommand.javaExecutable().toString(), "-cp", classPath,
				PlainApplicationMain.class.getName(), "--ipc.worker.workers=1")
			.redirectErrorStream(true)
			.start();
		CompletableFuture<List<String>> output = CompletableFuture.supplyAsync(() -> lines(application));
		try {
			assertThat(application.waitFor(90, TimeUnit.SECONDS)).as("application exited").isTrue();
			List<String> lines = output.get(10, TimeUnit.SECONDS);
			assertThat(application.exitValue()).as(String.join(System.lineSeparator(), lines)).isZero();
			assertThat(lines).contains("RESULT 42", "MICROMETER false", "ACTUATOR false", "HEALTH false", "BEANS []");
			List<Long> workers = lines.stream()
				.filter((line) -> line.startsWith("WORKERS "))
				.flatMap((line) -> Arrays.stream(line.substring(8).split(" ")))
				.map(Long::parseLong)
				.toList();
			// One worker for each of the application's three groups.
			assertThat(workers).hasSize(3);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(workers)
					.noneMatch((pid) -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
		}
		finally {
			application.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
			application.destroyForcibly();
		}
	}

	private static List<String> lines(Process process) {
		List<String> lines = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				lines.add(line);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return lines;
	}

}
