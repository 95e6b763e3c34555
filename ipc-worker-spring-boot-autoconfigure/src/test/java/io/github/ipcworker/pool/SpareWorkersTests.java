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
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code spare-workers} and {@code ready-when}, through a real group over fake workers: a
 * spare takes a dead or recycled worker's slot with no back-off and no start, and a group
 * told to serve with its first ready worker lets the others join as they come.
 */
@Timeout(30)
class SpareWorkersTests {

	private final List<SupervisedPool> pools = new ArrayList<>();

	@AfterEach
	void terminate() {
		for (SupervisedPool pool : this.pools) {
			pool.terminateAndCheck();
			assertThat(pool.workers.links).as("every process ended")
				.allSatisfy((link) -> assertThat(link.process.isAlive()).isFalse());
		}
	}

	private SupervisedPool started(SupervisedPool.Knobs knobs) {
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool.started();
	}

	private static SupervisedPool.Knobs spares(int workers, int spares) {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = workers;
		knobs.spareWorkers = spares;
		return knobs;
	}

	/** A group of two told to serve with its first ready worker; not started yet. */
	private SupervisedPool readyWhenFirst(Duration startupTimeout) {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = 2;
		knobs.readyWhen = GroupSettings.ReadyWhen.FIRST;
		knobs.startupTimeout = startupTimeout;
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool;
	}

	@Test
	void sparesStartWithTheGroupPastItsSlotsAndTakeNoCall() {
		SupervisedPool pool = started(spares(2, 1));
		assertThat(pool.workers.live()).extracting((link) -> link.index).containsExactlyInAnyOrder(0, 1, 2);
		assertThat(pool.group.workers()).extracting(IpcWorkerInfo::index, IpcWorkerInfo::state)
			.containsExactly(tuple(0, IpcWorkerInfo.State.READY), tuple(1, IpcWorkerInfo.State.READY),
					tuple(2, IpcWorkerInfo.State.SPARE));
		assertThat(pool.group.liveWorkers()).as("a spare is not live").isEqualTo(2);
		for (int i = 0; i < 4; i++) {
			pool.group.submit("x" + i, String.class);
		}
		assertThat(pool.link(2).held).as("the spare").isEmpty();
		assertThat(pool.link(0).held.size() + pool.link(1).held.size()).isEqualTo(2);
	}

	@Test
	void aSpareTakesTheSlotOfADeadWorkerAtOnceAndAnotherSpareStarts() {
		SupervisedPool pool = started(spares(1, 1));
		FakeWorkers.Link spare = pool.link(1);
		CompletableFuture<@Nullable Object> lost = pool.group.submit("x", String.class);
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(SupervisorTests.failureOf(lost)).isInstanceOf(IpcWorkerCrashedException.class);
		// No back-off passed: the slot serves again with the spare's process.
		assertThat(pool.group.workers().get(0)).satisfies((info) -> {
			assertThat(info.index()).isZero();
			assertThat(info.state()).isEqualTo(IpcWorkerInfo.State.READY);
			assertThat(info.pid()).isEqualTo(spare.process.pid());
			assertThat(info.restarts()).isEqualTo(1);
		});
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(pool.events.of("replaced")).containsExactly("replaced crash");
		assertThat(pool.events.of("started")).containsExactly("started #0 restarts 0", "started #0 restarts 1");
		CompletableFuture<@Nullable Object> next = pool.group.submit("y", String.class);
		assertThat(spare.held).as("the spare serves the slot").hasSize(1);
		spare.answerOldest();
		assertThat(next).isCompleted();
		// A new spare replaces the one taken.
		assertThat(pool.workers.live()).extracting((link) -> link.index).containsExactlyInAnyOrder(1, 2);
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void theSlotTakesTheSparesEndTooWhenItDiesLater() {
		SupervisedPool pool = started(spares(1, 1));
		FakeWorkers.Link spare = pool.link(1);
		pool.link(0).die();
		pool.runtime.runReady();
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		spare.die();
		pool.runtime.runReady();
		assertThat(SupervisorTests.failureOf(call)).isInstanceOfSatisfying(IpcWorkerCrashedException.class,
				(ex) -> assertThat(ex.getWorkerIndex()).isZero());
		// The second spare took the slot in turn.
		assertThat(pool.group.workers().get(0).pid()).isEqualTo(pool.link(2).process.pid());
		assertThat(pool.events.of("replaced")).containsExactly("replaced crash", "replaced crash");
	}

	@Test
	void aRecycledWorkerHandsItsSlotToASpareWithoutFailingACall() {
		SupervisedPool.Knobs knobs = spares(1, 1);
		knobs.maxRequestsPerWorker = 1;
		SupervisedPool pool = started(knobs);
		FakeWorkers.Link first = pool.link(0);
		FakeWorkers.Link spare = pool.link(1);
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		first.answerOldest();
		pool.runtime.runReady();
		assertThat(call).isCompleted();
		assertThat(first.received).extracting((frame) -> frame.type()).contains(FrameType.SHUTDOWN);
		assertThat(pool.group.workers().get(0)).satisfies((info) -> {
			assertThat(info.pid()).isEqualTo(spare.process.pid());
			assertThat(info.state()).isEqualTo(IpcWorkerInfo.State.READY);
		});
		assertThat(pool.events.of("replaced")).containsExactly("replaced recycled");
	}

	@Test
	void aSpareThatDiedIsNotGivenTheSlotAndTheNextDeathStartsNewSpares() {
		SupervisedPool pool = started(spares(1, 1));
		FakeWorkers.Link spare = pool.link(1);
		spare.die();
		pool.runtime.runReady();
		assertThat(pool.workers.live()).extracting((link) -> link.index).containsExactly(0);
		assertThat(pool.group.workers()).singleElement().satisfies((info) -> assertThat(info.index()).isZero());
		pool.link(0).die();
		pool.runtime.runReady();
		// No spare was ready: the slot waits for its back-off, a new spare starts now.
		assertThat(pool.group.workers()).extracting(IpcWorkerInfo::index, IpcWorkerInfo::state)
			.containsExactly(tuple(0, IpcWorkerInfo.State.DEAD), tuple(2, IpcWorkerInfo.State.SPARE));
		pool.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(pool.group.workers().get(0).state()).isEqualTo(IpcWorkerInfo.State.READY);
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void aGracefulStopAsksSparesToExitToo() {
		SupervisedPool pool = started(spares(1, 1));
		FakeWorkers.Link spare = pool.link(1);
		pool.group.stop();
		pool.runtime.runReady();
		assertThat(spare.received).extracting((frame) -> frame.type()).contains(FrameType.SHUTDOWN);
		assertThat(spare.process.isAlive()).isFalse();
	}

	@Test
	void spareWorkersMayNotBeNegative() {
		SupervisedPool.Knobs knobs = spares(1, -1);
		assertThatThrownBy(knobs::build).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("ipc.worker.spare-workers of group 'pool' must be 0 or more, was -1");
	}

	@Test
	void readyWhenFirstServesWithTheFirstReadyWorkerAndTheOthersJoinLater() {
		SupervisedPool pool = readyWhenFirst(new SupervisedPool.Knobs().startupTimeout);
		pool.onStart((link, listener) -> {
			if (link.index == 1) {
				link.ready();
			}
		});
		pool.started();
		assertThat(pool.group.isRunning()).isTrue();
		assertThat(pool.group.liveWorkers()).isOne();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DEGRADED);
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		assertThat(pool.link(1).held).hasSize(1);
		pool.link(0).ready();
		pool.runtime.runReady();
		assertThat(pool.group.liveWorkers()).isEqualTo(2);
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		pool.link(1).answerOldest();
		assertThat(call).isCompleted();
	}

	@Test
	void readyWhenFirstReplacesAWorkerThatNeverStarts() {
		SupervisedPool pool = readyWhenFirst(Duration.ofMillis(500));
		pool.onStart((link, listener) -> {
			if (link.index == 0 && link.number > 1) {
				link.ready();
			}
			if (link.index == 1) {
				link.ready();
			}
		});
		pool.started();
		FakeWorkers.Link silent = pool.workers.links.get(0);
		pool.runtime.advance(Duration.ofMillis(501).toNanos());
		assertThat(silent.process.isAlive()).as("killed at the startup timeout").isFalse();
		pool.runtime.advance(Duration.ofSeconds(2).toNanos());
		assertThat(pool.group.liveWorkers()).isEqualTo(2);
		assertThat(pool.events.of("exited")).containsExactly("exited #0 crash code 137");
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void readyWhenFirstFailsTheStartWhenNoWorkerStarts() {
		SupervisedPool pool = readyWhenFirst(Duration.ofMillis(50));
		pool.onStart((link, listener) -> {
		});
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("did not become ready within PT0.05S");
		assertThat(pool.group.isRunning()).isFalse();
	}

}
