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

import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;

/**
 * A {@link GroupRuntime} driven by hand: its clock moves only when told, and every task
 * (scheduled, sent, spawned, callbacks) runs on the test's thread when the test says so.
 * A group on it is deterministic: one interleaving, chosen by the test.
 */
final class ManualRuntime implements GroupRuntime {

	private long nowNs = 1_000_000_000L;

	private long sequence;

	private final PriorityQueue<Timer> timers = new PriorityQueue<>();

	private final ArrayDeque<Runnable> ready = new ArrayDeque<>();

	private int opened;

	private int closed;

	@Override
	public long nanoTime() {
		return this.nowNs;
	}

	@Override
	public Executor callbacks() {
		return this.ready::add;
	}

	@Override
	public Threads open(String group) {
		this.opened++;
		return new Threads() {

			private boolean shut;

			@Override
			public Cancellable schedule(Runnable task, long delayNs) {
				if (this.shut) {
					return Cancellable.NONE;
				}
				Timer timer = new Timer(ManualRuntime.this.nowNs + Math.max(0, delayNs), ManualRuntime.this.sequence++,
						task);
				ManualRuntime.this.timers.add(timer);
				return () -> timer.cancelled = true;
			}

			@Override
			public void send(Runnable task) {
				if (!this.shut) {
					ManualRuntime.this.ready.add(task);
				}
			}

			@Override
			public void spawn(String name, Runnable task) {
				if (!this.shut) {
					ManualRuntime.this.ready.add(task);
				}
			}

			@Override
			public void close() {
				this.shut = true;
				ManualRuntime.this.closed++;
			}

		};
	}

	/** Runs every task that is ready, and those they make ready, until none is left. */
	void runReady() {
		Runnable task;
		int budget = 100_000;
		while ((task = this.ready.poll()) != null) {
			task.run();
			if (--budget == 0) {
				throw new IllegalStateException("tasks keep making tasks");
			}
		}
	}

	/** Runs the oldest ready task, if any: one step of another thread. */
	boolean runOne() {
		Runnable task = this.ready.poll();
		if (task == null) {
			return false;
		}
		task.run();
		return true;
	}

	/**
	 * Moves the clock and runs the timers that came due, in order, and what they start.
	 */
	void advance(long ns) {
		long until = this.nowNs + ns;
		runReady();
		Timer next;
		while ((next = this.timers.peek()) != null && next.dueNs <= until) {
			this.timers.poll();
			this.nowNs = Math.max(this.nowNs, next.dueNs);
			if (!next.cancelled) {
				next.task.run();
			}
			runReady();
		}
		this.nowNs = until;
	}

	boolean idle() {
		return this.ready.isEmpty();
	}

	/** Whether every set of threads opened was closed again. */
	boolean allClosed() {
		return this.opened == this.closed;
	}

	private static final class Timer implements Comparable<Timer> {

		final long dueNs;

		final long sequence;

		final Runnable task;

		volatile boolean cancelled;

		Timer(long dueNs, long sequence, Runnable task) {
			this.dueNs = dueNs;
			this.sequence = sequence;
			this.task = task;
		}

		@Override
		public int compareTo(Timer other) {
			int byTime = Long.compare(this.dueNs, other.dueNs);
			return (byTime != 0) ? byTime : Long.compare(this.sequence, other.sequence);
		}

	}

}
