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
package io.github.ipcworker.transport.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread of the shared-memory transport waits: it spins, then yields a few times,
 * and only then sleeps, on the doorbell when it waits for frames, or parked for growing
 * periods when it waits for room in a full ring. Spinning answers fast round trips
 * without a wake-up; sleeping keeps idle groups from burning CPU. Not thread-safe.
 */
final class Backoff {

	/**
	 * How long a thread polls before it yields, in nanoseconds. A doorbell wake-up costs
	 * a few tens of microseconds, so a reply that comes within this period is caught far
	 * sooner by spinning; an idle reader spends at most this much CPU after each frame.
	 */
	static final long SPIN_PERIOD_NS = 50_000L;

	/** How many times a thread yields after spinning, before it sleeps. */
	static final int MAX_YIELDS = 8;

	/** First park period of a writer waiting for room, in nanoseconds. */
	static final long MIN_PARK_PERIOD_NS = 20_000L;

	/**
	 * Longest park period of a writer waiting for room, in nanoseconds. A full ring
	 * empties fast while its reader works (a large message crosses in pieces), so the
	 * writer must notice room soon; it also bounds how late it notices that the link was
	 * closed or its deadline passed.
	 */
	static final long MAX_PARK_PERIOD_NS = 100_000L;

	private final long spinNs;

	private boolean spinning;

	private long spinStartNs;

	private int yields;

	private long parkPeriodNs = MIN_PARK_PERIOD_NS;

	/** A back-off that spins {@link #SPIN_PERIOD_NS}. */
	Backoff() {
		this(SPIN_PERIOD_NS);
	}

	/**
	 * A back-off with its own spin period.
	 * @param spinNs how long to spin before yielding, in nanoseconds
	 */
	Backoff(long spinNs) {
		this.spinNs = spinNs;
	}

	/**
	 * Starts over, after the thread found work.
	 */
	void reset() {
		this.spinning = false;
		this.yields = 0;
		this.parkPeriodNs = MIN_PARK_PERIOD_NS;
	}

	/**
	 * Spins or yields once, as long as the spin period and the yields last.
	 * @return {@code false} once both are used up and the caller should sleep
	 */
	boolean spinOrYield() {
		if (!this.spinning) {
			this.spinning = true;
			this.spinStartNs = System.nanoTime();
		}
		if (System.nanoTime() - this.spinStartNs < this.spinNs) {
			Thread.onSpinWait();
			return true;
		}
		if (this.yields < MAX_YIELDS) {
			this.yields++;
			Thread.yield();
			return true;
		}
		return false;
	}

	/**
	 * Waits a little: spins or yields while they last, then parks, each time twice as
	 * long up to {@link #MAX_PARK_PERIOD_NS}.
	 * @param maxNs the longest the call may take, in nanoseconds
	 */
	void idle(long maxNs) {
		if (!spinOrYield()) {
			park(maxNs);
		}
	}

	/**
	 * Parks once, twice as long as the time before, up to {@link #MAX_PARK_PERIOD_NS}.
	 * @param maxNs the longest the call may take, in nanoseconds
	 */
	void park(long maxNs) {
		LockSupport.parkNanos(Math.min(this.parkPeriodNs, maxNs));
		this.parkPeriodNs = Math.min(2 * this.parkPeriodNs, MAX_PARK_PERIOD_NS);
	}

}
