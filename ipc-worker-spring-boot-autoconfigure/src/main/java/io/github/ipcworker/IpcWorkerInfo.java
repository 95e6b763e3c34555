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

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one worker of a group: a slot whose process the group launched, or a
 * worker host that joined the group on its own.
 *
 * @param index the worker's index in its group, from 0
 * @param pid the current process id, or {@code -1} when no process runs
 * @param state the state of the slot
 * @param startedAt when the current process was started, or {@code null}
 * @param requestsServed how many requests the current process has answered
 * @param inFlight how many requests the worker holds now
 * @param restarts how many times the slot's process was replaced
 * @param address where a worker that joined the group on its own (a remote worker host)
 * connects from, or {@code null} for a worker process the group launched
 */
public record IpcWorkerInfo(int index, long pid, State state, @Nullable Instant startedAt, long requestsServed,
		int inFlight, long restarts, @Nullable String address) {

	/**
	 * Creates a snapshot of a worker process the group launched.
	 * @param index the worker's index in its group, from 0
	 * @param pid the current process id, or {@code -1} when no process runs
	 * @param state the state of the slot
	 * @param startedAt when the current process was started, or {@code null}
	 * @param requestsServed how many requests the current process has answered
	 * @param inFlight how many requests the worker holds now
	 * @param restarts how many times the slot's process was replaced
	 */
	public IpcWorkerInfo(int index, long pid, State state, @Nullable Instant startedAt, long requestsServed,
			int inFlight, long restarts) {
		this(index, pid, state, startedAt, requestsServed, inFlight, restarts, null);
	}

	/**
	 * The state of a worker slot.
	 */
	public enum State {

		/** The process is starting and has not reported ready yet. */
		STARTING,

		/** The process is ready and receives requests. */
		READY,

		/** The process is finishing its requests before it exits. */
		STOPPING,

		/** The process died; a replacement may be on its way. */
		DEAD,

		/** No process runs; the group is stopped. */
		STOPPED,

		/**
		 * A spare ({@code spare-workers}): ready and idle, it takes no request until it
		 * takes over the slot of a worker that dies or is recycled. Listed after the
		 * slots, with an index past them.
		 */
		SPARE

	}

}
