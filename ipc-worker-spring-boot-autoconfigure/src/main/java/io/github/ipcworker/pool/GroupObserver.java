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

import org.jspecify.annotations.Nullable;

/**
 * Sees what happens in groups, for metrics and logs. Called on the threads where things
 * happen; implementations are quick and never throw.
 */
public interface GroupObserver {

	/** An observer that does nothing. */
	GroupObserver NONE = new GroupObserver() {
	};

	/**
	 * A request ended, from the caller's point of view.
	 * @param group the group name
	 * @param transport the transport name
	 * @param outcome how it ended
	 * @param roundTripNs nanoseconds from the call until it ended
	 */
	default void requestCompleted(String group, String transport, Outcome outcome, long roundTripNs) {
	}

	/**
	 * A worker reported how long its handler ran.
	 * @param group the group name
	 * @param transport the transport name
	 * @param executionNs nanoseconds inside the handler, measured in the worker
	 */
	default void handlerExecuted(String group, String transport, long executionNs) {
	}

	/**
	 * A worker process is being replaced.
	 * @param group the group name
	 * @param cause why, a bounded word such as {@code crash}
	 */
	default void workerReplaced(String group, String cause) {
	}

	/**
	 * A worker process reported ready, when its group starts or as a replacement.
	 * @param group the group name
	 * @param index the worker's index in its group
	 * @param pid the worker's process id
	 * @param restarts how many processes of this slot were replaced before this one, 0
	 * for the first
	 * @param startupNs nanoseconds from the launch of the process until it was ready
	 */
	default void workerStarted(String group, int index, long pid, long restarts, long startupNs) {
	}

	/**
	 * A worker process ended.
	 * @param group the group name
	 * @param index the worker's index in its group
	 * @param pid the worker's process id
	 * @param cause {@code stopped} when the group asked it to end, otherwise why it
	 * ended, the words of {@link #workerReplaced}, such as {@code crash}
	 * @param exitCode the process's exit code, or {@code null} when not known
	 */
	default void workerExited(String group, int index, long pid, String cause, @Nullable Integer exitCode) {
	}

	/**
	 * An elastic group changed its target size.
	 * @param group the group name
	 * @param from the worker processes it aimed at before
	 * @param to the worker processes it aims at now
	 * @param reason {@code queue} when requests waited longer than
	 * {@code scale-up-after}, {@code idle} when a worker was idle longer than
	 * {@code scale-down-after}
	 */
	default void groupScaled(String group, int from, int to, String reason) {
	}

	/**
	 * How a request ended.
	 */
	enum Outcome {

		/** The handler answered. */
		SUCCESS,

		/** The handler or the codec failed. */
		ERROR,

		/** No answer in time. */
		TIMEOUT,

		/** The worker died. */
		CRASHED,

		/** The queue stayed full. */
		BUSY,

		/** The caller gave up, or the group stopped before sending it. */
		CANCELLED;

		/**
		 * Returns the tag value of this outcome.
		 * @return the lowercase name
		 */
		public String tagValue() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

}
