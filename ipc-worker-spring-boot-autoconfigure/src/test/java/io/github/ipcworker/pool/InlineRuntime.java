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
 * the test's own threads, where a model checker can interleave it with the others. Timers
 * are recorded and never run, and the clock stands still: no deadline passes and no
 * replacement starts while the interleaving is explored.
 * <p>
 * Running a send task inline gives up its order with other sends, which the send thread
 * keeps; the fakes never refuse {@code trySend} in these scenarios, so nothing is sent
 * through it.
 */
final class InlineRuntime implements GroupRuntime {

	private final List<Runnable> timers = new ArrayList<>();

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
				synchronized (InlineRuntime.this) {
					InlineRuntime.this.timers.add(task);
				}
				return Cancellable.NONE;
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

	/** How many timers were set; none of them ran. */
	synchronized int timers() {
		return this.timers.size();
	}

	/** Whether every set of threads opened was closed again. */
	synchronized boolean allClosed() {
		return this.opened == this.closed;
	}

}
