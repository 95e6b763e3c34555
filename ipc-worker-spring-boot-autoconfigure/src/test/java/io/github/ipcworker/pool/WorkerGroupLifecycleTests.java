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

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group's face and lifecycle: what it reports, what start, stop, terminate and join do,
 * and that a stopped group holds nothing and starts again.
 */
@Timeout(30)
class WorkerGroupLifecycleTests {

	private final List<SupervisedPool> pools = new ArrayList<>();

	@AfterEach
	void terminate() {
		for (SupervisedPool pool : this.pools) {
			pool.terminateAndCheck();
		}
	}

	private SupervisedPool pool(int workers) {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = workers;
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool;
	}

	@Test
	void itDescribesItselfAndCountsItsWork() {
		SupervisedPool pool = pool(1);
		assertThat(pool.group.name()).isEqualTo("pool");
		assertThat(pool.group.transport()).isEqualTo("fake");
		assertThat(pool.group.size()).isOne();
		assertThat(pool.group).hasToString("WorkerGroup[pool, 1 x fake]");
		assertThat(pool.group.isRunning()).isFalse();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.STOPPED);
		pool.started();
		assertThat(pool.group.isRunning()).isTrue();
		assertThat(pool.group.liveWorkers()).isOne();
		pool.group.submit("a", String.class);
		pool.group.submit("b", String.class);
		assertThat(pool.group.inFlight()).isOne();
		assertThat(pool.group.queued()).isOne();
		assertThat(pool.group.openCalls()).isEqualTo(2);
	}

	@Test
	void beforeItStartsEachSlotShowsAsStopped() {
		SupervisedPool pool = pool(2);
		assertThat(pool.group.workers()).hasSize(2).allSatisfy((info) -> {
			assertThat(info.state()).isEqualTo(IpcWorkerInfo.State.STOPPED);
			assertThat(info.pid()).isEqualTo(-1);
		});
		assertThat(pool.group.workers()).extracting(IpcWorkerInfo::index).containsExactly(0, 1);
		pool.started();
		assertThat(pool.group.workers()).extracting(IpcWorkerInfo::pid)
			.containsExactly(pool.link(0).process.pid(), pool.link(1).process.pid());
	}

	@Test
	void terminateFailsEveryCallSayingWhereItWasAndReleasesEverything() {
		SupervisedPool pool = pool(1).started();
		CompletableFuture<@Nullable Object> held = pool.group.submit("held", String.class);
		CompletableFuture<@Nullable Object> queued = pool.group.submit("queued", String.class);
		FakeWorkers.Link link = pool.link(0);
		pool.group.terminate();
		assertThat(SupervisorTests.failureOf(queued)).isInstanceOf(IpcException.class)
			.hasMessageMatching("ipc-worker group 'pool' terminated before request \\d+ reached a worker");
		assertThat(SupervisorTests.failureOf(held)).isInstanceOf(IpcException.class)
			.hasMessageMatching("ipc-worker group 'pool' terminated before request \\d+ was answered");
		assertThat(link.process.isAlive()).isFalse();
		assertThat(link.process.stdinClosed()).isTrue();
		assertThat(SupervisedPool.isClosed(link)).isTrue();
		assertThat(pool.workers.isClosed()).isTrue();
		assertThat(pool.runtime.allClosed()).isTrue();
		assertThat(pool.group.isRunning()).isFalse();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.STOPPED);
		assertThat(pool.group.workers()).singleElement()
			.satisfies((info) -> assertThat(info.state()).isEqualTo(IpcWorkerInfo.State.STOPPED));
	}

	@Test
	void aTerminatedGroupStartsAgain() {
		SupervisedPool pool = pool(1).started();
		pool.group.terminate();
		pool.runtime.runReady();
		pool.started();
		assertThat(pool.group.isRunning()).isTrue();
		assertThat(pool.workers.live()).hasSize(1);
		CompletableFuture<@Nullable Object> call = pool.group.submit("again", String.class);
		pool.link(0).answerOldest();
		assertThat(call).isCompletedWithValue("again");
	}

	@Test
	void startingARunningGroupAgainChangesNothingAndLeavesNoThreads() {
		SupervisedPool pool = pool(1).started();
		pool.group.start();
		assertThat(pool.workers.links).hasSize(1);
		pool.group.terminate();
		assertThat(pool.runtime.allClosed()).isTrue();
	}

	@Test
	void stopAsksIdleWorkersToExitAndFailsWhatWaited() {
		SupervisedPool pool = pool(1).started();
		pool.group.submit("held", String.class);
		CompletableFuture<@Nullable Object> queued = pool.group.submit("queued", String.class);
		FakeWorkers.Link link = pool.link(0);
		pool.group.stop();
		pool.runtime.runReady();
		assertThat(SupervisorTests.failureOf(queued)).hasMessageContaining("stopped before request");
		assertThat(link.received).extracting(Frame::type).contains(FrameType.SHUTDOWN);
		assertThat(link.process.isAlive()).isFalse();
		assertThat(pool.group.isRunning()).isFalse();
	}

	@Test
	void aStreamingGroupRefusesCallsForOneAnswer() {
		SupervisedPool pool = pool(1);
		pool.workers.streaming = true;
		pool.started();
		assertThat(SupervisorTests.failureOf(pool.group.submit("x", String.class)))
			.hasMessageContaining("streams its responses (an IpcStreamHandler); read them with IpcClient.stream");
	}

	@Test
	void joinSaysWhetherEveryProcessEnded() throws InterruptedException {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.maxRestarts = 0;
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		pool.started();
		assertThat(pool.group.join(Duration.ZERO)).isFalse();
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(pool.group.join(Duration.ZERO)).isTrue();
	}

	@Test
	void theStartWaitsForAReadyThatComesLate() throws InterruptedException {
		SupervisedPool pool = pool(1);
		List<Thread> late = new ArrayList<>();
		pool.onStart((link, listener) -> {
			Thread thread = new Thread(() -> {
				try {
					Thread.sleep(30);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				link.ready();
			});
			late.add(thread);
			thread.start();
		});
		pool.started();
		late.get(0).join(5000);
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
	}

}
