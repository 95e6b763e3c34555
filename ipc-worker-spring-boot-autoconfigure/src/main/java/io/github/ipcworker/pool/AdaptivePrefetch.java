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
 * Adaptive prefetch: how many requests one worker may hold, learnt from its answers.
 * <p>
 * A request costs its worker the handler's run plus a gap it cannot work in: the
 * transport's round trip and the wake-ups on both sides. While the handler is short
 * against that gap, a worker that holds one request at a time idles most of the time, and
 * requests waiting behind it in the group's queue pay the gap each; sending the next ones
 * before the answer arrives lets the worker run them back to back. While the handler is
 * long against the gap, holding more buys nothing and costs fairness: a request held
 * behind a long one waits although another worker may be free. So the limit grows by one
 * while the handler's mean run is under half the gap, halves while it is over the gap,
 * and stays between 1 and {@link #MAX}.
 * <p>
 * A worker that holds requests and has answered nothing for {@link Gauge#stallNs()} seems
 * to run a long one, and gets no more until it answers (see the dispatcher).
 * <p>
 * The gap is measured only on requests that found their worker holding nothing else, so
 * that time spent behind other requests at the worker does not count as transport; while
 * a worker is never idle its last measure stands. Means are exponentially weighted over
 * about the last eight answers.
 */
final class AdaptivePrefetch {

	/** The most requests a worker holds under adaptive prefetch. */
	static final int MAX = 16;

	/** The shortest time without an answer that counts as a stall, in nanoseconds. */
	static final long MIN_STALL_NS = 200_000L;

	/** Weight of the newest sample in the means, as a shift: 1/8. */
	private static final int SHIFT = 3;

	private AdaptivePrefetch() {
	}

	/**
	 * One worker's measures. Not thread-safe: used under the dispatcher's lock.
	 */
	static final class Gauge {

		private long executionNs = -1;

		private long gapNs = -1;

		/**
		 * Learns from one answer and returns the worker's new limit.
		 * @param roundTripNs from the request's hand-over to its answer
		 * @param executionNs how long the handler ran, measured in the worker
		 * @param alone whether the worker held nothing else when it got the request
		 * @param limit the current limit
		 * @return the new limit
		 */
		int answered(long roundTripNs, long executionNs, boolean alone, int limit) {
			long execution = Math.max(0, executionNs);
			this.executionNs = (this.executionNs < 0) ? execution
					: this.executionNs + ((execution - this.executionNs) >> SHIFT);
			if (alone) {
				long gap = Math.max(0, roundTripNs - execution);
				this.gapNs = (this.gapNs < 0) ? gap : this.gapNs + ((gap - this.gapNs) >> SHIFT);
			}
			if (this.gapNs < 0) {
				return limit;
			}
			if (2 * this.executionNs < this.gapNs) {
				return Math.min(limit + 1, MAX);
			}
			if (this.executionNs > this.gapNs) {
				return Math.max(1, limit / 2);
			}
			return limit;
		}

		/**
		 * How long a worker that holds requests may go without an answer before it seems
		 * to run a long one: four of its usual round trips, and at least
		 * {@link #MIN_STALL_NS}.
		 * @return the time, in nanoseconds
		 */
		long stallNs() {
			return Math.max(MIN_STALL_NS, 4 * (Math.max(0, this.executionNs) + Math.max(0, this.gapNs)));
		}

		long executionNs() {
			return this.executionNs;
		}

		long gapNs() {
			return this.gapNs;
		}

	}

}
