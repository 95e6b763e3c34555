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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The callers' side: blocking calls, put, broadcast and map, and how calls end by
 * timeout, interrupt and cancellation. Blocking calls are answered by a responder thread
 * that only reads what the group sent and delivers answers.
 */
@Timeout(30)
class RequestsTests {

	private @Nullable PoolWorld world;

	private @Nullable Responder responder;

	@AfterEach
	void stop() throws InterruptedException {
		Responder responder = this.responder;
		if (responder != null) {
			responder.interrupt();
			responder.join(5000);
			assertThat(responder.isAlive()).isFalse();
		}
		PoolWorld world = this.world;
		if (world != null) {
			world.group.terminate();
			world.runtime.runReady();
			assertThat(world.group.openCalls()).isZero();
			assertThat(world.runtime.allClosed()).isTrue();
		}
	}

	private PoolWorld world(PoolWorld world) {
		this.world = world;
		return world.started();
	}

	private void answerAll(PoolWorld world, String failOn) {
		Responder responder = new Responder(world.workers.live(), failOn);
		this.responder = responder;
		responder.start();
	}

	@Test
	void aBlockingCallGetsItsAnswer() {
		PoolWorld world = world(PoolWorld.of(1));
		answerAll(world, "");
		assertThat(world.group.call("x", String.class, Duration.ofSeconds(10))).isEqualTo("x");
		assertThat(world.outcomes.of(Outcome.SUCCESS)).isOne();
	}

	@Test
	void aBlockingCallThatGetsNoAnswerTimesOutAndLeavesTheQueue() {
		PoolWorld world = world(PoolWorld.of(1));
		world.group.submit("held", String.class);
		assertThatThrownBy(() -> world.group.call("queued", String.class, Duration.ofMillis(20)))
			.isInstanceOf(IpcTimeoutException.class);
		assertThat(world.group.queued()).isZero();
		assertThat(world.outcomes.of(Outcome.TIMEOUT)).isOne();
	}

	@Test
	void anInterruptedCallerCancelsItsCall() {
		PoolWorld world = world(PoolWorld.of(1));
		world.group.submit("held", String.class);
		Thread.currentThread().interrupt();
		try {
			assertThatThrownBy(() -> world.group.call("queued", String.class, Duration.ofSeconds(10)))
				.isInstanceOf(IpcException.class)
				.hasMessageContaining("Interrupted while waiting for request");
			assertThat(Thread.currentThread().isInterrupted()).as("interrupt kept").isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(world.group.queued()).isZero();
		assertThat(world.outcomes.of(Outcome.CANCELLED)).isOne();
	}

	@Test
	void cancellingAQueuedFutureTakesItOutOfTheQueue() {
		PoolWorld world = world(PoolWorld.of(1));
		world.group.submit("held", String.class);
		CompletableFuture<@Nullable Object> queued = world.group.submit("queued", String.class);
		assertThat(world.group.queued()).isOne();
		queued.cancel(true);
		assertThat(world.group.queued()).isZero();
		assertThat(world.outcomes.of(Outcome.CANCELLED)).isOne();
		world.link(0).answerOldest();
		assertThat(world.link(0).held).as("the cancelled call never went out").isEmpty();
	}

	@Test
	void aPutKeepsItsAnswerUndecodedAndTimesOutOnTheGroupsClock() {
		PoolWorld world = world(PoolWorld.of(1));
		WorkerGroup.Pending answered = world.group.put("x");
		world.link(0).answerOldest();
		assertThat(answered.answer()).isCompleted();
		Payload payload = (Payload) answered.answer().join();
		assertThat(world.group.decode(payload, String.class)).isEqualTo("x");
		WorkerGroup.Pending forgotten = world.group.put("y");
		assertThat(forgotten.requestId()).isGreaterThan(answered.requestId());
		world.runtime.advance(Duration.ofSeconds(9).toNanos());
		assertThat(forgotten.answer()).isNotDone();
		world.runtime.advance(Duration.ofSeconds(2).toNanos());
		assertThat(SupervisorTests.failureOf(forgotten.answer())).isInstanceOf(IpcTimeoutException.class);
	}

	@Test
	void aTimeoutSaysWhereItsRequestWas() {
		PoolWorld world = world(PoolWorld.of(1));
		CompletableFuture<@Nullable Object> held = world.group.submit("x", String.class);
		world.runtime.advance(Duration.ofSeconds(1).toNanos());
		CompletableFuture<@Nullable Object> queued = world.group.submit("y", String.class);
		world.runtime.advance(Duration.ofSeconds(10).toNanos());
		assertThat(SupervisorTests.failureOf(held)).isInstanceOf(IpcTimeoutException.class)
			.hasMessageMatching("Request \\d+ to ipc-worker group 'pool' got no answer within PT10S "
					+ "\\(held by worker pool#0 \\(pid \\d+\\), ready, process alive, holding 1 request\\(s\\), 0 answered; "
					+ "written to its link 10000 ms before\\)");
		world.runtime.advance(Duration.ofSeconds(1).toNanos());
		assertThat(SupervisorTests.failureOf(queued)).isInstanceOf(IpcTimeoutException.class)
			.hasMessageEndingWith("(still queued: no worker had room for it)");
	}

	@Test
	void aSubmittedCallTimesOutOnTheGroupsClock() {
		PoolWorld world = world(PoolWorld.of(1));
		CompletableFuture<@Nullable Object> call = world.group.submit("x", String.class);
		world.runtime.advance(Duration.ofSeconds(9).toNanos());
		assertThat(call).isNotDone();
		world.runtime.advance(Duration.ofSeconds(2).toNanos());
		assertThat(SupervisorTests.failureOf(call)).isInstanceOf(IpcTimeoutException.class);
	}

	@Test
	void aRequestIsRefusedWhenNullOrTooLargeForAFrame() {
		PoolWorld world = world(PoolWorld.of(1));
		assertThat(SupervisorTests.failureOf(world.group.submit(null, String.class)))
			.isInstanceOf(IpcSerializationException.class)
			.hasMessageContaining("is null");
		int room = (1 << 20) - FrameDescriptor.HEADER_LENGTH;
		assertThat(world.group.submit("a".repeat(room), String.class)).isNotCompletedExceptionally();
		assertThat(SupervisorTests.failureOf(world.group.submit("a".repeat(room + 1), String.class)))
			.isInstanceOf(IpcMessageTooLargeException.class);
	}

	@Test
	void aBroadcastReachesEveryWorkerOnceAndReturnsTheAnswersByWorker() {
		PoolWorld world = world(new PoolWorld(2, 8, 4, 4, false, 10));
		answerAll(world, "");
		assertThat(world.group.broadcast("hello", String.class, Duration.ofSeconds(10))).containsExactly("hello",
				"hello");
		assertThat(world.workers.requestsSent).hasSize(2).containsValues(1, 1);
	}

	@Test
	void aBroadcastThrowsTheFirstFailureWithTheOthersSuppressed() {
		PoolWorld world = world(new PoolWorld(2, 8, 4, 4, false, 10));
		assertThatThrownBy(() -> world.group.broadcast("hello", String.class, Duration.ofMillis(20)))
			.isInstanceOf(IpcTimeoutException.class)
			.satisfies((ex) -> assertThat(ex.getSuppressed()).singleElement().isInstanceOf(IpcTimeoutException.class));
	}

	@Test
	void aBroadcastWithNoReadyWorkerIsRefused() {
		PoolWorld world = world(PoolWorld.of(1));
		world.link(0).die();
		world.runtime.runReady();
		assertThatThrownBy(() -> world.group.broadcast("hello", String.class, null)).isInstanceOf(IpcException.class)
			.hasMessageContaining("has no ready worker to broadcast to");
	}

	@Test
	void aMapKeepsTheOrderOfItsInputs() {
		PoolWorld world = world(new PoolWorld(2, 8, 4, 4, false, 10));
		answerAll(world, "");
		assertThat(world.group.map(List.of("a", "b", "c", "d", "e"), String.class)).containsExactly("a", "b", "c", "d",
				"e");
		assertThat(world.group.map(List.of(), String.class)).isEmpty();
	}

	@Test
	void aMapThrowsTheFirstFailureAndCancelsTheRest() {
		PoolWorld world = world(new PoolWorld(2, 8, 4, 4, false, 10));
		answerAll(world, "bad");
		assertThatThrownBy(() -> world.group.map(List.of("a", "bad", "c"), String.class))
			.isInstanceOf(IpcRemoteException.class)
			.hasMessageContaining("boom");
	}

	/**
	 * Answers every request the group sends to the given links, from its own thread, as
	 * worker processes would: with the request's payload, or an error for one payload.
	 */
	private static final class Responder extends Thread {

		private final List<FakeWorkers.Link> links;

		private final String failOn;

		private final Set<Long> answered = new HashSet<>();

		Responder(List<FakeWorkers.Link> links, String failOn) {
			super("responder");
			this.links = new ArrayList<>(links);
			this.failOn = failOn;
			setDaemon(true);
		}

		@Override
		public void run() {
			long deadlineNs = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (!isInterrupted() && System.nanoTime() < deadlineNs) {
				for (FakeWorkers.Link link : this.links) {
					for (Frame frame : link.received) {
						if (frame.type() == FrameType.REQUEST && this.answered.add(frame.requestId())) {
							link.deliver(answer(link, frame));
						}
					}
				}
				Thread.onSpinWait();
			}
		}

		private Frame answer(FakeWorkers.Link link, Frame request) {
			if (new String(request.payload(), java.nio.charset.StandardCharsets.UTF_8).equals(this.failOn)) {
				return Frame.of(FrameType.ERROR, 0, link.index, request.requestId(),
						RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new IllegalStateException("boom")));
			}
			return new Frame(FrameType.RESPONSE, 0, link.index, request.requestId(), 0, 1000, request.payload());
		}

	}

}
