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
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.protocol.FrameType;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.ipcworker.pool.DispatcherBench.framesTo;
import static io.github.ipcworker.pool.DispatcherBench.requestsTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dispatcher alone: which worker gets a call, when calls queue, are refused, moved,
 * requeued or stranded, and what it reports of the state it keeps. Every test also checks
 * that the group's lock was given back, since a lock kept by one caller stalls all
 * others.
 */
@Timeout(30)
class DispatcherTests {

	private DispatcherBench bench = DispatcherBench.of(2, 8, 1);

	private final List<Thread> threads = new ArrayList<>();

	@AfterEach
	void lockGivenBackAndThreadsEnded() throws InterruptedException {
		assertThat(this.bench.members.lock.getHoldCount()).as("holds of the group's lock left").isZero();
		for (Thread thread : this.threads) {
			thread.interrupt();
			thread.join(5000);
			assertThat(thread.isAlive()).as(thread + " still runs").isFalse();
		}
	}

	private DispatcherBench bench(DispatcherBench bench) {
		this.bench = bench;
		return bench;
	}

	/** Runs an action on a thread of its own, which may wait in the dispatcher. */
	private CompletableFuture<Void> inBackground(Runnable action) {
		CompletableFuture<Void> done = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				action.run();
				done.complete(null);
			}
			catch (Throwable ex) {
				done.completeExceptionally(ex);
			}
		}, "dispatcher-test");
		this.threads.add(thread);
		thread.start();
		// Waiting in the dispatcher means parked on one of its conditions with a timeout.
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> thread.getState() == Thread.State.TIMED_WAITING || done.isDone());
		assertThat(done).as("returned without waiting").isNotDone();
		return done;
	}

	private static Throwable failureWithin5s(CompletableFuture<?> future) throws Exception {
		try {
			future.get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("did not fail");
	}

	@Nested
	class Choosing {

		@Test
		void theFirstIdleWorkerGetsTheFirstCall() {
			Worker first = DispatcherTests.this.bench.ready(0);
			DispatcherTests.this.bench.ready(1);
			Call call = DispatcherTests.this.bench.dispatched();
			assertThat(call.worker).isSameAs(first);
			assertThat(requestsTo(first)).containsExactly(call.id);
			assertThat(call.attempts).isOne();
			assertThat(DispatcherTests.this.bench.dispatcher.held(first, call.id)).isSameAs(call);
			assertThat(DispatcherTests.this.bench.dispatcher.holder(call)).isSameAs(first);
		}

		@Test
		void theLeastLoadedWorkerGetsACallAndAmongEquallyLoadedTheOneUsedLast() {
			DispatcherBench bench = bench(DispatcherBench.of(2, 8, 2));
			Worker w0 = bench.ready(0);
			Worker w1 = bench.ready(1);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			assertThat(b.worker).as("the idle one").isSameAs(w1);
			assertThat(bench.answered(w0, a.id)).isSameAs(a);
			Call c = bench.dispatched();
			assertThat(c.worker).as("the idle one").isSameAs(w0);
			bench.answered(w1, b.id);
			bench.answered(w0, c.id);
			Call d = bench.dispatched();
			assertThat(d.worker).as("both idle: the one used last").isSameAs(w0);
			assertThat(requestsTo(w0)).containsExactly(a.id, c.id, d.id);
			assertThat(requestsTo(w1)).containsExactly(b.id);
		}

		@Test
		void aWorkerStillStartingOrFullIsPassedOver() {
			DispatcherBench bench = bench(DispatcherBench.of(3, 8, 1));
			Worker ready = bench.ready(0);
			bench.launched(1);
			Call a = bench.dispatched();
			assertThat(a.worker).isSameAs(ready);
			Call b = bench.dispatched();
			assertThat(b.worker).as("no worker with room").isNull();
			assertThat(bench.dispatcher.queued()).isOne();
			assertThat(bench.dispatcher.inFlight()).isOne();
		}

		@Test
		void remoteWorkersServeToo() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker local = bench.ready(0);
			Worker remote = bench.remote(1);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			assertThat(a.worker).isSameAs(local);
			assertThat(b.worker).isSameAs(remote);
			assertThat(requestsTo(remote)).containsExactly(b.id);
		}

	}

	@Nested
	class Queueing {

		@Test
		void aQueuedCallGoesOutWhenItsWorkerAnswers() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			assertThat(requestsTo(worker)).containsExactly(a.id);
			assertThat(bench.answered(worker, 999)).as("not held").isNull();
			assertThat(bench.dispatcher.inFlight()).isOne();
			assertThat(bench.answered(worker, a.id)).isSameAs(a);
			assertThat(requestsTo(worker)).containsExactly(a.id, b.id);
			assertThat(b.worker).isSameAs(worker);
			assertThat(bench.dispatcher.queued()).isZero();
			assertThat(bench.dispatcher.inFlight()).isOne();
			assertThat(worker.served).isOne();
		}

		@Test
		void aFullQueueRefusesTheNextCallAtOnce() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 1, 1));
			bench.ready(0);
			bench.dispatched();
			bench.dispatched();
			assertThatThrownBy(bench::dispatched).isInstanceOf(IpcBusyException.class)
				.hasMessageContaining("'pool' is busy");
			Call eventLoop = bench.call();
			assertThatThrownBy(() -> bench.dispatcher.dispatch(eventLoop, false)).isInstanceOf(IpcBusyException.class);
			assertThat(bench.dispatcher.queued()).isOne();
		}

		@Test
		void aQueueOfNoneRefusesWhenNoWorkerHasRoom() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 0, 1));
			bench.ready(0);
			bench.dispatched();
			assertThatThrownBy(bench::dispatched).isInstanceOf(IpcBusyException.class);
		}

		@Test
		void aCallerThatMayWaitGetsTheRoomAWorkerThatBecameReadyMade() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(2, 1, 1, Duration.ofSeconds(30), 0).running());
			Worker first = bench.ready(0);
			bench.dispatched();
			Call queued = bench.dispatched();
			Call waiting = bench.call();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(waiting, true));
			Worker second = bench.launched(1);
			assertThat(bench.dispatcher.ready(second)).isTrue();
			dispatch.get(5, TimeUnit.SECONDS);
			assertThat(queued.worker).isSameAs(second);
			assertThat(requestsTo(second)).containsExactly(queued.id);
			assertThat(waiting.worker).as("queued in the room made").isNull();
			assertThat(bench.dispatcher.queued()).isOne();
			assertThat(requestsTo(first)).hasSize(1);
		}

		@Test
		void aCallerWaitingForAWorkerWithNoQueueGetsTheOneThatAnswered() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(1, 0, 1, Duration.ofSeconds(30), 0).running());
			Worker worker = bench.ready(0);
			Call first = bench.dispatched();
			Call waiting = bench.call();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(waiting, true));
			bench.answered(worker, first.id);
			dispatch.get(5, TimeUnit.SECONDS);
			assertThat(requestsTo(worker)).containsExactly(first.id, waiting.id);
		}

		@Test
		void aCallerWaitingForRoomGetsItWhenAQueuedCallIsWithdrawn() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(1, 1, 1, Duration.ofSeconds(30), 0).running());
			bench.ready(0);
			bench.dispatched();
			Call queued = bench.dispatched();
			Call waiting = bench.call();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(waiting, true));
			bench.dispatcher.withdraw(queued);
			dispatch.get(5, TimeUnit.SECONDS);
			assertThat(bench.dispatcher.queued()).isOne();
			bench.dispatcher.withdraw(queued);
			assertThat(bench.dispatcher.queued()).as("withdrawn twice").isOne();
		}

		@Test
		void aCallerWaitingForRoomIsRefusedWhenTheGroupStops() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(1, 1, 1, Duration.ofSeconds(30), 0).running());
			bench.ready(0);
			bench.dispatched();
			Call queued = bench.dispatched();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(bench.call(), true));
			assertThat(bench.dispatcher.beginStop(false)).containsExactly(queued);
			assertThat(failureWithin5s(dispatch)).isInstanceOf(IpcException.class)
				.hasMessage("ipc-worker group 'pool' is not running (stopping)");
		}

		@Test
		void aCallerWaitingForRoomIsRefusedWhenTheLastWorkerOfAGroupThatGaveUpDies() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(1, 1, 1, Duration.ofSeconds(30), 0).running());
			Worker worker = bench.ready(0);
			bench.dispatched();
			bench.dispatched();
			IpcException down = new IpcException("pool", "pool is down");
			assertThat(bench.dispatcher.markDown(down)).as("a worker is left").isEmpty();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(bench.call(), true));
			assertThat(bench.dispatcher.lose(worker)).isNotNull();
			assertThat(failureWithin5s(dispatch)).isSameAs(down);
		}

		@Test
		void aCallerWaitingForRoomIsRefusedWhenTheGroupGivesUpWithNoWorkerLeft() throws Exception {
			DispatcherBench bench = bench(new DispatcherBench(1, 1, 1, Duration.ofSeconds(30), 0).running());
			Worker worker = bench.ready(0);
			bench.dispatcher.lose(worker);
			Call queued = bench.dispatched();
			CompletableFuture<Void> dispatch = inBackground(() -> bench.dispatcher.dispatch(bench.call(), true));
			IpcException down = new IpcException("pool", "pool is down");
			assertThat(bench.dispatcher.markDown(down)).containsExactly(queued);
			assertThat(failureWithin5s(dispatch)).isSameAs(down);
		}

		@Test
		void aCallerWaitingForRoomThatIsInterruptedStopsWaitingAndKeepsItsInterrupt() {
			DispatcherBench bench = bench(new DispatcherBench(1, 0, 1, Duration.ofSeconds(30), 0).running());
			bench.ready(0);
			bench.dispatched();
			Thread.currentThread().interrupt();
			try {
				assertThatThrownBy(bench::dispatched).isInstanceOf(IpcException.class)
					.hasMessage("Interrupted while waiting for room in the queue of group 'pool'");
				assertThat(Thread.currentThread().isInterrupted()).isTrue();
			}
			finally {
				Thread.interrupted();
			}
		}

		@Test
		void aCallerThatMayNotWaitHasItsRequestSentByTheSendThreadWhenTheLinkIsFull() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			bench.workers.full = true;
			Call call = bench.call();
			bench.dispatcher.dispatch(call, false);
			assertThat(requestsTo(worker)).isEmpty();
			bench.runtime.runReady();
			assertThat(requestsTo(worker)).containsExactly(call.id);
		}

	}

	@Nested
	class Refusing {

		@Test
		void aGroupThatIsNotRunningRefusesCallsAndBroadcasts() {
			DispatcherBench bench = bench(new DispatcherBench(1, 8, 1, Duration.ZERO, 0));
			bench.members.beginStart(bench.runtime.open("pool"));
			bench.ready(0);
			assertThatThrownBy(bench::dispatched).hasMessage("ipc-worker group 'pool' is not running (starting)");
			assertThatThrownBy(() -> bench.dispatcher.broadcast(bench::call))
				.hasMessage("ipc-worker group 'pool' is not running (starting)");
		}

		@Test
		void aGroupThatGaveUpStrandsItsQueueOnlyOnceNoWorkerIsLeft() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker starting = bench.launched(0);
			Call queued = bench.dispatched();
			IpcException down = new IpcException("pool", "pool is down");
			assertThat(bench.dispatcher.markDown(down)).as("a worker still starts").isEmpty();
			assertThat(bench.dispatcher.stranded()).isEmpty();
			Call another = bench.dispatched();
			bench.dispatcher.lose(starting);
			assertThat(bench.dispatcher.stranded()).containsExactly(queued, another);
			assertThat(bench.dispatcher.queued()).isZero();
			assertThatThrownBy(bench::dispatched).isSameAs(down);
		}

		@Test
		void aGroupThatGaveUpWithNoWorkerLeftStrandsItsQueueAtOnce() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Call queued = bench.dispatched();
			assertThat(bench.dispatcher.markDown(new IpcException("pool", "down"))).containsExactly(queued);
			assertThat(bench.dispatcher.queued()).isZero();
		}

	}

	@Nested
	class Requeueing {

		@Test
		void aCallWhoseWorkerDiedGoesAheadOfTheQueueToTheNextWorkerOnlyOnce() {
			DispatcherBench bench = bench(DispatcherBench.of(2, 8, 1));
			Worker w0 = bench.ready(0);
			Worker w1 = bench.ready(1);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			Call c = bench.dispatched();
			Dispatcher.Loss loss = bench.dispatcher.lose(w0);
			assertThat(loss.lost()).containsExactly(a);
			assertThat(loss.replace()).isTrue();
			assertThat(bench.dispatcher.requeue(a)).isTrue();
			assertThat(a.worker).as("waits: no worker has room").isNull();
			assertThat(bench.dispatcher.queued()).isEqualTo(2);
			bench.answered(w1, b.id);
			assertThat(requestsTo(w1)).containsExactly(b.id, a.id);
			assertThat(a.attempts).isEqualTo(2);
			bench.dispatcher.lose(w1);
			assertThat(bench.dispatcher.requeue(a)).as("sent twice already").isFalse();
			assertThat(bench.dispatcher.queued()).isOne();
			assertThat(bench.dispatcher.violations()).isEmpty();
			assertThat(c.worker).isNull();
		}

		@Test
		void aRequeuedCallGoesOutAtOnceToAWorkerWithRoom() {
			DispatcherBench bench = bench(DispatcherBench.of(2, 8, 1));
			Worker w0 = bench.ready(0);
			Worker w1 = bench.ready(1);
			Call a = bench.dispatched();
			bench.dispatcher.lose(w0);
			assertThat(bench.dispatcher.requeue(a)).isTrue();
			assertThat(a.worker).isSameAs(w1);
			assertThat(requestsTo(w1)).containsExactly(a.id);
			assertThat(bench.dispatcher.inFlight()).isOne();
		}

		@Test
		void streamsEndedCallsAndCallsOfAStoppingGroupAreNotRequeued() {
			DispatcherBench bench = bench(DispatcherBench.of(2, 8, 1));
			Worker w0 = bench.ready(0);
			bench.ready(1);
			StreamCall stream = bench.calls.newStream(
					new io.github.ipcworker.codec.PayloadCodec.Payload(0, new byte[0]), String.class, 1_000_000_000L,
					4);
			bench.calls.accept(stream);
			bench.dispatcher.dispatch(stream, true);
			Call ended = bench.dispatched();
			Call plain = bench.call();
			bench.dispatcher.lose(w0);
			assertThat(bench.dispatcher.requeue(stream)).isFalse();
			bench.calls.fail(ended, new CancellationException(), Outcome.CANCELLED);
			assertThat(bench.dispatcher.requeue(ended)).isFalse();
			bench.dispatcher.beginStop(false);
			plain.attempts = 1;
			assertThat(bench.dispatcher.requeue(plain)).isFalse();
			assertThat(bench.dispatcher.queued()).isZero();
		}

	}

	@Nested
	class Losing {

		@Test
		void aWorkerIsLostOnceAndReplacedOnlyIfItDiedOnItsOwnInItsSlot() {
			DispatcherBench bench = bench(DispatcherBench.of(3, 8, 1));
			Worker crashed = bench.ready(0);
			Worker stopping = bench.ready(1);
			Worker superseded = bench.ready(2);
			bench.dispatched();
			bench.dispatched();
			assertThat(bench.dispatcher.inFlight()).isEqualTo(2);
			Dispatcher.Loss loss = bench.dispatcher.lose(crashed);
			assertThat(loss.replace()).isTrue();
			assertThat(loss.lost()).hasSize(1);
			assertThat(crashed.state).isEqualTo(IpcWorkerInfo.State.DEAD);
			assertThat(bench.dispatcher.inFlight()).isOne();
			assertThat(bench.dispatcher.lose(crashed)).as("lost already").isNull();
			bench.members.markStopping(stopping);
			assertThat(bench.dispatcher.lose(stopping).replace()).isFalse();
			bench.launched(2);
			assertThat(bench.dispatcher.lose(superseded).replace()).isFalse();
			assertThat(bench.dispatcher.inFlight()).isZero();
		}

		@Test
		void noWorkerIsReplacedWhileTheGroupStops() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			bench.dispatcher.beginStop(false);
			assertThat(bench.dispatcher.lose(worker).replace()).isFalse();
		}

		@Test
		void aStoppedWorkerIsNotLost() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			worker.state = IpcWorkerInfo.State.STOPPED;
			assertThat(bench.dispatcher.lose(worker)).isNull();
		}

		@Test
		void anUnsentCallFreesItsSlotForTheNextQueuedOne() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			bench.dispatcher.unsent(a, worker);
			assertThat(b.worker).isSameAs(worker);
			assertThat(requestsTo(worker)).containsExactly(a.id, b.id);
			assertThat(bench.dispatcher.inFlight()).isOne();
			bench.dispatcher.unsent(a, worker);
			assertThat(bench.dispatcher.inFlight()).as("not held any more").isOne();
		}

		@Test
		void aLinkClosedUnderASendIsReported() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			worker.link.close();
			bench.dispatched();
			assertThat(bench.linkLost).containsExactly(worker);
			Call queued = bench.dispatched();
			bench.workers.full = false;
			bench.dispatcher.lose(worker);
			Worker next = bench.launched(0, worker.link);
			bench.dispatcher.ready(next);
			assertThat(queued.worker).isSameAs(next);
			assertThat(bench.linkLost).as("moved over the closed link").containsExactly(worker, next);
		}

	}

	@Nested
	class Readiness {

		@Test
		void onlyAStartingMemberOfAnActiveGroupBecomesReadyAndTakesTheQueuedCalls() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 2));
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			Worker worker = bench.launched(0);
			Worker stranger = new Worker("pool", 0, bench.workers.open(0), null, 0, null);
			assertThat(bench.dispatcher.ready(stranger)).as("not in its slot").isFalse();
			assertThat(bench.dispatcher.ready(worker)).isTrue();
			assertThat(requestsTo(worker)).containsExactly(a.id, b.id);
			assertThat(bench.dispatcher.ready(worker)).as("ready already").isFalse();
			Worker late = bench.launched(0);
			bench.dispatcher.beginStop(false);
			assertThat(bench.dispatcher.ready(late)).as("the group stops").isFalse();
			assertThat(late.state).isEqualTo(IpcWorkerInfo.State.STARTING);
		}

		@Test
		void aQueuedCallThatEndedMeanwhileIsSkipped() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Call ended = bench.dispatched();
			Call next = bench.dispatched();
			bench.calls.fail(ended, new CancellationException(), Outcome.CANCELLED);
			Worker worker = bench.launched(0);
			bench.dispatcher.ready(worker);
			assertThat(requestsTo(worker)).containsExactly(next.id);
		}

	}

	@Nested
	class Retiring {

		@Test
		void aWorkerThatServedItsMaximumTakesNoMoreAndExitsOnceIdle() {
			DispatcherBench bench = bench(new DispatcherBench(1, 8, 2, Duration.ZERO, 2).running());
			Worker worker = bench.ready(0);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			bench.answered(worker, a.id);
			assertThat(bench.retired).as("one of two served").isEmpty();
			Call c = bench.dispatched();
			bench.answered(worker, b.id);
			assertThat(bench.retired).containsExactly(worker);
			assertThat(worker.state).isEqualTo(IpcWorkerInfo.State.STOPPING);
			Call d = bench.dispatched();
			assertThat(d.worker).as("a retiring worker takes no new call").isNull();
			bench.runtime.runReady();
			assertThat(framesTo(worker, FrameType.SHUTDOWN)).as("still holds a call").isZero();
			bench.answered(worker, c.id);
			bench.runtime.runReady();
			assertThat(framesTo(worker, FrameType.SHUTDOWN)).isOne();
			assertThat(worker.shutdownSent).isTrue();
			assertThat(bench.retired).containsExactly(worker);
			assertThat(bench.dispatcher.violations()).isEmpty();
		}

		@Test
		void noWorkerRetiresWhileTheGroupStopsNorWhenItJoinedOnItsOwn() {
			DispatcherBench bench = bench(new DispatcherBench(1, 8, 1, Duration.ZERO, 1).running());
			Worker remote = bench.remote(5);
			Call a = bench.dispatched();
			assertThat(a.worker).isSameAs(remote);
			bench.answered(remote, a.id);
			assertThat(bench.retired).isEmpty();
			Worker local = bench.ready(0);
			Call b = bench.dispatched();
			assertThat(b.worker).as("used last").isSameAs(remote);
			Call c = bench.dispatched();
			assertThat(c.worker).isSameAs(local);
			bench.dispatcher.beginStop(false);
			bench.answered(local, c.id);
			assertThat(bench.retired).isEmpty();
			assertThat(local.state).isEqualTo(IpcWorkerInfo.State.READY);
		}

	}

	@Nested
	class Broadcasting {

		@Test
		void everyReadyWorkerGetsOneCallEvenPastItsPrefetch() {
			DispatcherBench bench = bench(DispatcherBench.of(3, 8, 1));
			Worker w0 = bench.ready(0);
			Worker w1 = bench.ready(1);
			bench.launched(2);
			Call held = bench.dispatched();
			List<Call> sent = bench.dispatcher.broadcast(bench::call);
			assertThat(sent).hasSize(2);
			assertThat(sent).extracting((call) -> call.worker).containsExactlyInAnyOrder(w0, w1);
			assertThat(requestsTo(w0)).hasSize(held.worker == w0 ? 2 : 1);
			assertThat(requestsTo(w1)).hasSize(held.worker == w1 ? 2 : 1);
			assertThat(bench.dispatcher.inFlight()).isEqualTo(3);
		}

		@Test
		void aBroadcastCallThatEndedBeforeItWentOutFreesItsWorker() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			List<Call> sent = bench.dispatcher.broadcast(() -> {
				Call call = bench.call();
				bench.calls.fail(call, new CancellationException(), Outcome.CANCELLED);
				return call;
			});
			assertThat(sent).hasSize(1);
			assertThat(requestsTo(worker)).isEmpty();
			assertThat(bench.dispatcher.inFlight()).isZero();
			assertThat(worker.inFlight).isEmpty();
		}

		@Test
		void aGroupWithNoReadyWorkerBroadcastsToNone() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			bench.launched(0);
			assertThat(bench.dispatcher.broadcast(bench::call)).isEmpty();
		}

	}

	@Nested
	class Stopping {

		@Test
		void beginStopTakesTheQueueOnceUnlessAskedAgainWhileStopping() {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			bench.ready(0);
			bench.dispatched();
			Call queued = bench.dispatched();
			assertThat(bench.dispatcher.beginStop(false)).containsExactly(queued);
			assertThat(bench.members.lifecycle()).isEqualTo(Members.Lifecycle.STOPPING);
			assertThat(bench.dispatcher.beginStop(false)).isNull();
			assertThat(bench.dispatcher.beginStop(true)).isEmpty();
			bench.members.markStopped();
			assertThat(bench.dispatcher.beginStop(true)).isNull();
		}

		@Test
		void aGroupThatNeverStartedHasNothingToStop() {
			DispatcherBench bench = bench(new DispatcherBench(1, 8, 1, Duration.ZERO, 0));
			assertThat(bench.dispatcher.beginStop(true)).isNull();
		}

		@Test
		void drainingEndsAtOnceWithNothingInFlightOrNoWorkerLeftToAnswer() throws Exception {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			long startNs = System.nanoTime();
			bench.dispatcher.awaitDrained(Duration.ofSeconds(20).toNanos());
			bench.dispatched();
			bench.members.markStopping(worker);
			bench.dispatcher.awaitDrained(Duration.ofSeconds(20).toNanos());
			assertThat(Duration.ofNanos(System.nanoTime() - startNs)).isLessThan(Duration.ofSeconds(5));
		}

		@Test
		void drainingWaitsForTheLastAnswer() throws Exception {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			Call call = bench.dispatched();
			CompletableFuture<Void> drained = inBackground(() -> {
				try {
					bench.dispatcher.awaitDrained(Duration.ofSeconds(30).toNanos());
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			bench.answered(worker, call.id);
			drained.get(5, TimeUnit.SECONDS);
		}

		@Test
		void drainingEndsWhenTheLastWorkerDies() throws Exception {
			DispatcherBench bench = bench(DispatcherBench.of(1, 8, 1));
			Worker worker = bench.ready(0);
			bench.dispatched();
			CompletableFuture<Void> drained = inBackground(() -> {
				try {
					bench.dispatcher.awaitDrained(Duration.ofSeconds(30).toNanos());
				}
				catch (InterruptedException ex) {
					throw new IllegalStateException(ex);
				}
			});
			bench.dispatcher.lose(worker);
			drained.get(5, TimeUnit.SECONDS);
		}

		@Test
		void releaseEmptiesEverything() {
			DispatcherBench bench = bench(new DispatcherBench(2, 8, 1, Duration.ZERO, 1).running());
			Worker worker = bench.ready(0);
			Worker remote = bench.remote(4);
			Call a = bench.dispatched();
			Call b = bench.dispatched();
			bench.answered(worker, a.id);
			assertThat(bench.retired).containsExactly(worker);
			bench.dispatched();
			bench.dispatched();
			bench.dispatcher.markDown(new IpcException("pool", "down"));
			Dispatcher.Released released = bench.dispatcher.releaseAll();
			// The retiring worker still holds its slot here, as until its replacement
			// starts.
			assertThat(released.workers()).containsOnly(worker, remote);
			assertThat(released.threads()).isNotNull();
			assertThat(bench.members.threads()).isNull();
			for (Worker each : released.workers()) {
				assertThat(each.state).isEqualTo(IpcWorkerInfo.State.STOPPED);
				assertThat(each.inFlight).isEmpty();
			}
			assertThat(bench.dispatcher.inFlight()).isZero();
			assertThat(bench.dispatcher.queued()).isZero();
			assertThat(bench.members.workers()).isEmpty();
			assertThat(bench.members.retiring).isEmpty();
			assertThat(bench.members.down()).isNull();
			assertThat(bench.dispatcher.violations()).isEmpty();
			assertThat(b.worker).isSameAs(remote);
		}

	}

	@Nested
	class Violations {

		@Test
		void aConsistentStateHasNone() {
			Worker worker = DispatcherTests.this.bench.ready(0);
			DispatcherTests.this.bench.dispatched();
			DispatcherTests.this.bench.dispatched();
			DispatcherTests.this.bench.dispatched();
			assertThat(DispatcherTests.this.bench.dispatcher.violations()).isEmpty();
			assertThat(worker.inFlight).hasSize(1);
		}

		@Test
		void aCallHeldByOneWorkerButNamingAnotherIsReported() {
			Worker w0 = DispatcherTests.this.bench.ready(0);
			Worker w1 = DispatcherTests.this.bench.ready(1);
			Call call = DispatcherTests.this.bench.dispatched();
			call.worker = (call.worker == w0) ? w1 : w0;
			assertThat(DispatcherTests.this.bench.dispatcher.violations()).singleElement()
				.asString()
				.contains("request " + call.id + " is held by pool#")
				.contains("but names pool#");
		}

		@Test
		void aCallBothQueuedAndHeldAndAMiscountAreReported() {
			Worker worker = DispatcherTests.this.bench.ready(0);
			DispatcherTests.this.bench.ready(1);
			DispatcherTests.this.bench.dispatched();
			DispatcherTests.this.bench.dispatched();
			Call queued = DispatcherTests.this.bench.dispatched();
			worker.inFlight.put(queued.id, queued);
			queued.worker = worker;
			assertThat(DispatcherTests.this.bench.dispatcher.violations()).containsExactlyInAnyOrder(
					"request " + queued.id + " is both queued and held by " + worker, "in flight counted 2, held 3");
		}

		@Test
		void aDeadWorkerHoldingACallIsReported() {
			Worker worker = DispatcherTests.this.bench.ready(0);
			Call call = DispatcherTests.this.bench.dispatched();
			worker.state = IpcWorkerInfo.State.DEAD;
			assertThat(DispatcherTests.this.bench.dispatcher.violations())
				.containsExactly(worker + " is DEAD and holds [" + call.id + "]");
			worker.state = IpcWorkerInfo.State.STOPPED;
			assertThat(DispatcherTests.this.bench.dispatcher.violations()).hasSize(1);
		}

		@Test
		void aRetiringWorkerIsCheckedToo() {
			Worker worker = DispatcherTests.this.bench.ready(0);
			DispatcherTests.this.bench.dispatched();
			DispatcherTests.this.bench.members.slots[0] = null;
			DispatcherTests.this.bench.members.retiring.add(worker);
			assertThat(DispatcherTests.this.bench.dispatcher.violations()).isEmpty();
			DispatcherTests.this.bench.members.retiring.clear();
			assertThat(DispatcherTests.this.bench.dispatcher.violations())
				.containsExactly("in flight counted 1, held 0");
		}

	}

	@Test
	void aCancelledCallFailsWithItsId() {
		Call call = this.bench.call();
		assertThat(Dispatcher.cancelled(call)).hasMessage("request " + call.id + " cancelled");
	}

}
