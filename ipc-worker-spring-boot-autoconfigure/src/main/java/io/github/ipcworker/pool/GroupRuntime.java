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

/**
 * Time and threads for a group, passed in from outside so that tests can drive both: a
 * test runtime turns the clock by hand and runs scheduled and spawned work on its own
 * thread, which makes a group's behaviour deterministic and its interleavings explorable.
 * <p>
 * {@link #system()} is the runtime of a real application.
 */
public interface GroupRuntime {

	/**
	 * Returns the current time of the group's monotonic clock.
	 * @return nanoseconds, comparable only to other readings of this clock
	 */
	long nanoTime();

	/**
	 * Opens the threads of one group; called when the group starts, closed when it has
	 * stopped.
	 * @param group the group name, for thread names
	 * @return the group's threads
	 */
	Threads open(String group);

	/**
	 * Returns where a subscriber's callbacks run: never on a link's own threads, which
	 * must not wait for user code.
	 * @return the executor for callbacks
	 */
	java.util.concurrent.Executor callbacks();

	/**
	 * Returns the runtime of a real application: {@link System#nanoTime()} and daemon
	 * threads.
	 * @return the system runtime
	 */
	static GroupRuntime system() {
		return SystemGroupRuntime.INSTANCE;
	}

	/**
	 * The threads of one running group.
	 */
	interface Threads {

		/**
		 * Runs a short task once, after a delay. Tasks may run on one shared thread: they
		 * must not block.
		 * @param task the task
		 * @param delayNs the delay in nanoseconds
		 * @return a handle that cancels the task if it has not started
		 */
		Cancellable schedule(Runnable task, long delayNs);

		/**
		 * Runs a task that may block on a full link, one at a time in the order given, so
		 * that requests moved from the queue reach a worker in order without blocking a
		 * thread that must not block (a link's reader).
		 * @param task the task
		 */
		void send(Runnable task);

		/**
		 * Runs a task that waits for processes, such as reaping a dead worker or starting
		 * a replacement, on a thread of its own.
		 * @param name what the task does, for the thread's name
		 * @param task the task
		 */
		void spawn(String name, Runnable task);

		/**
		 * Stops the threads: nothing scheduled runs afterwards. Waits a little for
		 * running tasks.
		 */
		void close();

	}

	/**
	 * Cancels a scheduled task.
	 */
	@FunctionalInterface
	interface Cancellable {

		/** A handle for a task that was never scheduled. */
		Cancellable NONE = () -> {
		};

		/**
		 * Cancels the task if it has not started. Idempotent.
		 */
		void cancel();

	}

}
