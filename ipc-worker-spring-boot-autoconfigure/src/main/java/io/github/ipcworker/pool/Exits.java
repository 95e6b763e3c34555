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
package io.github.ipcworker.pool;

import java.util.List;

import io.github.ipcworker.process.WorkerProcess;
import org.jspecify.annotations.Nullable;

/**
 * Words for how a worker process ended, for logs and the exceptions its callers get.
 */
final class Exits {

	/** Exit code of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
	private static final int EXIT_ON_OUT_OF_MEMORY = 3;

	private Exits() {
	}

	/**
	 * Workers run with {@code -XX:+ExitOnOutOfMemoryError}, which exits with code 3 after
	 * printing the error on standard output.
	 * @return the error's line, or null when the worker did not run out of memory
	 */
	static @Nullable String outOfMemoryLine(@Nullable Integer exitCode, List<String> errorLines,
			List<String> outputLines) {
		if (exitCode == null || exitCode != EXIT_ON_OUT_OF_MEMORY) {
			return null;
		}
		for (List<String> lines : List.of(outputLines, errorLines)) {
			for (int i = lines.size() - 1; i >= 0; i--) {
				String line = lines.get(i);
				int at = line.indexOf("java.lang.OutOfMemoryError");
				if (at >= 0) {
					return line.substring(at).trim();
				}
			}
		}
		return null;
	}

	static String describe(String how, @Nullable Integer exitCode) {
		if (exitCode == null) {
			return how;
		}
		if (exitCode > 128 && exitCode <= 128 + 64) {
			int signal = exitCode - 128;
			return "was killed by signal " + signal + (signal == 9 ? " (SIGKILL)" : (signal == 15 ? " (SIGTERM)" : ""))
					+ ", exit code " + exitCode;
		}
		return "exited with code " + exitCode;
	}

	/** The worker's last standard-error lines, as a sentence's tail; empty if none. */
	static String errorTail(Worker worker) {
		WorkerProcess process = worker.process;
		if (process == null) {
			return "";
		}
		List<String> lines = process.lastErrorLines();
		if (lines.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("; its last standard error lines:");
		for (String line : lines) {
			text.append(System.lineSeparator()).append("  ").append(line);
		}
		return text.toString();
	}

}
