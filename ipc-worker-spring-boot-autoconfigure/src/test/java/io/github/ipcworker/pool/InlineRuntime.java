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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * A {@link GroupRuntime} for model checking: sent and spawned tasks and callbacks run at
 * once on the thread that hands them over, so every step of the group happens on one of
 * the test's own threads, where a model checker can interleave it with the others. The
 * clock stands still; timers wait until a test thread fires them ({@link #fireTimers()}),
 * so a deadline or a replacement happens at a point the model checker chooses.
 * <p>
 * Running a send task inline gives up its order with other sends, which the send thread
 * keeps; the fakes never refuse {@code trySend} in these scenarios, so nothing is sent
 * through it.
 */
final class InlineRuntime implements GroupRuntime {

	/** Timers set and not yet fired or cancelled. Guarded by this. */
	private final List<Timer> timers = new ArrayList<>();

	private int opened;

	private int closed;

	@Override
	public long nanoTime() {
		return 1_000_000_000L;
	}

	@Override
	public Executor callbacks() {
		return Runnable::run;
	}

	@Override
	public synchronized Threads open(String group) {
		this.opened++;
		return new Threads() {

			@Override
			public Cancellable schedule(Runnable task, long delayNs) {
				Timer timer = new Timer(task);
				synchronized (InlineRuntime.this) {
					InlineRuntime.this.timers.add(timer);
				}
				return timer;
			}

			@Override
			public void send(Runnable task) {
				task.run();
			}

			@Override
			public void spawn(String name, Runnable task) {
				task.run();
			}

			@Override
			public void close() {
				synchronized (InlineRuntime.this) {
					InlineRuntime.this.closed++;
				}
			}

		};
	}

	private final class Timer implements Cancellable {

		final Runnable task;

		Timer(Runnable task) {
			this.task = task;
		}

		@Override
		public void cancel() {
			synchronized (InlineRuntime.this) {
				InlineRuntime.this.timers.remove(this);
			}
		}

	}

	/**
	 * Runs every timer set so far and not cancelled, on the calling thread, as if their
	 * delays had all passed.
	 */
	void fireTimers() {
		List<Timer> due;
		synchronized (this) {
			due = new ArrayList<>(this.timers);
			this.timers.clear();
		}
		for (Timer timer : due) {
			timer.task.run();
		}
	}

	/** Whether every set of threads opened was closed again. */
	synchronized boolean allClosed() {
		return this.opened == this.closed;
	}

}
