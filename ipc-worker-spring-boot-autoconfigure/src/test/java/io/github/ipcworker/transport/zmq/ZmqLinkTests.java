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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ZmqWorkerLink} and {@link ZmqChildLink}, both ends in this JVM, and
 * against bare sockets playing broken peers.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZmqLinkTests {

	private static final int MAX_MESSAGE_SIZE = 64 << 20;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

	private static final long TAKE_TIMEOUT_MS = 10_000L;

	/** Heartbeats fast enough for tests of silence to end quickly. */
	private static final ZmqOptions FAST = ZmqOptions.defaults()
		.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(600));

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	private final RecordingFrameListener listener = new RecordingFrameListener();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, 1024, 4 << 20, 32 << 20 })
	void shouldRoundTripPayloadsOfAnySize(int size) throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		link.start(this.listener);
		ChildLink child = connect(link.childSettings());
		byte[] payload = new byte[size];
		new SplittableRandom(size).nextBytes(payload);
		link.send(Frame.of(FrameType.REQUEST, FrameDescriptor.FLAG_RAW, 3, 11L, payload), SEND_TIMEOUT);
		Frame request = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(request).isNotNull();
		assertThat(request.type()).isEqualTo(FrameType.REQUEST);
		assertThat(request.requestId()).isEqualTo(11L);
		assertThat(request.workerIndex()).isEqualTo(3);
		assertThat(request.flags()).isEqualTo(FrameDescriptor.FLAG_RAW);
		assertThat(request.payload()).isEqualTo(payload);
		child.send(new Frame(FrameType.RESPONSE, 0, 3, 11L, 0, 1234L, request.payload()));
		Frame response = this.listener.take(TAKE_TIMEOUT_MS);
		assertThat(response.type()).isEqualTo(FrameType.RESPONSE);
		assertThat(response.executionTimeNs()).isEqualTo(1234L);
		assertThat(response.payload()).isEqualTo(payload);
		assertThat(this.listener.badRequestIds).isEmpty();
	}

	@Test
	void shouldGiveWorkerWhatItNeedsToConnect() throws Exception {
		ZmqTransport transport = transport(ZmqOptions.defaults());
		ZmqWorkerLink first = track(transport.open(0));
		ZmqWorkerLink second = track(transport.open(1));
		Map<String, String> settings = first.childSettings();
		assertThat(transport.endpoint()).matches("tcp://127\\.0\\.0\\.1:\\d+");
		assertThat(settings).containsEntry(WorkerLink.TRANSPORT_KEY, "zmq")
			.containsEntry(ZmqChildLink.ENDPOINT_KEY, transport.endpoint())
			.containsEntry(ZmqChildLink.GROUP_KEY, "test")
			.containsEntry(ZmqChildLink.HEARTBEAT_INTERVAL_KEY, "1000")
			.containsEntry(ZmqChildLink.HEARTBEAT_TIMEOUT_KEY, "5000")
			.doesNotContainKeys(ZmqChildLink.SERVER_PUBLIC_KEY_KEY, ZmqChildLink.SECRET_KEY_KEY);
		assertThat(settings.get(ZmqChildLink.ROUTING_ID_KEY)).startsWith("w0-")
			.isNotEqualTo(second.childSettings().get(ZmqChildLink.ROUTING_ID_KEY));
	}

	@Test
	void shouldHoldFramesSentBeforeWorkerConnects() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		link.start(this.listener);
		for (long id = 1; id <= 3; id++) {
			link.send(Frame.of(FrameType.REQUEST, 0, 0, id, new byte[] { (byte) id }), SEND_TIMEOUT);
		}
		ChildLink child = connect(link.childSettings());
		for (long id = 1; id <= 3; id++) {
			Frame frame = child.receive(RECEIVE_TIMEOUT_NS);
			assertThat(frame).isNotNull();
			assertThat(frame.requestId()).isEqualTo(id);
		}
	}

	@Test
	void shouldReportBadFramesWithTheirRequestIdAndKeepDelivering() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults().withMaxMessageSize(1 << 20));
		link.start(this.listener);
		RawPeer worker = track(RawPeer.dealer(endpoint(link), routingId(link), null));
		// A message of another number of parts ends the link instead: see
		// ZmqClosedByDefaultTests.
		byte[] unknownType = ZmqMessages.header(Frame.of(FrameType.RESPONSE, 0, 0, 8L, new byte[0]));
		unknownType[FrameDescriptor.TYPE_FIELD_OFFSET] = (byte) 0x7F;
		worker.send(unknownType, new byte[0]);
		worker.send(new byte[10], new byte[0]);
		worker.send(ZmqMessages.header(Frame.of(FrameType.RESPONSE, 0, 0, 9L, new byte[5])), new byte[3]);
		byte[] tooLarge = new byte[(1 << 20) - 20];
		worker.send(ZmqMessages.header(Frame.of(FrameType.RESPONSE, 0, 0, 10L, tooLarge)), tooLarge);
		worker.sendFrame(null, Frame.of(FrameType.RESPONSE, 0, 0, 11L, new byte[] { 42 }));
		Frame good = this.listener.take(TAKE_TIMEOUT_MS);
		assertThat(good.requestId()).isEqualTo(11L);
		assertThat(good.payload()).containsExactly(42);
		assertThat(this.listener.badRequestIds).containsExactly(8L, 0L, 9L, 10L);
		List<RuntimeException> problems = new ArrayList<>(this.listener.badFrameProblems);
		assertThat(problems.subList(0, 3)).allMatch(FrameFormatException.class::isInstance);
		assertThat(problems.get(3)).isInstanceOf(IpcMessageTooLargeException.class);
	}

	@Test
	void shouldCloseConnectionOfPeerSendingPartLargerThanMaxMessageSize() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults().withMaxMessageSize(1 << 20));
		link.start(this.listener);
		RawPeer worker = track(RawPeer.dealer(endpoint(link), routingId(link), null));
		byte[] huge = new byte[2 << 20];
		worker.sendFrame(null, Frame.of(FrameType.RESPONSE, 0, 0, 1L, huge));
		// ZeroMQ closes the connection before reading the part; what the peer sent
		// meanwhile is lost with it, and the peer connects again.
		Frame frame = null;
		for (int attempt = 0; attempt < 50 && frame == null; attempt++) {
			worker.sendFrame(null, Frame.of(FrameType.RESPONSE, 0, 0, 2L, new byte[] { 1 }));
			frame = this.listener.frames.poll(200, TimeUnit.MILLISECONDS);
		}
		assertThat(frame).isNotNull();
		assertThat(frame.requestId()).isEqualTo(2L);
		assertThat(this.listener.frames).allMatch((received) -> received.requestId() == 2L);
		assertThat(this.listener.badRequestIds).isEmpty();
	}

	@Test
	void shouldReportBadFramesFromParentToWorkerAndKeepReceiving() throws Exception {
		RawPeer parent = track(RawPeer.router());
		byte[] routingId = "w0-test".getBytes(StandardCharsets.US_ASCII);
		ChildLink child = connect(ZmqChildLink.remoteSettings(parent.endpoint(), "test").routingId("w0-test").toMap());
		List<Long> bad = new ArrayList<>();
		child.onBadFrame((requestId, problem) -> bad.add(requestId));
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		assertThat(parent.receive(10_000)).isNotEmpty();
		parent.send(routingId, new byte[12], new byte[0]);
		parent.send(routingId, ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 0, 5L, new byte[4])), new byte[2]);
		parent.sendFrame(routingId, Frame.of(FrameType.REQUEST, 0, 0, 6L, new byte[] { 6 }));
		Frame frame = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(frame).isNotNull();
		assertThat(frame.requestId()).isEqualTo(6L);
		assertThat(bad).containsExactly(0L, 5L);
	}

	@Test
	void shouldKeepDeliveringWhenAListenerInterruptsItsThread() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		RecordingFrameListener interrupting = new RecordingFrameListener() {

			@Override
			public void onFrame(Frame frame) {
				super.onFrame(frame);
				Thread.currentThread().interrupt();
			}

		};
		link.start(interrupting);
		ChildLink child = connect(link.childSettings());
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(interrupting.take(TAKE_TIMEOUT_MS).requestId()).isEqualTo(1L);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 2L, new byte[0]));
		assertThat(interrupting.take(TAKE_TIMEOUT_MS).requestId()).isEqualTo(2L);
		assertThat(interrupting.closed).isNotDone();
	}

	@Test
	void shouldReportClosedWhenWorkerFallsSilent() throws Exception {
		ZmqWorkerLink link = open(FAST);
		link.start(this.listener);
		RawPeer worker = track(RawPeer.dealer(endpoint(link), routingId(link), null));
		worker.sendFrame(null, Frame.of(FrameType.HEARTBEAT, 0, 0L));
		long startNs = System.nanoTime();
		Optional<Throwable> cause = this.listener.closed.get(5, TimeUnit.SECONDS);
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
		assertThat(cause).get()
			.isInstanceOf(LinkClosedException.class)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("heartbeat timeout");
		// A second more when the first handshake hangs: see ZmqOptions.
		assertThat(elapsedMs).isBetween(500L, 3_000L);
		assertThat(this.listener.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 1L), SEND_TIMEOUT));
	}

	@Test
	void shouldKeepLinkAliveWhileWorkerIsBusyForLongerThanTheTimeout() throws Exception {
		ZmqWorkerLink link = open(FAST);
		link.start(this.listener);
		ChildLink child = connect(link.childSettings());
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		assertThat(this.listener.take(TAKE_TIMEOUT_MS).type()).isEqualTo(FrameType.READY);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[0]), SEND_TIMEOUT);
		// The handler runs for three heartbeat timeouts without touching the link.
		Thread.sleep(1_800);
		assertThat(this.listener.closed).isNotDone();
		Frame request = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(request).isNotNull();
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(this.listener.take(TAKE_TIMEOUT_MS).requestId()).isEqualTo(1L);
	}

	@Test
	void shouldWakeEachEndOfAnIdleLinkAboutOncePerIdleHeartbeat() throws Exception {
		// Idle after 600 ms of nothing but heartbeats, then heartbeats 240 ms apart.
		ZmqWorkerLink link = open(FAST);
		link.start(this.listener);
		ZmqChildLink child = (ZmqChildLink) connect(link.childSettings());
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		assertThat(this.listener.take(TAKE_TIMEOUT_MS).type()).isEqualTo(FrameType.READY);
		// The worker waits for a request, as its serving thread does.
		CompletableFuture<Frame> serving = new CompletableFuture<>();
		Thread servingThread = new Thread(() -> {
			try {
				serving.complete(child.receive(TimeUnit.MILLISECONDS.toNanos(3_500)));
			}
			catch (Throwable ex) {
				serving.completeExceptionally(ex);
			}
		}, "test-serving");
		servingThread.start();
		Thread.sleep(1_000);
		long waitsBefore = child.waits();
		long turnsBefore = link.ioTurns();
		Thread.sleep(2_000);
		long waits = child.waits() - waitsBefore;
		long turns = link.ioTurns() - turnsBefore;
		// About 8 heartbeats each way in 2 s. A quarter-interval tick or wait would be
		// 80 wake-ups, and heartbeats a full interval apart 20 each way.
		assertThat(waits).as("wake-ups of the worker's serving thread in 2 s").isBetween(1L, 14L);
		assertThat(turns).as("wake-ups of the group's I/O thread in 2 s").isBetween(1L, 24L);
		assertThat(this.listener.closed).isNotDone();
		assertThat(serving.get(10, TimeUnit.SECONDS)).isNull();
		servingThread.join(TAKE_TIMEOUT_MS);
		assertThat(this.listener.closed).isNotDone();
	}

	@Test
	void shouldReportClosedWhenWorkerOfAnIdleLinkFallsSilent() throws Exception {
		ZmqWorkerLink link = open(FAST);
		link.start(this.listener);
		RawPeer worker = track(RawPeer.dealer(endpoint(link), routingId(link), null));
		// Nothing but heartbeats for twice the timeout: the group's heartbeats go further
		// apart, and the worker's silence must still be found at the timeout.
		long idleUntilNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_200);
		while (System.nanoTime() - idleUntilNs < 0) {
			worker.sendFrame(null, Frame.of(FrameType.HEARTBEAT, 0, 0L));
			Thread.sleep(100);
		}
		assertThat(this.listener.closed).isNotDone();
		long startNs = System.nanoTime();
		Optional<Throwable> cause = this.listener.closed.get(5, TimeUnit.SECONDS);
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
		assertThat(cause).get()
			.isInstanceOf(LinkClosedException.class)
			.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("heartbeat timeout");
		assertThat(elapsedMs).isBetween(400L, 1_500L);
	}

	@Test
	void shouldTellWorkerWhenParentFallsSilent() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = connect(ZmqChildLink.remoteSettings(parent.endpoint(), "test")
			.heartbeat(Duration.ofMillis(100), Duration.ofMillis(600))
			.toMap());
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		long startNs = System.nanoTime();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("nothing heard");
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isBetween(500L, 2_000L);
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(child::poll);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> child.send(Frame.of(FrameType.HEARTBEAT, 0, 0L)));
	}

	@Test
	void shouldWaitForParentAsLongAsWorkerHasSentNothing() throws Exception {
		RawPeer parent = track(RawPeer.router());
		ChildLink child = connect(ZmqChildLink.remoteSettings(parent.endpoint(), "test")
			.heartbeat(Duration.ofMillis(100), Duration.ofMillis(300))
			.toMap());
		// A worker still starting up has nothing to say and expects nothing yet.
		assertThat(child.receive(TimeUnit.MILLISECONDS.toNanos(1_000))).isNull();
	}

	@Test
	void shouldCloseLinkAndReportTheErrorWhenListenerThrowsAnError() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		Error failure = new OutOfMemoryError("test: no room for the answer");
		RecordingFrameListener failing = new RecordingFrameListener() {

			@Override
			public void onFrame(Frame frame) {
				super.onFrame(frame);
				throw failure;
			}

		};
		link.start(failing);
		ChildLink child = connect(link.childSettings());
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(failing.closed.get(2, TimeUnit.SECONDS)).containsSame(failure);
		assertThat(failing.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 2L), SEND_TIMEOUT));
		// The worker is told: the link is closed at both ends.
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> child.receive(TimeUnit.SECONDS.toNanos(5)));
		assertThat(failing.frames).extracting(Frame::requestId).containsExactly(1L);
		assertThat(failing.closedCalls).hasValue(1);
	}

	@Test
	void shouldReportOrderlyCloseAtOnceWhenWorkerCloses() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		link.start(this.listener);
		ChildLink child = connect(link.childSettings());
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		this.listener.take(TAKE_TIMEOUT_MS);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 9L, new byte[100]));
		child.close();
		// Sent just before closing: the close passes it on before the goodbye.
		assertThat(this.listener.take(TAKE_TIMEOUT_MS).requestId()).isEqualTo(9L);
		assertThat(this.listener.closed.get(2, TimeUnit.SECONDS)).isEmpty();
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 1L), SEND_TIMEOUT))
			.withMessageContaining("closed its end");
	}

	@Test
	void shouldTellWorkerAtOnceWhenLinkIsClosed() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		link.start(this.listener);
		ChildLink child = connect(link.childSettings());
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		this.listener.take(TAKE_TIMEOUT_MS);
		long startNs = System.nanoTime();
		link.close();
		assertThat(this.listener.closed.get(2, TimeUnit.SECONDS)).isEmpty();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("closed the link");
		// Much sooner than the heartbeat timeout of 5 s.
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs)).isLessThan(2_000L);
	}

	@Test
	void shouldFailSendsAfterClose() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		link.start(this.listener);
		ChildLink child = connect(link.childSettings());
		link.close();
		link.close();
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 1L), SEND_TIMEOUT));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> link.start(this.listener));
		child.close();
		child.close();
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> child.send(Frame.of(FrameType.RESPONSE, 0, 1L)));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS));
		assertThat(this.listener.closedCalls).hasValue(1);
	}

	@Test
	void shouldTimeOutSenderWhileWorkerDoesNotTakeFramesAndFailItOnClose() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults());
		for (int i = 0; i < ZmqTransport.SEND_QUEUE_CAPACITY; i++) {
			link.send(Frame.of(FrameType.REQUEST, 0, i), Duration.ofMillis(100));
		}
		assertThatExceptionOfType(TimeoutException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 99L), Duration.ofMillis(100)));
		CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
			try {
				link.send(Frame.of(FrameType.REQUEST, 0, 100L), SEND_TIMEOUT);
				return null;
			}
			catch (Exception ex) {
				return ex;
			}
		});
		Thread.sleep(200);
		link.close();
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isInstanceOf(LinkClosedException.class);
	}

	@Test
	void shouldRefuseFramesLargerThanMaxMessageSizeOnBothEnds() throws Exception {
		ZmqWorkerLink link = open(ZmqOptions.defaults().withMaxMessageSize(1024));
		ChildLink child = connect(link.childSettings());
		Frame tooLarge = Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[1024 - FrameDescriptor.HEADER_LENGTH + 1]);
		assertThatExceptionOfType(IpcMessageTooLargeException.class).isThrownBy(() -> link.send(tooLarge, SEND_TIMEOUT))
			.withMessageContaining("1025 bytes");
		assertThatExceptionOfType(IpcMessageTooLargeException.class).isThrownBy(() -> child.send(tooLarge));
	}

	@Test
	void shouldRefuseToOpenLinksOnceClosed() throws Exception {
		ZmqTransport transport = transport(ZmqOptions.defaults());
		transport.close();
		transport.close();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> transport.open(0));
	}

	@Test
	void shouldLeaveNoThreadBehindOnceClosed() throws Exception {
		Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
		CurveKeys serverKeys = CurveKeys.generate();
		CurveKeys hostKeys = CurveKeys.generate();
		ZmqTransport transport = new ZmqTransport("threads",
				ZmqOptions.defaults().withCurve(serverKeys, Set.of(hostKeys.publicKey())));
		BlockingQueue<WorkerLink> joined = new LinkedBlockingQueue<>();
		transport.acceptRemoteWorkers((link, address) -> joined.add(link));
		ZmqWorkerLink local = transport.open(0);
		local.start(this.listener);
		ChildLink child = ZmqChildLink.connect(local.childSettings());
		ChildLink host = ZmqChildLink.connect(ZmqChildLink.remoteSettings(transport.endpoint(), "threads")
			.curve(serverKeys.publicKey(), hostKeys)
			.toMap());
		host.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		WorkerLink remote = joined.poll(10, TimeUnit.SECONDS);
		assertThat(remote).isNotNull();
		remote.start(new RecordingFrameListener());
		local.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[0]), SEND_TIMEOUT);
		assertThat(child.receive(RECEIVE_TIMEOUT_NS)).isNotNull();
		assertThat(newThreads(before))
			.contains("ipc-worker-zmq-threads-io", "ipc-worker-zmq-threads-curve", "ipc-worker-zmq-threads-joins",
					"ipc-worker-zmq-threads-worker-heartbeat")
			.anyMatch((name) -> name.startsWith("ipc-worker-zmq-threads-jeromq-"))
			.anyMatch((name) -> name.startsWith("ipc-worker-zmq-threads-worker-jeromq-"));
		child.close();
		host.close();
		transport.close();
		assertThat(newThreads(before)).isEmpty();
	}

	private static List<String> newThreads(Set<Thread> before) {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> !before.contains(thread) && thread.isAlive())
			.map(Thread::getName)
			.sorted()
			.toList();
	}

	@Test
	void shouldReadRequestIdOfUndecodableMessages() {
		byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];
		ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN).putLong(FrameDescriptor.REQUEST_ID_FIELD_OFFSET, 77L);
		assertThat(ZmqMessages.requestId(new ZmqMessages.Received(null, List.of(header), 1, null, null)))
			.isEqualTo(77L);
		assertThat(ZmqMessages.requestId(new ZmqMessages.Received(null, List.of(new byte[15]), 1, null, null)))
			.isZero();
		assertThat(ZmqMessages.decode(new ZmqMessages.Received(null, List.of(new byte[0]), 1, null, null), 100, null))
			.as("goodbye")
			.isNull();
	}

	private ZmqWorkerLink open(ZmqOptions options) throws Exception {
		return track(transport(options).open(0));
	}

	private ZmqTransport transport(ZmqOptions options) {
		return track(new ZmqTransport("test", options));
	}

	private ChildLink connect(Map<String, String> settings) throws Exception {
		return track(ZmqChildLink.connect(settings));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

	private static String endpoint(ZmqWorkerLink link) {
		return link.childSettings().get(ZmqChildLink.ENDPOINT_KEY);
	}

	private static String routingId(ZmqWorkerLink link) {
		return link.childSettings().get(ZmqChildLink.ROUTING_ID_KEY);
	}

}
