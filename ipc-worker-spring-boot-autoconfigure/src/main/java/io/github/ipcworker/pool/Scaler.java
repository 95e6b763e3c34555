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

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Grows and shrinks an elastic group between {@code min-workers} and {@code max-workers}
 * (the group's slots). A tick looks at the queue and the workers: while the oldest queued
 * request has waited longer than {@code scale-up-after}, empty slots get workers, as many
 * as the queue would keep busy; a worker that answered nothing and held nothing for
 * {@code scale-down-after} is retired, one per tick, never below {@code min-workers}. A
 * retired worker finishes nothing (it holds nothing), exits, and leaves its slot empty; a
 * dead one is replaced by the {@link Supervisor} as in any group. A group of fixed size
 * has no scaler tick at all.
 */
final class Scaler {

	private static final Log logger = LogFactory.getLog(Scaler.class);

	/** Restart cause and exit cause of a worker retired for being idle. */
	static final String CAUSE_SCALED_DOWN = "scaled-down";

	/** The shortest tick: the scaler is not meant to react faster than a JVM starts. */
	private static final long MIN_TICK_NS = TimeUnit.MILLISECONDS.toNanos(10);

	/**
	 * How long a failed launch stops scale-ups, so a full disk does not spin launches.
	 */
	private static final Duration LAUNCH_FAILURE_PAUSE = Duration.ofSeconds(5);

	private final GroupSettings settings;

	private final GroupRuntime runtime;

	private final Members members;

	private final Dispatcher dispatcher;

	private final Supervisor supervisor;

	private final GroupObserver observer;

	private final long tickNs;

	/** Slots whose scale-up launch is under way; guarded by this. */
	private final boolean[] launching;

	/** When each idle worker was first seen idle, and what it had served then. */
	private final Map<Worker, long[]> idleSince = new HashMap<>();

	/** The target size last reported; guarded by this. */
	private int target;

	/** No scale-up before this time, after a launch failed; guarded by this. */
	private long pausedUntilNs;

	Scaler(GroupSettings settings, GroupRuntime runtime, Members members, Dispatcher dispatcher, Supervisor supervisor,
			GroupObserver observer) {
		this.settings = settings;
		this.runtime = runtime;
		this.members = members;
		this.dispatcher = dispatcher;
		this.supervisor = supervisor;
		this.observer = observer;
		GroupSettings.Scaling scaling = settings.scaling();
		this.tickNs = Math.max(MIN_TICK_NS,
				Math.min(scaling.scaleUpAfter().toNanos() / 2, scaling.scaleDownAfter().toNanos() / 4));
		this.launching = new boolean[settings.workers()];
		this.target = scaling.minWorkers();
	}

	/** Starts ticking, for an elastic group that has just started. */
	void start() {
		if (this.settings.elastic()) {
			synchronized (this) {
				this.target = this.settings.scaling().minWorkers();
			}
			schedule();
		}
	}

	/** The processes the group aims at now: those in slots and those being launched. */
	synchronized int target() {
		return this.target;
	}

	private void schedule() {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads != null) {
			threads.schedule(this::tick, this.tickNs);
		}
	}

	private void tick() {
		if (this.members.lifecycle() != Members.Lifecycle.RUNNING) {
			return;
		}
		try {
			scale(this.runtime.nanoTime());
		}
		catch (RuntimeException ex) {
			logger.warn("Scaling ipc-worker group '" + this.settings.name() + "' failed; trying again", ex);
		}
		schedule();
	}

	/** One look at the group: grow, or shrink by one. */
	synchronized void scale(long nowNs) {
		Dispatcher.Load load = this.dispatcher.load();
		if (load.queued() > 0 && nowNs - load.oldestQueuedNs() >= this.settings.scaling().scaleUpAfter().toNanos()
				&& nowNs - this.pausedUntilNs >= 0) {
			// Enough workers for the queue, counting those already on their way.
			int wanted = ceilDiv(load.queued(), Math.max(1, this.settings.prefetch())) - load.starting()
					- countLaunching();
			for (int index : load.emptySlots()) {
				if (wanted <= 0) {
					break;
				}
				if (!this.launching[index]) {
					this.launching[index] = true;
					wanted--;
					launch(index);
				}
			}
		}
		else if (load.queued() == 0) {
			retireOneIdle(load, nowNs);
		}
		report(load.queued() > 0 ? "queue" : "idle");
	}

	private void retireOneIdle(Dispatcher.Load load, long nowNs) {
		long downNs = this.settings.scaling().scaleDownAfter().toNanos();
		Map<Worker, long[]> seen = new HashMap<>();
		Worker longest = null;
		long longestNs = -1;
		for (Dispatcher.Idle idle : load.idle()) {
			long[] since = this.idleSince.get(idle.worker());
			if (since == null || since[1] != idle.served()) {
				since = new long[] { nowNs, idle.served() };
			}
			seen.put(idle.worker(), since);
			long idleNs = nowNs - since[0];
			// Among equals the highest slot goes, so the low slots stay filled.
			if (idleNs >= downNs && idleNs >= longestNs) {
				longest = idle.worker();
				longestNs = idleNs;
			}
		}
		this.idleSince.clear();
		this.idleSince.putAll(seen);
		if (longest != null
				&& this.dispatcher.retireIdle(longest, this.settings.scaling().minWorkers(), CAUSE_SCALED_DOWN)) {
			this.idleSince.remove(longest);
			logger.info("Retiring worker " + longest + " of ipc-worker group '" + this.settings.name() + "': idle for "
					+ TimeUnit.NANOSECONDS.toMillis(longestNs) + " ms (scale-down-after)");
		}
	}

	private int countLaunching() {
		int count = 0;
		for (boolean pending : this.launching) {
			count += pending ? 1 : 0;
		}
		return count;
	}

	private void report(String reason) {
		if (this.members.lifecycle() != Members.Lifecycle.RUNNING) {
			return;
		}
		int before = this.target;
		int after = this.members.occupied(this.launching);
		if (after != before) {
			this.target = after;
			logger.info("ipc-worker group '" + this.settings.name() + "' scaled from " + before + " to " + after
					+ " worker(s) (" + reason + ")");
			this.observer.groupScaled(this.settings.name(), before, after, reason);
		}
	}

	private void launch(int index) {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null) {
			this.launching[index] = false;
			return;
		}
		threads.spawn(this.settings.name() + "#" + index + "-scaler", () -> {
			try {
				this.supervisor.scaleUp(index);
			}
			catch (IpcException ex) {
				logger.warn("Could not add worker " + this.settings.name() + "#" + index + ": " + ex.getMessage()
						+ "; no other worker is added for " + LAUNCH_FAILURE_PAUSE.toSeconds() + " s");
				synchronized (this) {
					this.pausedUntilNs = this.runtime.nanoTime() + LAUNCH_FAILURE_PAUSE.toNanos();
				}
			}
			finally {
				synchronized (this) {
					this.launching[index] = false;
				}
			}
		});
	}

	private static int ceilDiv(int a, int b) {
		return (a + b - 1) / b;
	}

}
