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
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static io.github.ipcworker.pool.DispatcherBench.framesTo;
import static io.github.ipcworker.pool.DispatcherBench.requestsTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How requests, credit, cancels and shutdowns reach the workers: on the caller's thread,
 * or through the send thread when the link has no room, and what a failed send does to
 * the call and the worker.
 */
@Timeout(30)
class OutboxTests {

	private DispatcherBench bench = DispatcherBench.of(1, 8, 1);

	@AfterEach
	void lockGivenBack() {
		assertThat(this.bench.members.lock.getHoldCount()).isZero();
		assertThat(Thread.interrupted()).as("interrupt left on the test's thread").isFalse();
	}

	private StreamCall stream() {
		StreamCall stream = this.bench.calls.newStream(new Payload(0, new byte[0]), String.class, 1_000_000_000L, 4);
		this.bench.calls.accept(stream);
		return stream;
	}

	@Test
	void aSendThatFindsNoRoomInTimeFailsTheCallAndFreesTheWorker() {
		Worker worker = this.bench.launched(0, new FailingLink(new TimeoutException("full")));
		this.bench.dispatcher.ready(worker);
		Call call = this.bench.dispatched();
		assertThat(call.result).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IpcTimeoutException.class)
			.withMessageContaining("to ipc-worker group 'pool' got no answer within PT10S")
			.withMessageContaining("never written to worker " + worker + ": full, ");
		assertThat(worker.inFlight).isEmpty();
		assertThat(this.bench.dispatcher.inFlight()).isZero();
	}

	@Test
	void aSendThatIsInterruptedFailsTheCallAndKeepsTheInterrupt() {
		Worker worker = this.bench.launched(0, new FailingLink(new InterruptedException()));
		this.bench.dispatcher.ready(worker);
		Call call = this.bench.dispatched();
		assertThat(Thread.interrupted()).isTrue();
		assertThat(call.result).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.havingCause()
			.isInstanceOf(IpcException.class)
			.withMessage("Interrupted while sending request " + call.id);
		assertThat(worker.inFlight).isEmpty();
	}

	@Test
	void aCallThatEndedBeforeItsMoveGoesOutIsNotSent() {
		Worker worker = this.bench.ready(0);
		Call call = this.bench.dispatched();
		this.bench.calls.fail(call, new IllegalStateException("timed out"), Outcome.TIMEOUT);
		new Outbox(this.bench.dispatcher, this.bench.members, this.bench.calls, "pool").sendMoved(List.of(call));
		this.bench.runtime.runReady();
		assertThat(requestsTo(worker)).containsExactly(call.id);
		assertThat(worker.inFlight).as("its slot is freed").isEmpty();
	}

	@Test
	void cancelAndCreditGoThroughTheSendThreadWhenTheLinkIsFull() {
		Worker worker = this.bench.ready(0);
		StreamCall stream = stream();
		this.bench.dispatcher.dispatch(stream, true);
		this.bench.workers.full = true;
		stream.consumed();
		stream.consumed();
		this.bench.dispatcher.cancelInWorker(stream);
		assertThat(framesTo(worker, FrameType.CREDIT)).isZero();
		assertThat(framesTo(worker, FrameType.CANCEL)).isZero();
		this.bench.runtime.runReady();
		assertThat(((FakeWorkers.Link) worker.link).received).extracting(Frame::type)
			.containsExactly(FrameType.REQUEST, FrameType.CREDIT, FrameType.CANCEL);
		assertThat(((FakeWorkers.Link) worker.link).received.get(1).sequence()).isEqualTo(2);
	}

	@Test
	void aCancelForACallNoWorkerHoldsGoesNowhere() {
		this.bench.ready(0);
		this.bench.dispatched();
		Call queued = this.bench.dispatched();
		this.bench.dispatcher.cancelInWorker(queued);
		assertThat(this.bench.runtime.idle()).isTrue();
		assertThat(this.bench.workers.links.get(0).received).extracting(Frame::type).containsExactly(FrameType.REQUEST);
	}

	@Test
	void aControlFrameTheSendThreadCannotDeliverIsDroppedAndAnInterruptKept() {
		FailingLink link = new FailingLink(new InterruptedException());
		link.refuseTrySend = true;
		Worker worker = this.bench.launched(0, link);
		this.bench.dispatcher.ready(worker);
		link.failure = null;
		StreamCall stream = stream();
		this.bench.dispatcher.dispatch(stream, true);
		link.failure = new InterruptedException();
		this.bench.dispatcher.cancelInWorker(stream);
		this.bench.runtime.runReady();
		assertThat(Thread.interrupted()).as("the send thread keeps its interrupt").isTrue();
		link.failure = new TimeoutException();
		this.bench.dispatcher.cancelInWorker(stream);
		this.bench.runtime.runReady();
		assertThat(link.attempts).containsExactly(FrameType.REQUEST, FrameType.CANCEL, FrameType.CANCEL);
	}

	@Test
	void aRetiringWorkerThatCannotBeToldToExitIsKilled() {
		DispatcherBench bench = new DispatcherBench(1, 8, 1, Duration.ZERO, 1).running();
		this.bench = bench;
		FailingLink link = new FailingLink(null);
		Worker worker = bench.launched(0, link);
		FakeProcess process = new FakeProcess();
		WorkerProcess watched = WorkerProcess.adopt(process, "pool#0");
		worker.process = watched;
		try {
			bench.dispatcher.ready(worker);
			Call call = bench.dispatched();
			link.failure = new TimeoutException("stuck");
			bench.dispatcher.answered(worker, call.id);
			assertThat(process.isAlive()).as("not before the send thread ran").isTrue();
			bench.runtime.runReady();
			assertThat(link.attempts).containsExactly(FrameType.REQUEST, FrameType.SHUTDOWN);
			assertThat(process.isAlive()).isFalse();
		}
		finally {
			process.exit(0);
			watched.release();
		}
	}

	@Test
	void aRetiringWorkerIsToldToExitOnTheSendThreadAndAnInterruptThereIsKept() {
		DispatcherBench bench = new DispatcherBench(1, 8, 1, Duration.ZERO, 1).running();
		this.bench = bench;
		FailingLink link = new FailingLink(null);
		Worker worker = bench.launched(0, link);
		bench.dispatcher.ready(worker);
		Call call = bench.dispatched();
		link.failure = new InterruptedException();
		bench.dispatcher.answered(worker, call.id);
		assertThat(link.attempts).containsExactly(FrameType.REQUEST);
		bench.runtime.runReady();
		assertThat(link.attempts).containsExactly(FrameType.REQUEST, FrameType.SHUTDOWN);
		assertThat(Thread.interrupted()).isTrue();
	}

	@Test
	void aStoppedGroupHasNoSendThreadToUse() {
		Worker worker = this.bench.ready(0);
		this.bench.workers.full = true;
		this.bench.dispatcher.releaseAll();
		Call call = this.bench.call();
		call.worker = worker;
		new Outbox(this.bench.dispatcher, this.bench.members, this.bench.calls, "pool").sendMoved(List.of(call));
		this.bench.runtime.runReady();
		assertThat(requestsTo(worker)).isEmpty();
	}

	/**
	 * A link whose blocking sends fail as told, and whose {@code trySend} finds no room
	 * when told, so what goes through the send thread can be made to fail there.
	 */
	static final class FailingLink implements WorkerLink {

		volatile Exception failure;

		volatile boolean refuseTrySend;

		final List<FrameType> attempts = new CopyOnWriteArrayList<>();

		final AtomicBoolean closed = new AtomicBoolean();

		FailingLink(Exception failure) {
			this.failure = failure;
		}

		@Override
		public Map<String, String> childSettings() {
			return Map.of();
		}

		@Override
		public void start(FrameListener listener) {
		}

		@Override
		public void send(Frame frame, Duration timeout) throws TimeoutException, InterruptedException {
			this.attempts.add(frame.type());
			Exception failure = this.failure;
			if (failure instanceof TimeoutException timeoutException) {
				throw timeoutException;
			}
			if (failure instanceof InterruptedException interrupted) {
				throw interrupted;
			}
			if (failure instanceof LinkClosedException linkClosed) {
				throw linkClosed;
			}
		}

		@Override
		public boolean trySend(Frame frame) {
			if (this.refuseTrySend) {
				return false;
			}
			this.attempts.add(frame.type());
			return true;
		}

		@Override
		public void close() {
			this.closed.set(true);
		}

	}

}
