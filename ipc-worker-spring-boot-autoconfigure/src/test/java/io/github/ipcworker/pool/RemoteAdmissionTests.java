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
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Workers that join a group on their own, from worker hosts: who is let in, what they
 * serve, and what their leaving does.
 */
@Timeout(30)
class RemoteAdmissionTests {

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
		knobs.remoteWorkers = true;
		knobs.maxRestarts = 0;
		knobs.stuckTimeout = Duration.ofSeconds(1);
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool;
	}

	@Test
	void aJoinedWorkerServesAndIsListedAfterTheSlots() {
		SupervisedPool pool = pool(1).started();
		assertThat(pool.acceptingRemotes()).isTrue();
		FakeWorkers.Link remote = pool.join("10.0.0.7:4000");
		assertThat(pool.events.of("started")).containsExactly("started #0 restarts 0", "started #1 restarts 0");
		List<IpcWorkerInfo> infos = pool.group.workers();
		assertThat(infos).hasSize(2);
		assertThat(infos.get(0).address()).isNull();
		assertThat(infos.get(1).index()).isEqualTo(1);
		assertThat(infos.get(1).address()).isEqualTo("10.0.0.7:4000");
		assertThat(infos.get(1).pid()).isEqualTo(remote.process.pid());
		assertThat(infos.get(1).state()).isEqualTo(IpcWorkerInfo.State.READY);
		assertThat(pool.group.liveWorkers()).isEqualTo(2);
		pool.group.submit("a", String.class);
		CompletableFuture<@Nullable Object> second = pool.group.submit("b", String.class);
		assertThat(remote.held).hasSize(1);
		remote.answerOldest();
		assertThat(second).isCompletedWithValue("b");
	}

	@Test
	void aGroupWithOnlyRemoteWorkersServesOnceOneJoined() {
		SupervisedPool pool = pool(0).started();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
		FakeWorkers.Link remote = pool.join("host:1");
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(pool.group.workers()).singleElement().satisfies((info) -> assertThat(info.index()).isZero());
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		remote.answerOldest();
		assertThat(call).isCompletedWithValue("x");
	}

	@Test
	void aWorkerOfAnotherProtocolVersionIsTurnedAway() {
		SupervisedPool pool = pool(1).started();
		pool.workers.autoReady = false;
		FakeWorkers.Link remote = pool.join("host:2");
		remote.deliver(new Frame(FrameType.READY, 0, 0, 0, 0, 0,
				new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION + 1, 1, false).encode()));
		assertThat(SupervisedPool.isClosed(remote)).isTrue();
		assertThat(pool.group.workers()).hasSize(1);
		assertThat(pool.events.of("started")).hasSize(1);
	}

	@Test
	void aWorkerWhoseReadyDoesNotParseIsTurnedAway() {
		SupervisedPool pool = pool(1).started();
		pool.workers.autoReady = false;
		FakeWorkers.Link remote = pool.join("host:3");
		remote.deliver(new Frame(FrameType.READY, 0, 0, 0, 0, 0, new byte[] { 9 }));
		assertThat(SupervisedPool.isClosed(remote)).isTrue();
		assertThat(pool.group.workers()).hasSize(1);
	}

	@Test
	void aWorkerJoiningAStoppedGroupIsTurnedAway() {
		SupervisedPool pool = pool(1).started();
		pool.group.terminate();
		FakeWorkers.Link remote = pool.join("host:4");
		assertThat(SupervisedPool.isClosed(remote)).isTrue();
		assertThat(remote.received).isEmpty();
	}

	@Test
	void aTransportWithoutRemoteWorkersFailsTheStart() {
		SupervisedPool pool = pool(1);
		pool.acceptsRemotes = false;
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("cannot take remote workers over fake: no remote workers here");
		assertThat(pool.group.isRunning()).isFalse();
		assertThat(pool.workers.links.get(0).process.isAlive()).as("its workers killed").isFalse();
		assertThat(pool.workers.isClosed()).isTrue();
	}

	@Test
	void aRemoteWorkerThatLeavesFailsItsCallsAndIsNotReplaced() {
		SupervisedPool pool = pool(1).started();
		FakeWorkers.Link remote = pool.join("host:5");
		pool.group.submit("a", String.class);
		CompletableFuture<@Nullable Object> held = pool.group.submit("b", String.class);
		assertThat(remote.held).hasSize(1);
		remote.breakLink();
		pool.runtime.runReady();
		assertThat(SupervisorTests.failureOf(held)).isInstanceOf(IpcWorkerCrashedException.class);
		assertThat(pool.group.workers()).hasSize(1);
		assertThat(pool.events.of("replaced")).isEmpty();
		assertThat(pool.events.of("exited")).containsExactly("exited #1 crash code null");
	}

	@Test
	void whenTheLastRemoteWorkerOfAGroupThatGaveUpLeavesItsQueuedCallsFail() {
		SupervisedPool pool = pool(1).started();
		FakeWorkers.Link remote = pool.join("host:6");
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
		CompletableFuture<@Nullable Object> held = pool.group.submit("held", String.class);
		CompletableFuture<@Nullable Object> queued = pool.group.submit("queued", String.class);
		assertThat(pool.group.queued()).isOne();
		remote.breakLink();
		pool.runtime.runReady();
		assertThat(SupervisorTests.failureOf(held)).isInstanceOf(IpcWorkerCrashedException.class);
		assertThat(SupervisorTests.failureOf(queued)).isExactlyInstanceOf(IpcException.class)
			.hasMessageContaining("is down");
	}

	@Test
	void aStuckRemoteWorkerLosesItsLink() {
		SupervisedPool pool = pool(0).started();
		FakeWorkers.Link remote = pool.join("host:7");
		pool.group.submit("x", String.class);
		pool.runtime.advance(Duration.ofSeconds(11).toNanos());
		assertThat(SupervisedPool.isClosed(remote)).isTrue();
		assertThat(pool.group.workers()).isEmpty();
	}

}
