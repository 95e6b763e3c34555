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
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.process.ChildCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Program arguments and system properties of the application reach its workers on their
 * standard input, not on their command lines, which every local user can read in
 * {@code /proc/<pid>/cmdline}; the workers still see them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SecretsEndToEndTests {

	private static final String ARGUMENT_SECRET = "s3cr3t-VALUE";

	private static final String SYSTEM_SECRET = "sys-s3cr3t-VALUE";

	@Test
	void noWorkerCommandLineHoldsTheApplicationsArgumentsOrSystemPropertiesYetWorkersSeeThem() throws Exception {
		assumeTrue(Files.isReadable(Path.of("/proc/self/cmdline")),
				"no /proc/<pid>/cmdline on this system: the workers' command lines cannot be read");
		List<String> command = List.of(ChildCommand.javaExecutable().toString(),
				"-D" + SecretsParentMain.SYSTEM_PROPERTY + "=" + SYSTEM_SECRET, "-cp",
				System.getProperty("java.class.path"), SecretsParentMain.class.getName(), "--ipc.worker.workers=1",
				// Two cores shared with other builds: three worker JVMs may start slowly.
				"--ipc.worker.startup-timeout=150s",
				"--" + SecretsParentMain.ARGUMENT_PROPERTY + "=" + ARGUMENT_SECRET);
		Process parent = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<Long> workers = new ArrayList<>();
		try {
			List<String> output = new ArrayList<>();
			CompletableFuture<String> sees = CompletableFuture
				.supplyAsync(() -> readUntilWorkers(parent, output, workers));
			// The command lines are checked as soon as the workers exist, whether or not
			// they become ready.
			await("the parent's three worker processes").atMost(Duration.ofSeconds(120))
				.until(() -> parent.toHandle().descendants().count() >= 3);
			for (ProcessHandle worker : parent.toHandle().descendants().toList()) {
				assertNoSecretOnTheCommandLineOf(worker.pid());
			}
			// The deadline: a parent that never gets its workers ready fails the test.
			String seen;
			try {
				seen = sees.get(200, TimeUnit.SECONDS);
			}
			catch (TimeoutException ex) {
				synchronized (output) {
					throw new AssertionError("the parent's workers did not serve within 200 s; its output: " + output,
							ex);
				}
			}
			assertThat(seen).as("what the calc worker sees; parent output: %s", output)
				.isEqualTo("SEES " + ARGUMENT_SECRET + " " + SYSTEM_SECRET);
			// One worker for each of the application's three groups, shared memory all.
			assertThat(workers).as("worker pids printed by the parent").hasSize(3);
			assertThat(commandLine(parent.pid())).as("the parent's own command line, read the same way")
				.contains(ARGUMENT_SECRET, SYSTEM_SECRET);
			List<Long> descendants = new ArrayList<>(workers);
			parent.toHandle().descendants().map(ProcessHandle::pid).forEach(descendants::add);
			for (long pid : descendants) {
				assertNoSecretOnTheCommandLineOf(pid);
			}
		}
		finally {
			parent.destroyForcibly();
			parent.waitFor(10, TimeUnit.SECONDS);
			for (long pid : workers) {
				ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
			}
		}
	}

	private static void assertNoSecretOnTheCommandLineOf(long pid) throws IOException {
		assertThat(commandLine(pid)).as("command line of worker %d", pid)
			.doesNotContain(ARGUMENT_SECRET)
			.doesNotContain(SYSTEM_SECRET)
			.doesNotContain(SecretsParentMain.ARGUMENT_PROPERTY);
	}

	/** Reads the parent's output up to its WORKERS line; returns its SEES line. */
	private static String readUntilWorkers(Process parent, List<String> output, List<Long> workers) {
		String sees = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = out.readLine()) != null) {
				synchronized (output) {
					output.add(line);
				}
				if (line.startsWith("SEES ")) {
					sees = line;
				}
				if (line.startsWith("WORKERS ")) {
					Arrays.stream(line.substring(8).trim().split(" ")).map(Long::parseLong).forEach(workers::add);
					return sees;
				}
			}
			return "parent ended before its workers served";
		}
		catch (IOException ex) {
			return "parent output unreadable: " + ex;
		}
	}

	/** The command line of a live process, its arguments separated by spaces. */
	private static String commandLine(long pid) throws IOException {
		byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
		return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
	}

}
