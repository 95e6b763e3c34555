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
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.context.ContextPropagator;

/**
 * A real {@link WorkerGroup} over {@link FakeWorkers} on a {@link ManualRuntime}: every
 * room is the production one, only processes, links, time and threads are stand-ins.
 */
final class PoolWorld {

	final ManualRuntime runtime = new ManualRuntime();

	final FakeWorkers workers = new FakeWorkers();

	final Outcomes outcomes = new Outcomes();

	final GroupSettings settings;

	final WorkerGroup group;

	PoolWorld(int size, int queueSize, int prefetch, int window, boolean retryOnCrash, int maxRestarts) {
		this.settings = settings(size, queueSize, prefetch, window, retryOnCrash, maxRestarts);
		this.group = new WorkerGroup(this.settings, (settings) -> this.workers, this.workers, new TextCodec(),
				this.outcomes, new AtomicLong()::incrementAndGet, ContextPropagator.NONE, this.runtime);
	}

	/**
	 * The settings of a pool world. Enqueue and shutdown timeouts are 0, so that no
	 * thread of the group ever waits on a condition: a full queue refuses at once and
	 * stopping does not wait for answers.
	 */
	static GroupSettings settings(int size, int queueSize, int prefetch, int window, boolean retryOnCrash,
			int maxRestarts) {
		return new GroupSettings("pool", "poolWorker", "fake", size, queueSize, prefetch, 1 << 16, 1 << 20,
				Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ZERO, Duration.ZERO, window, List.of(),
				new GroupSettings.Supervision(retryOnCrash, maxRestarts, Duration.ofMinutes(1), Duration.ofMinutes(1),
						0, Duration.ofMinutes(1)),
				false);
	}

	static PoolWorld of(int size) {
		return new PoolWorld(size, 8, 1, 4, false, 10);
	}

	PoolWorld started() {
		this.group.start();
		this.runtime.runReady();
		return this;
	}

	FakeWorkers.Link link(int index) {
		return this.workers.live().stream().filter((link) -> link.index == index).findFirst().orElseThrow();
	}

	/** Counts how each request ended, by outcome, as the metrics would. */
	static final class Outcomes implements GroupObserver {

		final ConcurrentHashMap<Outcome, AtomicInteger> counts = new ConcurrentHashMap<>();

		final AtomicInteger replaced = new AtomicInteger();

		@Override
		public void requestCompleted(String group, String transport, Outcome outcome, long roundTripNs) {
			this.counts.computeIfAbsent(outcome, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@Override
		public void workerReplaced(String group, String cause) {
			this.replaced.incrementAndGet();
		}

		int total() {
			return this.counts.values().stream().mapToInt(AtomicInteger::get).sum();
		}

		int of(Outcome outcome) {
			AtomicInteger count = this.counts.get(outcome);
			return (count != null) ? count.get() : 0;
		}

	}

}
