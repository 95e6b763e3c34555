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
package io.github.ipcworker.transport.zmq;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.RecordingFrameListener;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests of the ZeroMQ request path with the fewest hand-offs: the parent's I/O thread
 * completes frames and sends moved calls itself ({@link ZmqWorkerLink#trySend}), and the
 * worker's serving thread owns its socket ({@link ZmqChildLink}).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZmqDirectPathTests {

	private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

	private static final long TAKE_TIMEOUT_MS = 10_000L;

	private static final int MAX_MESSAGE_SIZE = 1 << 20;

	private static final byte[] WORKER = "w1".getBytes(StandardCharsets.US_ASCII);

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	// ---------------------------------------------------------------------------------
	// Parent: trySend and the I/O thread as the listener's thread
	// ---------------------------------------------------------------------------------

	@Test
	void shouldCompleteOnIoThreadAndSendMovedCallFromThereAtOnce() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("direct", ZmqOptions.defaults()));
		ZmqWorkerLink link = track(transport.open(0));
		AtomicReference<String> listenerThread = new AtomicReference<>();
		AtomicBoolean accepted = new AtomicBoolean();
		AtomicBoolean leftNothingQueued = new AtomicBoolean();
		RecordingFrameListener listener = new RecordingFrameListener() {

			@Override
			public void onFrame(Frame frame) {
				if (frame.type() == FrameType.RESPONSE) {
					// What the pool does when an answer frees a worker: the next call.
					listenerThread.set(Thread.currentThread().getName());
					accepted.set(link.trySend(Frame.of(FrameType.REQUEST, 0, 0, frame.requestId() + 1, new byte[0])));
					leftNothingQueued.set(link.sendQueue().isEmpty());
				}
				super.onFrame(frame);
			}

		};
		link.start(listener);
		ChildLink child = track(ZmqChildLink.connect(link.childSettings()));
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(listener.take(TAKE_TIMEOUT_MS).requestId()).isEqualTo(1L);
		assertThat(listenerThread.get()).as("no delivering thread between socket and listener")
			.isEqualTo("ipc-worker-zmq-direct-io");
		assertThat(accepted).as("trySend on the I/O thread").isTrue();
		assertThat(leftNothingQueued).as("sent to ZeroMQ at once, not queued for a later turn").isTrue();
		Frame next = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(next).isNotNull();
		assertThat(next.requestId()).isEqualTo(2L);
	}

	@Test
	void shouldQueueTrySendFromOtherThreadsAndRefuseWithoutWaitingWhenFull() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("direct", ZmqOptions.defaults()));
		ZmqWorkerLink link = track(transport.open(0));
		// Not connected yet: frames wait in the link's queue.
		for (int i = 0; i < ZmqTransport.SEND_QUEUE_CAPACITY; i++) {
			assertThat(link.trySend(request(i))).as("frame %d", i).isTrue();
		}
		long startNs = System.nanoTime();
		assertThat(link.trySend(request(ZmqTransport.SEND_QUEUE_CAPACITY))).isFalse();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(500L);
		link.start(new RecordingFrameListener());
		ChildLink child = track(ZmqChildLink.connect(link.childSettings()));
		for (int i = 0; i < ZmqTransport.SEND_QUEUE_CAPACITY; i++) {
			Frame frame = child.receive(RECEIVE_TIMEOUT_NS);
			assertThat(frame).isNotNull();
			assertThat(frame.requestId()).isEqualTo(i);
		}
		// Refused means nothing of it was sent.
		assertThat(child.receive(TimeUnit.MILLISECONDS.toNanos(300))).isNull();
	}

	@Test
	void shouldDeliverEveryFrameQueuedConcurrentlyUnderOneOutstandingWakeUp() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("direct", ZmqOptions.defaults()));
		ZmqWorkerLink link = track(transport.open(0));
		link.start(new RecordingFrameListener());
		ChildLink child = track(ZmqChildLink.connect(link.childSettings()));
		child.send(Frame.of(FrameType.HEARTBEAT, 0, 0L));
		int threads = 4;
		int perThread = 500;
		List<Thread> senders = new ArrayList<>();
		long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		for (int t = 0; t < threads; t++) {
			long base = (long) t * perThread;
			Thread sender = new Thread(() -> {
				for (int i = 0; i < perThread && System.nanoTime() < deadlineNs; i++) {
					while (!link.trySend(request(base + i)) && System.nanoTime() < deadlineNs) {
						Thread.onSpinWait();
					}
				}
			});
			sender.start();
			senders.add(sender);
		}
		long[] next = new long[threads];
		for (int t = 0; t < threads; t++) {
			next[t] = (long) t * perThread;
		}
		for (int received = 0; received < threads * perThread; received++) {
			Frame frame = child.receive(RECEIVE_TIMEOUT_NS);
			assertThat(frame).as("frame %d of %d", received, threads * perThread).isNotNull();
			int t = (int) (frame.requestId() / perThread);
			assertThat(frame.requestId()).as("in order per sender").isEqualTo(next[t]);
			next[t]++;
		}
		for (Thread sender : senders) {
			sender.join(TimeUnit.SECONDS.toMillis(10));
			assertThat(sender.isAlive()).isFalse();
		}
	}

	// ---------------------------------------------------------------------------------
	// Worker: the serving thread owns the DEALER
	// ---------------------------------------------------------------------------------

	@Test
	void shouldSendHeartbeatsWhileServingThreadIsAwayInHandler() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = worker(parent);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		// The "handler" runs for a second: nobody calls the link.
		int heartbeats = 0;
		long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
		while (System.nanoTime() < endNs) {
			Frame frame = receive(parent, 100);
			if (frame != null && frame.type() == FrameType.HEARTBEAT) {
				heartbeats++;
			}
		}
		// One per 100 ms interval; a few may be late on a busy machine.
		assertThat(heartbeats).isGreaterThanOrEqualTo(5);
	}

	@Test
	void shouldNotCountTimeInHandlerAsParentSilenceButStillFindParentGone() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = worker(parent);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(waitFor(parent, FrameType.RESPONSE)).isTrue();
		// The parent keeps sending heartbeats while the worker's "handler" runs three
		// heartbeat timeouts long; they wait in ZeroMQ until the worker reads.
		for (int i = 0; i < 18; i++) {
			parent.sendFrame(WORKER, Frame.of(FrameType.HEARTBEAT, 0, 0L));
			Thread.sleep(100);
		}
		parent.sendFrame(WORKER, Frame.of(FrameType.REQUEST, 0, 0, 7L, new byte[0]));
		Frame request = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(request).isNotNull();
		assertThat(request.requestId()).isEqualTo(7L);
		// Now the parent falls silent: the waiting serving thread gives up on it.
		long startNs = System.nanoTime();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("is gone");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isBetween(400L, 3_000L);
	}

	@Test
	void shouldRefuseInterruptedThreadWithoutTouchingSocket() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = worker(parent);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(waitFor(parent, FrameType.RESPONSE)).isTrue();
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> child.receive(TimeUnit.SECONDS.toNanos(1)));
		Thread.currentThread().interrupt();
		assertThatExceptionOfType(InterruptedException.class)
			.isThrownBy(() -> child.send(Frame.of(FrameType.RESPONSE, 0, 0, 2L, new byte[0])));
		assertThat(Thread.interrupted()).isFalse();
		// Had JeroMQ run on the interrupted thread, its pipes would be closed by now.
		parent.sendFrame(WORKER, Frame.of(FrameType.REQUEST, 0, 0, 9L, new byte[0]));
		Frame request = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(request).isNotNull();
		assertThat(request.requestId()).isEqualTo(9L);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 9L, new byte[0]));
		assertThat(waitFor(parent, FrameType.RESPONSE)).isTrue();
	}

	@Test
	void shouldEndWaitingReceiveAndSayGoodbyeWhenClosedFromAnotherThread() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = worker(parent);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(waitFor(parent, FrameType.RESPONSE)).isTrue();
		CompletableFuture<@Nullable Throwable> outcome = new CompletableFuture<>();
		Thread serving = new Thread(() -> {
			try {
				child.receive(TimeUnit.SECONDS.toNanos(30));
				outcome.complete(null);
			}
			catch (Throwable ex) {
				outcome.complete(ex);
			}
		});
		serving.start();
		Thread.sleep(200);
		long startNs = System.nanoTime();
		child.close();
		assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(LinkClosedException.class);
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(2_000L);
		serving.join(5_000);
		// The goodbye: one empty part after the routing id.
		assertThat(waitForGoodbye(parent)).isTrue();
	}

	@Test
	void shouldSayGoodbyeWhenClosedOnInterruptedThreadAndKeepInterrupt() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = worker(parent);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(waitFor(parent, FrameType.RESPONSE)).isTrue();
		// A worker that stops because it was interrupted closes its link on that thread.
		Thread.currentThread().interrupt();
		try {
			child.close();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
		assertThat(waitForGoodbye(parent)).isTrue();
	}

	private static boolean waitForGoodbye(RawPeer parent) {
		long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (System.nanoTime() < deadlineNs) {
			List<byte[]> parts = parent.receive(100);
			if (parts.size() == 2 && parts.get(1).length == 0) {
				return true;
			}
		}
		return false;
	}

	private ChildLink worker(RawPeer parent) throws Exception {
		Map<String, String> settings = ZmqChildLink.remoteSettings(parent.endpoint(), "test")
			.routingId("w1")
			.heartbeat(Duration.ofMillis(100), Duration.ofMillis(600))
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.toMap();
		return track(ZmqChildLink.connect(settings));
	}

	private static @Nullable Frame receive(RawPeer parent, int timeoutMs) {
		List<byte[]> parts = parent.receive(timeoutMs);
		if (parts.size() != 3) {
			return null;
		}
		return ZmqMessages.decode(new ZmqMessages.Received(parts.get(0), parts.subList(1, 3), 2, null, null),
				MAX_MESSAGE_SIZE, null);
	}

	private static boolean waitFor(RawPeer parent, FrameType type) {
		long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (System.nanoTime() < deadlineNs) {
			Frame frame = receive(parent, 100);
			if (frame != null && frame.type() == type) {
				return true;
			}
		}
		return false;
	}

	private static Frame request(long requestId) {
		return Frame.of(FrameType.REQUEST, 0, 0, requestId, new byte[0]);
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

}
