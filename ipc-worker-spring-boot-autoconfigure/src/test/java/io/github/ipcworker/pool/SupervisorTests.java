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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcTimeoutException;
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
 * The supervisor through a real group: what a dying, stuck, worn or never-ready worker
 * does to its callers, to the observer and to its slot.
 */
@Timeout(30)
class SupervisorTests {

	private static final long MS = 1_000_000L;

	private final List<SupervisedPool> pools = new ArrayList<>();

	@AfterEach
	void terminate() {
		for (SupervisedPool pool : this.pools) {
			pool.terminateAndCheck();
		}
	}

	private SupervisedPool pool(SupervisedPool.Knobs knobs) {
		SupervisedPool pool = new SupervisedPool(knobs);
		this.pools.add(pool);
		return pool;
	}

	private SupervisedPool started(SupervisedPool.Knobs knobs) {
		return pool(knobs).started();
	}

	static Throwable failureOf(CompletableFuture<?> future) {
		assertThat(future).isCompletedExceptionally();
		try {
			future.get(0, TimeUnit.SECONDS);
			throw new AssertionError("not failed");
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		catch (Exception ex) {
			return ex;
		}
	}

	@Test
	void aCrashFailsItsCallWithTheExitIsReportedAndTheSlotIsRefilledAfterABackOff() {
		SupervisedPool pool = started(new SupervisedPool.Knobs());
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		FakeWorkers.Link dead = pool.link(0);
		dead.die();
		pool.runtime.runReady();
		assertThat(failureOf(call)).isInstanceOfSatisfying(IpcWorkerCrashedException.class, (ex) -> {
			assertThat(ex.getExitCode()).isEqualTo(137);
			assertThat(ex.getWorkerIndex()).isZero();
			assertThat(ex).hasMessageContaining("was killed by signal 9 (SIGKILL), exit code 137");
		});
		assertThat(pool.events.of("exited")).containsExactly("exited #0 crash code 137");
		assertThat(pool.events.of("replaced")).containsExactly("replaced crash");
		assertThat(dead.process.stdinClosed()).as("process released").isTrue();
		assertThat(SupervisedPool.isClosed(dead)).as("link closed").isTrue();
		// It died at once, a fast failure: the first back-off is 200 ms.
		assertThat(pool.workers.live()).isEmpty();
		pool.runtime.advance(199 * MS);
		assertThat(pool.workers.live()).isEmpty();
		pool.runtime.advance(2 * MS);
		assertThat(pool.workers.live()).hasSize(1);
		assertThat(pool.events.of("started")).containsExactly("started #0 restarts 0", "started #0 restarts 1");
		assertThat(pool.events.startupNs).containsOnly(0L);
		assertThat(pool.group.workers()).singleElement().satisfies((info) -> {
			assertThat(info.restarts()).isEqualTo(1);
			assertThat(info.state()).isEqualTo(IpcWorkerInfo.State.READY);
		});
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void anIdleWorkerThatDiesIsACrashToo() {
		SupervisedPool pool = started(new SupervisedPool.Knobs());
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(pool.events.of("exited")).containsExactly("exited #0 crash code 137");
	}

	@Test
	void workersEndedByTerminateExitAsStoppedAndAreNotReplaced() {
		SupervisedPool pool = started(new SupervisedPool.Knobs());
		FakeWorkers.Link link = pool.link(0);
		pool.group.terminate();
		pool.runtime.runReady();
		assertThat(link.process.isAlive()).isFalse();
		assertThat(pool.events.of("exited")).containsExactly("exited #0 stopped code 137");
		assertThat(pool.events.of("replaced")).isEmpty();
	}

	@Test
	void aWorkerWhoseLinkBreaksIsKilledAndItsCallSaysHow() {
		SupervisedPool pool = started(new SupervisedPool.Knobs());
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		FakeWorkers.Link broken = pool.link(0);
		broken.breakLink();
		pool.runtime.runReady();
		assertThat(broken.process.isAlive()).as("killed").isFalse();
		assertThat(failureOf(call)).isInstanceOf(IpcWorkerCrashedException.class)
			.hasMessageContaining("closed its link: java.io.IOException: connection reset");
		// It still ran when it was reaped.
		assertThat(pool.events.of("exited")).containsExactly("exited #0 crash code null");
	}

	@Test
	void aWorkerStuckPastItsTimeoutIsKilledAndItsOtherCallsSaySo() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.prefetch = 2;
		knobs.stuckTimeout = Duration.ofSeconds(1);
		SupervisedPool pool = started(knobs);
		CompletableFuture<@Nullable Object> first = pool.group.submit("first", String.class);
		pool.runtime.advance(9_500 * MS);
		CompletableFuture<@Nullable Object> second = pool.group.submit("second", String.class);
		FakeWorkers.Link stuck = pool.link(0);
		pool.runtime.advance(500 * MS);
		assertThat(failureOf(first)).isInstanceOf(IpcTimeoutException.class);
		assertThat(stuck.isServing()).isTrue();
		pool.runtime.advance(1_000 * MS);
		assertThat(stuck.isServing()).isFalse();
		assertThat(failureOf(second)).isInstanceOf(IpcWorkerCrashedException.class)
			.hasMessageContaining("killed while stuck past its request's timeout");
		assertThat(pool.events.of("exited")).containsExactly("exited #0 timeout code 137");
		assertThat(pool.events.of("replaced")).containsExactly("replaced timeout");
	}

	@Test
	void aWorkerThatAnswersAfterItsCallTimedOutIsNotKilled() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.stuckTimeout = Duration.ofSeconds(1);
		SupervisedPool pool = started(knobs);
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		pool.runtime.advance(Duration.ofSeconds(10).toNanos());
		assertThat(failureOf(call)).isInstanceOf(IpcTimeoutException.class);
		FakeWorkers.Link slow = pool.link(0);
		assertThat(slow.answerOldest()).isTrue();
		pool.runtime.advance(Duration.ofSeconds(5).toNanos());
		assertThat(slow.isServing()).isTrue();
		assertThat(pool.events.of("exited")).isEmpty();
	}

	@Test
	void aGroupThatGivesUpFailsItsQueuedCallsWithTheReason() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.maxRestarts = 0;
		SupervisedPool pool = started(knobs);
		CompletableFuture<@Nullable Object> held = pool.group.submit("held", String.class);
		CompletableFuture<@Nullable Object> queued = pool.group.submit("queued", String.class);
		assertThat(pool.group.queued()).isOne();
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(failureOf(held)).isInstanceOf(IpcWorkerCrashedException.class);
		assertThat(failureOf(queued)).isExactlyInstanceOf(IpcException.class)
			.hasMessageContaining("is down: its workers died more than 0 times")
			.hasMessageContaining("last: pool#0");
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
		assertThat(pool.events.of("replaced")).isEmpty();
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void aTrialWorkerThatServesClosesTheBreakerSoTheNextDeathIsReplaced() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.maxRestarts = 1;
		SupervisedPool pool = started(knobs);
		pool.link(0).die();
		pool.runtime.advance(Duration.ofSeconds(1).toNanos());
		pool.link(0).die();
		pool.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
		pool.runtime.advance(Duration.ofMinutes(1).toNanos());
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		pool.link(0).die();
		pool.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(pool.workers.live()).hasSize(1);
	}

	@Test
	void resetRestartsAGroupThatGaveUpAtOnceAndSaysWhetherItHad() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.workers = 2;
		knobs.maxRestarts = 0;
		SupervisedPool pool = started(knobs);
		assertThat(pool.group.reset()).as("was not down").isFalse();
		pool.link(0).die();
		pool.runtime.runReady();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
		assertThat(pool.group.reset()).isTrue();
		pool.runtime.runReady();
		assertThat(pool.workers.live()).hasSize(2);
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.UP);
		// The deaths count from zero again, but max-restarts 0 still gives up at the
		// next.
		pool.link(1).die();
		pool.runtime.runReady();
		assertThat(pool.group.status()).isEqualTo(IpcGroup.Status.DOWN);
	}

	@Test
	void resetOfAGroupThatIsNotRunningIsRefused() {
		SupervisedPool pool = pool(new SupervisedPool.Knobs());
		assertThatThrownBy(pool.group::reset).isInstanceOf(IpcException.class).hasMessageContaining("is not running");
	}

	@Test
	void aWornWorkerIsRecycledWithoutFailingAnything() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.maxRequestsPerWorker = 1;
		SupervisedPool pool = started(knobs);
		FakeWorkers.Link worn = pool.link(0);
		CompletableFuture<@Nullable Object> call = pool.group.submit("x", String.class);
		worn.answerOldest();
		pool.runtime.runReady();
		assertThat(call).isCompletedWithValue("x");
		assertThat(worn.received).extracting(Frame::type).contains(FrameType.SHUTDOWN);
		assertThat(worn.process.isAlive()).isFalse();
		assertThat(pool.events.of("replaced")).containsExactly("replaced recycled");
		assertThat(pool.events.of("exited")).containsExactly("exited #0 recycled code 0");
		assertThat(pool.workers.live()).hasSize(1).doesNotContain(worn);
		assertThat(pool.group.workers().get(0).restarts()).isEqualTo(1);
		assertThat(pool.group.submit("y", String.class)).isNotDone();
	}

	@Test
	void aLaunchThatFailsClosesTheLinkItOpened() {
		SupervisedPool pool = pool(new SupervisedPool.Knobs());
		pool.workers.launchFails = true;
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("Could not start worker pool#0: no room left for worker 0");
		assertThat(SupervisedPool.isClosed(pool.workers.links.get(0))).isTrue();
		assertThat(pool.group.isRunning()).isFalse();
	}

	@Test
	void aWorkerOfAnotherProtocolVersionFailsTheStart() {
		SupervisedPool pool = pool(new SupervisedPool.Knobs());
		pool.onStart((link, listener) -> link.deliver(new Frame(FrameType.READY, 0, 0, 0, 0, 0,
				new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION + 1, 7, false).encode())));
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("speaks protocol version " + (FrameDescriptor.PROTOCOL_VERSION + 1));
	}

	@Test
	void aStartUpErrorOfTheWorkerIsThrownAsItIs() {
		SupervisedPool pool = pool(new SupervisedPool.Knobs());
		pool.onStart((link, listener) -> link.deliver(new Frame(FrameType.READY, 0, 0, 0, 0, 0, new byte[] { 1 })));
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("sent a READY frame that does not parse")
			.hasMessageNotContaining("failed to start");
	}

	@Test
	@Timeout(10)
	void aWorkerThatNeverReportsReadyFailsTheStartAtTheStartupTimeout() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.startupTimeout = Duration.ofMillis(50);
		SupervisedPool pool = pool(knobs);
		pool.onStart((link, listener) -> {
		});
		long startNs = System.nanoTime();
		assertThatThrownBy(pool.group::start).isInstanceOf(IpcStartupException.class)
			.hasMessageContaining("did not become ready within PT0.05S (ipc.worker.startup-timeout)");
		// The wait is the timeout, measured from now on the group's clock.
		assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(1));
		assertThat(pool.workers.links.get(0).process.isAlive()).as("killed").isFalse();
	}

	@Test
	void aReplacementThatNeverReportsReadyIsKilledAndTriedAgain() {
		SupervisedPool.Knobs knobs = new SupervisedPool.Knobs();
		knobs.startupTimeout = Duration.ofMillis(20);
		SupervisedPool pool = started(knobs);
		pool.onStart((link, listener) -> {
		});
		pool.link(0).die();
		pool.runtime.advance(Duration.ofSeconds(1).toNanos());
		FakeWorkers.Link silent = pool.workers.links.get(1);
		assertThat(silent.process.isAlive()).as("killed").isFalse();
		assertThat(pool.workers.links.size()).as("tried again").isGreaterThan(2);
		assertThat(pool.events.of("exited")).contains("exited #0 crash code 137");
		assertThat(pool.group.violations()).isEmpty();
	}

	@Test
	void violationsNameADeadSlotOfARunningGroupThatNobodyReplaces() {
		GroupSettings settings = new SupervisedPool.Knobs().build();
		CallTable calls = new CallTable("pool", "fake", GroupObserver.NONE, new ManualRuntime(),
				new AtomicLong()::incrementAndGet);
		Members members = new Members(1);
		Dispatcher dispatcher = new Dispatcher(settings, calls, members);
		Worker.Events events = new Worker.Events() {

			@Override
			public void onFrame(Worker worker, Frame frame) {
			}

			@Override
			public void onBadFrame(Worker worker, long requestId, RuntimeException problem) {
			}

			@Override
			public void onLost(Worker worker, String how) {
			}

		};
		Supervisor supervisor = new Supervisor(settings, new ManualRuntime(), new FakeWorkers(), members, dispatcher,
				calls, GroupObserver.NONE, events);
		Worker dead = new Worker("pool", 0, new FakeWorkers().open(0), null, 0, events);
		dead.state = IpcWorkerInfo.State.DEAD;
		members.install(dead);
		members.lifecycle = Members.Lifecycle.RUNNING;
		assertThat(supervisor.violations()).singleElement()
			.asString()
			.contains("slot 0 holds dead pool#0", "not replaced and not counted");
		members.lifecycle = Members.Lifecycle.STOPPING;
		assertThat(supervisor.violations()).isEmpty();
		assertThat(supervisor.restarts(0)).isZero();
		assertThat(supervisor.restarts(5)).as("a remote index").isZero();
	}

}
