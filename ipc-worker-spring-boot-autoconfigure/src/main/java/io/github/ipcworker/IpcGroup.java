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

import java.time.Duration;
import java.util.List;

/**
 * One pool of worker processes serving one {@link IpcWorker @IpcWorker} bean. Groups are
 * started and stopped with the application context; the methods here are for operators
 * and tests that need finer control.
 */
public interface IpcGroup {

	/**
	 * Returns the group's name.
	 * @return the name
	 */
	String name();

	/**
	 * Returns the name of the transport the group's workers are reached over, such as
	 * {@code shm} or {@code zmq}.
	 * @return the transport name
	 */
	String transport();

	/**
	 * Returns the number of worker processes the group keeps.
	 * @return the target number of workers
	 */
	int size();

	/**
	 * Returns a snapshot of the group's worker processes.
	 * @return one entry per worker slot, by index
	 */
	List<IpcWorkerInfo> workers();

	/**
	 * Returns the group's overall state, as health checks report it.
	 * @return the status
	 */
	Status status();

	/**
	 * Returns whether the group is started and accepting requests.
	 * @return whether it is running
	 */
	boolean isRunning();

	/**
	 * Starts the worker processes and waits until all are ready, within
	 * {@code ipc.worker.startup-timeout}. Does nothing when already running.
	 * @throws IpcStartupException when a worker does not become ready
	 */
	void start();

	/**
	 * Stops gracefully: refuses new requests, lets those in flight finish within
	 * {@code ipc.worker.shutdown-timeout}, asks the workers to exit, waits for them,
	 * forces what remains, then releases everything the group holds. Requests still
	 * waiting fail.
	 */
	void stop();

	/**
	 * Waits for the worker processes to end, for example after {@link #stop()} was called
	 * from another thread.
	 * @param timeout how long to wait at most
	 * @return whether every worker process has ended
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean join(Duration timeout) throws InterruptedException;

	/**
	 * Replaces the group's workers one at a time, failing no request: for each worker a
	 * new process starts beside it, takes over once ready, and the old one finishes what
	 * it holds and exits before the next worker's turn. Use it to pick up a new model
	 * file or to shed a slow leak. Returns when every worker has been replaced. Workers
	 * that joined from worker hosts are not restarted (restart their hosts).
	 * @throws IpcException when the group is not running, another restart is under way,
	 * or a new worker fails to start (the rest keep serving as they were)
	 */
	void restart();

	/**
	 * Waits until nothing is queued or in flight in the group: every request sent so far
	 * has ended and its worker is free, like {@code JoinableQueue.join} in Python. A
	 * request that timed out or was cancelled while a worker runs it counts until the
	 * worker finishes it. Useful after closing a {@link IpcClient#mapStream mapStream}
	 * early, and in tests.
	 * @param timeout how long to wait at most
	 * @return whether the group became idle within the timeout
	 * @throws InterruptedException when interrupted while waiting
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException;

	/**
	 * Stops at once: kills the worker processes, fails every pending request and releases
	 * everything the group holds.
	 */
	void terminate();

	/**
	 * The overall state of a group.
	 */
	enum Status {

		/** Every worker process is ready. */
		UP,

		/** Some worker processes are ready, others are starting or being replaced. */
		DEGRADED,

		/**
		 * No worker process is ready, or the workers died too often and the group stopped
		 * replacing them.
		 */
		DOWN,

		/** The group is not running. */
		STOPPED

	}

}
