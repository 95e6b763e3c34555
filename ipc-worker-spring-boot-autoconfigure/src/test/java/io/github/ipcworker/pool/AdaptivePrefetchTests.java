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
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Adaptive prefetch ({@code prefetch=0}) through a real group over a fake worker, on a
 * clock the test turns: the worker's limit grows while its handler is short against the
 * round trip, stays at one for a long handler, and falls back when the handler slows.
 */
@Timeout(30)
class AdaptivePrefetchTests {

	private static final long US = 1_000L;

	private final List<SupervisedPool> pools = new ArrayList<>();

	private final List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();

	@AfterEach
	void terminate() {
		this.pools.forEach(SupervisedPool::terminateAndCheck);
	}

	private SupervisedPool started(int prefetch) {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.prefetch = prefetch;
		knobs.queueSize = 64;
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool.started();
	}

	/** One request alone at the worker: sent, answered after the round trip. */
	private void roundTrip(SupervisedPool pool, long roundTripNs, long executionNs) {
		this.calls.add(pool.group.submit("x", String.class));
		pool.runtime.advance(roundTripNs);
		answerOldest(pool, executionNs);
	}

	private static void answerOldest(SupervisedPool pool, long executionNs) {
		FakeWorkers.Link link = pool.link(0);
		FakeWorkers.Held held = link.oldest();
		assertThat(held).as("a request held").isNotNull();
		link.held.remove(held.id);
		link.deliver(new Frame(FrameType.RESPONSE, 0, 0, held.id, 0, executionNs, held.payload));
	}

	private void submit(SupervisedPool pool, int count) {
		for (int i = 0; i < count; i++) {
			this.calls.add(pool.group.submit("x", String.class));
		}
	}

	@Test
	void aShortHandlerGetsRequestsPipelinedUpToSixteen() {
		SupervisedPool pool = started(0);
		for (int i = 0; i < 20; i++) {
			roundTrip(pool, 100 * US, 1 * US);
		}
		submit(pool, 20);
		assertThat(pool.link(0).held).hasSize(AdaptivePrefetch.MAX);
		assertThat(pool.group.queued()).isEqualTo(4);
	}

	@Test
	void aHandlerLongerThanTheRoundTripKeepsOneRequestAtATime() {
		SupervisedPool pool = started(0);
		for (int i = 0; i < 20; i++) {
			roundTrip(pool, 1100 * US, 1000 * US);
		}
		submit(pool, 5);
		assertThat(pool.link(0).held).hasSize(1);
	}

	@Test
	void aHandlerThatSlowsDownFallsBackToOne() {
		SupervisedPool pool = started(0);
		for (int i = 0; i < 20; i++) {
			roundTrip(pool, 100 * US, 1 * US);
		}
		submit(pool, 16);
		assertThat(pool.link(0).held).hasSize(16);
		// The handler now takes 5 ms: the means follow within a few answers, and the
		// limit halves on each answer while the handler is longer than the gap.
		for (int i = 0; i < 16; i++) {
			pool.runtime.advance(5000 * US);
			answerOldest(pool, 5000 * US);
		}
		assertThat(pool.link(0).held).isEmpty();
		submit(pool, 4);
		assertThat(pool.link(0).held).hasSize(1);
	}

	@Test
	void aWorkerThatStopsAnsweringGetsNoMoreRequests() {
		SupervisedPool pool = started(0);
		for (int i = 0; i < 20; i++) {
			roundTrip(pool, 100 * US, 1 * US);
		}
		submit(pool, 1);
		// The worker runs a long request now: past the stall time (four round trips of
		// 100 us here) it gets nothing more,
		// and what comes waits in the queue for whichever worker answers first.
		pool.runtime.advance(1000 * US);
		submit(pool, 5);
		assertThat(pool.link(0).held).hasSize(1);
		assertThat(pool.group.queued()).isEqualTo(5);
		answerOldest(pool, 1 * US);
		assertThat(pool.link(0).held).as("it answered: fed again").hasSize(5);
	}

	@Test
	void aFixedPrefetchNeverGrows() {
		SupervisedPool pool = started(1);
		for (int i = 0; i < 20; i++) {
			roundTrip(pool, 100 * US, 1 * US);
		}
		submit(pool, 5);
		assertThat(pool.link(0).held).hasSize(1);
	}

	@Test
	void onlyRequestsThatFoundTheWorkerIdleMeasureTheGap() {
		AdaptivePrefetch.Gauge gauge = new AdaptivePrefetch.Gauge();
		assertThat(gauge.answered(100 * US, 10 * US, false, 1)).as("no gap known yet").isEqualTo(1);
		assertThat(gauge.gapNs()).isNegative();
		assertThat(gauge.answered(100 * US, 10 * US, true, 1)).isEqualTo(2);
		assertThat(gauge.gapNs()).isEqualTo(90 * US);
		// A request that waited behind others at the worker: its long round trip is not
		// transport, and leaves the gap as it was.
		assertThat(gauge.answered(900 * US, 10 * US, false, 2)).isEqualTo(3);
		assertThat(gauge.gapNs()).isEqualTo(90 * US);
		// Between half the gap and the gap: the limit holds.
		for (int i = 0; i < 40; i++) {
			gauge.answered(150 * US, 60 * US, true, 3);
		}
		assertThat(gauge.answered(150 * US, 60 * US, true, 3)).isEqualTo(3);
	}

}
