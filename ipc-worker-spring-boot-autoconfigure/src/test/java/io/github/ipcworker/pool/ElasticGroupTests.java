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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * An elastic group (min-workers below max-workers) on in-memory workers and a hand-turned
 * clock: it starts with its minimum, adds workers while requests wait longer than
 * {@code scale-up-after}, and retires workers idle for {@code scale-down-after}, never
 * below the minimum, failing no call.
 */
class ElasticGroupTests {

	private @Nullable SupervisedPool pool;

	@AfterEach
	void terminate() {
		if (this.pool != null) {
			this.pool.terminateAndCheck();
		}
	}

	private SupervisedPool elastic(int min, int max) {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = max;
		knobs.minWorkers = min;
		knobs.queueSize = 16;
		SupervisedPool pool = new SupervisedPool(knobs).started();
		this.pool = pool;
		return pool;
	}

	@Test
	void itStartsWithItsMinimum() {
		SupervisedPool pool = elastic(1, 3);
		assertThat(pool.workers.live()).hasSize(1);
		assertThat(pool.group.size()).isEqualTo(1);
		assertThat(pool.group.workers()).singleElement()
			.extracting(IpcWorkerInfo::state)
			.isEqualTo(IpcWorkerInfo.State.READY);
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
	}

	@Test
	void aBurstGrowsItToTheMaximumAndIdleShrinksItBackWithoutFailingACall() {
		SupervisedPool pool = elastic(1, 3);
		List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			calls.add(pool.group.submit("r" + i, String.class));
		}
		// Requests waiting less than scale-up-after add nobody.
		pool.runtime.advance(Duration.ofMillis(60).toNanos());
		assertThat(pool.workers.live()).hasSize(1);
		pool.runtime.advance(Duration.ofMillis(60).toNanos());
		assertThat(pool.workers.live()).as("grown to max-workers, not past it").hasSize(3);
		assertThat(pool.group.size()).isEqualTo(3);
		assertThat(pool.events.of("scaled")).containsExactly("scaled 1 to 3 queue");
		// Every worker got a request at once; two still wait.
		assertThat(pool.workers.live()).allSatisfy((link) -> assertThat(link.held).hasSize(1));
		answerAll(pool);
		assertThat(calls).allSatisfy((call) -> assertThat(call).isCompleted());
		for (int i = 0; i < calls.size(); i++) {
			assertThat(calls.get(i)).isCompletedWithValue("r" + i);
		}
		// Idle: one worker retired per tick once scale-down-after passed, down to the
		// minimum.
		pool.runtime.advance(Duration.ofMillis(900).toNanos());
		assertThat(pool.workers.live()).hasSize(3);
		pool.runtime.advance(Duration.ofMillis(500).toNanos());
		assertThat(pool.workers.live()).as("back to min-workers").hasSize(1);
		assertThat(pool.group.size()).isEqualTo(1);
		pool.runtime.advance(Duration.ofSeconds(5).toNanos());
		assertThat(pool.workers.live()).as("never below min-workers").hasSize(1);
		assertThat(pool.events.of("scaled")).containsExactly("scaled 1 to 3 queue", "scaled 3 to 2 idle",
				"scaled 2 to 1 idle");
		assertThat(pool.events.of("exited")).hasSize(2).allMatch((line) -> line.contains("scaled-down code 0"));
		assertThat(pool.events.of("replaced")).as("a retired worker is not replaced").isEmpty();
		assertThat(pool.group.violations()).isEmpty();
		assertThat(pool.group.submit("again", String.class)).isNotDone();
		answerAll(pool);
	}

	@Test
	void aRetiredWorkerGetsShutdownAndNoNewRequest() {
		SupervisedPool pool = elastic(1, 2);
		List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
		calls.add(pool.group.submit("a", String.class));
		calls.add(pool.group.submit("b", String.class));
		pool.runtime.advance(Duration.ofMillis(150).toNanos());
		assertThat(pool.workers.live()).hasSize(2);
		answerAll(pool);
		pool.runtime.advance(Duration.ofMillis(1300).toNanos());
		List<FakeWorkers.Link> gone = pool.workers.links.stream().filter((link) -> !link.isServing()).toList();
		assertThat(gone).singleElement().satisfies((link) -> {
			assertThat(link.received).extracting(Frame::type).last().isEqualTo(FrameType.SHUTDOWN);
			assertThat(link.received).extracting(Frame::type).filteredOn(FrameType.REQUEST::equals).hasSize(1);
		});
		assertThat(calls).allSatisfy((call) -> assertThat(call).isCompleted());
	}

	@Test
	void aWorkerThatIsBusyIsNotRetired() {
		SupervisedPool pool = elastic(1, 2);
		pool.group.submit("a", String.class);
		pool.group.submit("b", String.class);
		pool.runtime.advance(Duration.ofMillis(150).toNanos());
		assertThat(pool.workers.live()).hasSize(2);
		// Both hold their request far past scale-down-after.
		pool.runtime.advance(Duration.ofSeconds(3).toNanos());
		assertThat(pool.workers.live()).hasSize(2);
		answerAll(pool);
	}

	@Test
	void aFixedGroupHasNoScaler() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = 2;
		SupervisedPool pool = new SupervisedPool(knobs).started();
		this.pool = pool;
		for (int i = 0; i < 6; i++) {
			pool.group.submit("r" + i, String.class);
		}
		pool.runtime.advance(Duration.ofSeconds(5).toNanos());
		assertThat(pool.workers.live()).hasSize(2);
		assertThat(pool.events.of("scaled")).isEmpty();
		answerAll(pool);
	}

	@Test
	void minWorkersMustBeAtLeastOneAndAtMostMax() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = 2;
		knobs.minWorkers = 0;
		assertThatIllegalArgumentException().isThrownBy(knobs::build).withMessageContaining("min-workers");
		knobs.minWorkers = 3;
		assertThatIllegalArgumentException().isThrownBy(knobs::build).withMessageContaining("at most max-workers (2)");
	}

	/** Answers every request the workers hold, and those the answers let through. */
	private static void answerAll(SupervisedPool pool) {
		boolean answered = true;
		while (answered) {
			answered = false;
			for (FakeWorkers.Link link : pool.workers.live()) {
				while (link.answerOldest()) {
					answered = true;
				}
			}
			pool.runtime.runReady();
		}
	}

}
