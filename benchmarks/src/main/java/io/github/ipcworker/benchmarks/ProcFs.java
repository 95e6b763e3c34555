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
package io.github.ipcworker.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * What Linux's {@code /proc} tells about a process: its CPU time, its threads' CPU time
 * and its resident memory.
 */
final class ProcFs {

	private static final Path PROC = Path.of("/proc");

	private ProcFs() {
	}

	/**
	 * Returns the CPU time a process has used, all its threads, user and system, as
	 * {@link ProcessHandle.Info#totalCpuDuration()} reports it.
	 * @param pid the process
	 * @return the time in nanoseconds
	 * @throws IllegalStateException when the process is gone or the platform does not say
	 */
	static long cpuNs(long pid) {
		return ProcessHandle.of(pid)
			.flatMap((process) -> process.info().totalCpuDuration())
			.map(Duration::toNanos)
			.orElseThrow(() -> new IllegalStateException("no CPU time for pid " + pid));
	}

	/**
	 * Returns the CPU time of each live thread of a process, from the scheduler's
	 * nanosecond counters, keyed by {@code tid name}. Threads that ended are missing:
	 * this explains where the time went, {@link #cpuNs} measures it.
	 * @param pid the process
	 * @return the time in nanoseconds by thread, empty when {@code /proc} does not tell
	 */
	static Map<String, Long> threadCpuNs(long pid) {
		Map<String, Long> threads = new HashMap<>();
		Path tasks = PROC.resolve(Long.toString(pid)).resolve("task");
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(tasks)) {
			for (Path task : entries) {
				try {
					String schedstat = Files.readString(task.resolve("schedstat"), StandardCharsets.US_ASCII).trim();
					String name = Files.readString(task.resolve("comm"), StandardCharsets.UTF_8).trim();
					long onCpuNs = Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
					threads.put(task.getFileName() + " " + name, onCpuNs);
				}
				catch (IOException | RuntimeException ex) {
					// The thread ended meanwhile.
				}
			}
		}
		catch (IOException ex) {
			return Map.of();
		}
		return threads;
	}

	/**
	 * Returns a process's resident memory.
	 * @param pid the process
	 * @return {@code VmRSS} in bytes
	 * @throws IllegalStateException when it cannot be read
	 */
	static long residentBytes(long pid) {
		try {
			for (String line : Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"))) {
				if (line.startsWith("VmRSS:")) {
					String[] parts = line.substring("VmRSS:".length()).trim().split("\\s+");
					return Long.parseLong(parts[0]) * 1024;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("cannot read the resident memory of pid " + pid, ex);
		}
		throw new IllegalStateException("no VmRSS line for pid " + pid);
	}

}
