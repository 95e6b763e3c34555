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
import java.util.ArrayDeque;

/**
 * Decides how a group answers the deaths of its workers: replace at once, replace after a
 * back-off that grows while a slot keeps failing fast, or give up when the group sees
 * more than {@code max-restarts} deaths within {@code restart-window}. A group that gave
 * up tries one worker again after {@code restart-cooldown} (half-open); when that worker
 * serves, the count starts afresh.
 * <p>
 * Guarded by its own monitor; it never calls out.
 */
final class CrashLoopBreaker {

	/** Longest pause before replacing a worker that keeps dying. */
	static final long MAX_DELAY_NS = Duration.ofSeconds(10).toNanos();

	/** A worker that lived shorter than this before dying counts as failing fast. */
	static final long FAST_FAILURE_NS = Duration.ofSeconds(10).toNanos();

	/** First pause after a fast failure; doubles with each one after it. */
	static final long FIRST_DELAY_NS = Duration.ofMillis(200).toNanos();

	/** The answer for a group that gives up. */
	static final long GIVE_UP = -1;

	private final int maxRestarts;

	private final long windowNs;

	private final ArrayDeque<Long> deaths = new ArrayDeque<>();

	private final int[] fastFailures;

	private boolean open;

	/** Whether one worker is on trial after a give-up: its death gives up again. */
	private boolean trial;

	CrashLoopBreaker(int slots, int maxRestarts, Duration window) {
		this.maxRestarts = maxRestarts;
		this.windowNs = window.toNanos();
		this.fastFailures = new int[slots];
	}

	/**
	 * Counts a death of the worker of a slot.
	 * @param slot the slot
	 * @param nowNs the time of the death
	 * @param livedNs how long the worker lived
	 * @return the delay before its replacement in nanoseconds, or {@link #GIVE_UP}
	 */
	synchronized long death(int slot, long nowNs, long livedNs) {
		this.deaths.addLast(nowNs);
		while (!this.deaths.isEmpty() && nowNs - this.deaths.peekFirst() > this.windowNs) {
			this.deaths.removeFirst();
		}
		if (this.open || this.trial || this.deaths.size() > this.maxRestarts) {
			this.open = true;
			this.trial = false;
			return GIVE_UP;
		}
		boolean fast = livedNs < FAST_FAILURE_NS;
		this.fastFailures[slot] = fast ? this.fastFailures[slot] + 1 : 0;
		int failures = this.fastFailures[slot];
		return (failures == 0) ? 0 : Math.min(MAX_DELAY_NS, FIRST_DELAY_NS << Math.min(failures - 1, 10));
	}

	/** Deaths counted within the window, for messages. */
	synchronized int recentDeaths() {
		return this.deaths.size();
	}

	/** Whether the group gave up. */
	synchronized boolean isOpen() {
		return this.open;
	}

	/**
	 * Lets the group try one worker again after the cool-down, or at once after a reset;
	 * its death gives up again at once.
	 */
	synchronized void halfOpen() {
		this.open = false;
		this.trial = true;
	}

	/** Whether a worker is on trial. */
	synchronized boolean onTrial() {
		return this.trial;
	}

	/** A worker served again: deaths count from zero. */
	synchronized void close() {
		this.open = false;
		this.trial = false;
		this.deaths.clear();
		java.util.Arrays.fill(this.fastFailures, 0);
	}

}
