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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What tests check after a group stopped: child processes, files in the shared-memory
 * directory, threads.
 */
public final class Leftovers {

	private Leftovers() {
	}

	/**
	 * Returns the live descendants of this JVM, waiting up to a deadline for them to end.
	 * @param deadline how long to wait
	 * @return the processes still alive after the deadline
	 * @throws InterruptedException when interrupted
	 */
	public static List<ProcessHandle> descendantsAfter(Duration deadline) throws InterruptedException {
		long end = System.nanoTime() + deadline.toNanos();
		List<ProcessHandle> alive;
		do {
			alive = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList();
			if (alive.isEmpty()) {
				return alive;
			}
			Thread.sleep(50);
		}
		while (System.nanoTime() < end);
		return alive;
	}

	/**
	 * Closes an application, then checks that none of its worker processes outlived it:
	 * whatever is left is killed, so one failed test does not leak into the others, and
	 * the check fails.
	 * @param context the application, or {@code null} when it never started
	 * @throws InterruptedException when interrupted while waiting
	 */
	public static void closeAndCheck(@Nullable ConfigurableApplicationContext context) throws InterruptedException {
		if (context != null) {
			context.close();
		}
		List<ProcessHandle> left = descendantsAfter(Duration.ofSeconds(10));
		killDescendants();
		assertThat(left).as("worker processes left after the application closed").isEmpty();
	}

	/**
	 * Kills every descendant, so that one failed test does not leak into the others.
	 */
	public static void killDescendants() {
		ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
	}

	/**
	 * Returns the files this JVM owns in a directory, by the ipc-worker naming scheme.
	 * @param directory the directory
	 * @return the file names
	 * @throws IOException when the directory cannot be listed
	 */
	public static List<String> filesOfThisProcess(Path directory) throws IOException {
		if (!Files.isDirectory(directory)) {
			return List.of();
		}
		String prefix = "ipcw-" + ProcessHandle.current().pid() + "-";
		try (Stream<Path> files = Files.list(directory)) {
			return files.map((path) -> path.getFileName().toString())
				.filter((name) -> name.startsWith(prefix))
				.toList();
		}
	}

	/**
	 * Returns the names of live ipc-worker threads of this JVM.
	 * @return the thread names
	 */
	public static List<String> ipcWorkerThreads() {
		List<String> names = new ArrayList<>();
		for (Thread thread : Thread.getAllStackTraces().keySet()) {
			if (thread.isAlive() && thread.getName().startsWith("ipc-worker-")) {
				names.add(thread.getName());
			}
		}
		return names;
	}

	/**
	 * Returns the total CPU time a process has used.
	 * @param pid the process id
	 * @return the CPU time, or empty when the process is gone or the platform does not
	 * tell
	 */
	public static Optional<Duration> cpuTime(long pid) {
		return ProcessHandle.of(pid).flatMap((process) -> process.info().totalCpuDuration());
	}

}
