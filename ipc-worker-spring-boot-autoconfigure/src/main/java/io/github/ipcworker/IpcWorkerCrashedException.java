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
package io.github.ipcworker;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The worker process handling a request died before answering. Says what is known of the
 * death, so nobody has to dig through logs: the worker's index and pid, how it ended, and
 * the last lines it wrote to its standard error.
 */
public class IpcWorkerCrashedException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final int workerIndex;

	private final long pid;

	private final long requestId;

	private final @Nullable Integer exitCode;

	private final boolean outOfMemory;

	private final List<String> lastErrorLines;

	/**
	 * Creates a failure for a request whose worker died.
	 * @param group the group name
	 * @param workerIndex the index of the worker in its group
	 * @param pid the worker's process id, or {@code -1} when unknown
	 * @param requestId the id of the request, or {@code 0} when none
	 * @param exitCode the process exit code, or {@code null} when it is unknown
	 * @param outOfMemory whether the worker ran out of memory
	 * @param cause a description of how the worker ended
	 * @param lastErrorLines the last lines the worker wrote to standard error
	 */
	public IpcWorkerCrashedException(String group, int workerIndex, long pid, long requestId,
			@Nullable Integer exitCode, boolean outOfMemory, String cause, List<String> lastErrorLines) {
		super(group, message(group, workerIndex, pid, requestId, cause, lastErrorLines));
		this.workerIndex = workerIndex;
		this.pid = pid;
		this.requestId = requestId;
		this.exitCode = exitCode;
		this.outOfMemory = outOfMemory;
		this.lastErrorLines = List.copyOf(lastErrorLines);
	}

	private static String message(String group, int workerIndex, long pid, long requestId, String cause,
			List<String> lastErrorLines) {
		StringBuilder message = new StringBuilder("Worker ").append(group).append('#').append(workerIndex);
		message.append(" (pid ").append(pid).append(") ").append(cause);
		if (requestId != 0) {
			message.append(" while handling request ").append(requestId);
		}
		if (!lastErrorLines.isEmpty()) {
			message.append("; its last standard error lines:");
			lastErrorLines.forEach((line) -> message.append(System.lineSeparator()).append("  ").append(line));
		}
		return message.toString();
	}

	/**
	 * Returns the index of the worker in its group.
	 * @return the worker index
	 */
	public int getWorkerIndex() {
		return this.workerIndex;
	}

	/**
	 * Returns the worker's process id.
	 * @return the pid, or {@code -1} when unknown
	 */
	public long getPid() {
		return this.pid;
	}

	/**
	 * Returns the id of the request that was in the worker.
	 * @return the request id, or {@code 0} when none
	 */
	public long getRequestId() {
		return this.requestId;
	}

	/**
	 * Returns the exit code of the worker process. On Unix a process killed by signal N
	 * reports {@code 128 + N}.
	 * @return the exit code, or {@code null} when unknown
	 */
	public @Nullable Integer getExitCode() {
		return this.exitCode;
	}

	/**
	 * Returns the signal that killed the worker process, read from its exit code on Unix.
	 * @return the signal number, or {@code null} when it was not killed by a signal
	 */
	public @Nullable Integer getSignal() {
		return (this.exitCode != null && this.exitCode > 128 && this.exitCode <= 128 + 64) ? this.exitCode - 128 : null;
	}

	/**
	 * Returns whether the worker ran out of memory. Workers run with
	 * {@code -XX:+ExitOnOutOfMemoryError}, so an exhausted heap ends the process instead
	 * of leaving it half broken.
	 * @return whether the worker ran out of memory
	 */
	public boolean isOutOfMemory() {
		return this.outOfMemory;
	}

	/**
	 * Returns the last lines the worker wrote to standard error.
	 * @return the lines, oldest first
	 */
	public List<String> getLastErrorLines() {
		return this.lastErrorLines;
	}

}
