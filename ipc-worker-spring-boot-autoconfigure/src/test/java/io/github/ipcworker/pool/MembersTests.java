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

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcWorkerInfo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who is in a group, unit by unit: the lifecycle's moves, slots and joined workers, and
 * what is counted as live.
 */
class MembersTests {

	private final Members members = new Members(2);

	private static Worker worker(int index, String address, IpcWorkerInfo.State state) {
		Worker worker = new Worker("pool", index, new FakeWorkers().open(index), address, 0, DispatcherBench.NO_EVENTS);
		worker.state = state;
		return worker;
	}

	private final ManualRuntime runtime = new ManualRuntime();

	@Test
	void theLifecycleMovesOnlyForward() {
		assertThat(this.members.isActive()).isFalse();
		assertThat(this.members.markRunning()).as("not starting").isFalse();
		GroupRuntime.Threads threads = this.runtime.open("pool");
		assertThat(this.members.beginStart(threads)).isTrue();
		assertThat(this.members.threads()).isSameAs(threads);
		assertThat(this.members.lifecycle()).isEqualTo(Members.Lifecycle.STARTING);
		assertThat(this.members.isActive()).isTrue();
		assertThat(this.members.beginStart(threads)).as("starting already").isFalse();
		assertThat(this.members.markRunning()).isTrue();
		assertThat(this.members.isActive()).isTrue();
		assertThat(this.members.beginStart(threads)).as("running").isFalse();
		this.members.lifecycle = Members.Lifecycle.STOPPING;
		assertThat(this.members.isActive()).isFalse();
		this.members.markStopped();
		assertThat(this.members.isActive()).isFalse();
		assertThat(this.members.takeThreads()).isSameAs(threads);
		assertThat(this.members.threads()).isNull();
		this.members.down = new IpcException("pool", "down");
		assertThat(this.members.beginStart(threads)).as("a stopped group starts again").isTrue();
		assertThat(this.members.down()).as("and is no longer down").isNull();
	}

	@Test
	void remoteWorkersJoinOnlyARunningGroupAndAreNumberedAfterTheSlots() {
		Worker remote = worker(this.members.nextRemoteIndex(), "host:1", IpcWorkerInfo.State.STARTING);
		assertThat(remote.index).isEqualTo(2);
		assertThat(this.members.nextRemoteIndex()).isEqualTo(3);
		assertThat(this.members.addRemote(remote)).isFalse();
		assertThat(this.members.workers()).isEmpty();
		this.members.lifecycle = Members.Lifecycle.RUNNING;
		assertThat(this.members.addRemote(remote)).isTrue();
		assertThat(this.members.workers()).containsExactly(remote);
		assertThat(this.members.isInSlot(remote)).isFalse();
		assertThat(this.members.forget(remote)).isTrue();
		assertThat(this.members.forget(remote)).isFalse();
		assertThat(this.members.workers()).isEmpty();
	}

	@Test
	void liveCountsReadyWorkersAndOptionallyLaunchedOnesStarting() {
		this.members.lifecycle = Members.Lifecycle.RUNNING;
		Worker ready = worker(0, null, IpcWorkerInfo.State.READY);
		Worker starting = worker(1, null, IpcWorkerInfo.State.STARTING);
		Worker remoteStarting = worker(2, "host:1", IpcWorkerInfo.State.STARTING);
		this.members.install(ready);
		this.members.install(starting);
		this.members.addRemote(remoteStarting);
		assertThat(this.members.live(false)).isOne();
		assertThat(this.members.live(true)).isEqualTo(2);
		assertThat(this.members.current(1)).isSameAs(starting);
		assertThat(this.members.isInSlot(starting)).isTrue();
		assertThat(this.members.isInSlot(worker(1, null, IpcWorkerInfo.State.READY))).as("another incarnation")
			.isFalse();
		assertThat(this.members.workers()).containsExactly(ready, starting, remoteStarting);
		assertThat(this.members.snapshot((worker) -> worker.index)).containsExactly(0, 1, 2);
	}

	@Test
	void onlyLiveWorkersAreMarkedStoppingAndDeadOnesInSlotsAreFound() {
		Worker ready = worker(0, null, IpcWorkerInfo.State.READY);
		Worker dead = worker(1, null, IpcWorkerInfo.State.DEAD);
		this.members.install(ready);
		this.members.install(dead);
		assertThat(this.members.deadInSlots()).containsExactly(dead);
		this.members.markStopping(ready);
		this.members.markStopping(dead);
		Worker stopped = worker(0, null, IpcWorkerInfo.State.STOPPED);
		this.members.markStopping(stopped);
		assertThat(ready.state).isEqualTo(IpcWorkerInfo.State.STOPPING);
		assertThat(dead.state).isEqualTo(IpcWorkerInfo.State.DEAD);
		assertThat(stopped.state).isEqualTo(IpcWorkerInfo.State.STOPPED);
		this.members.retiring.add(ready);
		assertThat(this.members.forget(ready)).as("not a remote").isFalse();
		assertThat(this.members.retiring).isEmpty();
	}

	@Test
	void aGroupThatGaveUpIsDownUntilCleared() {
		IpcException down = new IpcException("pool", "down");
		this.members.down = down;
		assertThat(this.members.down()).isSameAs(down);
		this.members.clearDown();
		assertThat(this.members.down()).isNull();
	}

}
