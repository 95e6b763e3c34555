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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.github.ipcworker.IpcRemoteException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The map window, {@code mapAsync} and {@code awaitIdle} of a real {@link WorkerGroup}
 * over fake workers on a hand-turned runtime, so every step is deterministic: the tests
 * answer the requests one by one and see what the group sends next.
 */
@Timeout(30)
class MapFamilyPoolTests {

	private @Nullable PoolWorld world;

	@AfterEach
	void stopTheGroup() {
		PoolWorld world = this.world;
		if (world != null) {
			world.group.terminate();
			assertThat(world.group.openCalls()).as("calls left open").isZero();
			assertThat(world.runtime.allClosed()).as("threads left open").isTrue();
		}
	}

	private PoolWorld world(PoolWorld world) {
		this.world = world;
		return world.started();
	}

	@Test
	void windowIsTwiceWhatTheWorkersHoldButNoMoreThanTheyAndTheQueueHold() {
		assertThat(new PoolWorld(2, 8, 1, 4, false, 10).group.mapWindow()).isEqualTo(4);
		assertThat(new PoolWorld(3, 64, 2, 4, false, 10).group.mapWindow()).isEqualTo(12);
		assertThat(new PoolWorld(2, 1, 3, 4, false, 10).group.mapWindow()).isEqualTo(7);
	}

	@Test
	void mapAsyncKeepsAtMostAWindowSentAndAnswersInInputOrder() throws Exception {
		PoolWorld world = world(new PoolWorld(2, 8, 1, 4, false, 10));
		List<String> inputs = IntStream.range(0, 20).mapToObj((i) -> "input-" + i).toList();
		CompletableFuture<List<@Nullable Object>> answers = world.group.mapAsync(inputs, String.class, null);
		int most = 0;
		for (int step = 0; step < 200 && !answers.isDone(); step++) {
			most = Math.max(most, world.group.inFlight() + world.group.queued());
			// Answers in an order other than the inputs': the second worker first.
			world.link(step % 2 == 0 ? 1 : 0).answerOldest();
			world.runtime.runReady();
		}
		assertThat(most).isEqualTo(world.group.mapWindow());
		assertThat(answers.get(1, TimeUnit.SECONDS)).isEqualTo(inputs);
		assertThat(world.group.awaitIdle(Duration.ZERO)).isTrue();
	}

	@Test
	void mapAsyncFailsWithTheFirstFailureAndCancelsWhatWaits() throws InterruptedException {
		PoolWorld world = world(new PoolWorld(2, 8, 1, 4, false, 10));
		List<String> inputs = IntStream.range(0, 20).mapToObj((i) -> "input-" + i).toList();
		CompletableFuture<List<@Nullable Object>> answers = world.group.mapAsync(inputs, String.class, null);
		assertThat(world.group.queued()).isEqualTo(2);
		world.link(0).failOldest();
		world.runtime.runReady();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> answers.get(1, TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(IpcRemoteException.class);
		// The first worker took the next queued input with its answer, before the map
		// failed; the last one left the queue. What the workers run counts until they
		// answer.
		assertThat(world.group.queued()).isZero();
		assertThat(world.group.inFlight()).isEqualTo(2);
		assertThat(world.group.awaitIdle(Duration.ZERO)).isFalse();
		world.link(0).answerOldest();
		world.link(1).answerOldest();
		world.runtime.runReady();
		assertThat(world.group.awaitIdle(Duration.ZERO)).isTrue();
		assertThat(world.link(0).received.size() + world.link(1).received.size()).as("frames the workers got")
			.isLessThan(inputs.size());
	}

	@Test
	void cancellingMapAsyncCancelsWhatWaits() {
		PoolWorld world = world(new PoolWorld(1, 8, 1, 4, false, 10));
		CompletableFuture<List<@Nullable Object>> answers = world.group.mapAsync(List.of("a", "b"), String.class, null);
		assertThat(world.group.queued()).isEqualTo(1);
		answers.cancel(false);
		assertThat(world.group.queued()).isZero();
	}

	@Test
	void awaitIdleWakesWhenTheLastAnswerArrivesOnAnotherThread() throws Exception {
		PoolWorld world = world(new PoolWorld(1, 8, 1, 4, false, 10));
		CompletableFuture<@Nullable Object> first = world.group.submit("first", String.class);
		CompletableFuture<@Nullable Object> second = world.group.submit("second", String.class);
		assertThat(world.group.queued()).isEqualTo(1);
		assertThat(world.group.awaitIdle(Duration.ofMillis(10))).isFalse();
		FakeWorkers.Link link = world.link(0);
		Thread worker = new Thread(() -> {
			sleep(100);
			link.answerOldest();
			sleep(100);
			link.answerOldest();
		});
		worker.start();
		try {
			assertThat(world.group.awaitIdle(Duration.ofSeconds(10))).isTrue();
			assertThat(first).isCompletedWithValue("first");
			assertThat(second).isCompletedWithValue("second");
		}
		finally {
			worker.join(5000);
		}
	}

	private static void sleep(long ms) {
		try {
			Thread.sleep(ms);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
