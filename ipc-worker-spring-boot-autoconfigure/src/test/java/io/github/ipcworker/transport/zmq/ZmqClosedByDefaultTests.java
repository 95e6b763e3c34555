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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.transport.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests that the ZeroMQ transport stays closed to peers it did not admit: when its CURVE
 * guard ends, against messages of another shape than a frame, and against one key or many
 * opening more workers than allowed.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ZmqClosedByDefaultTests {

	private static final long TAKE_TIMEOUT_MS = 10_000L;

	/** How long a worker that must not join is given to join anyway. */
	private static final long REFUSED_WAIT_MS = 1_500L;

	private static final CurveKeys SERVER_KEYS = CurveKeys.generate();

	private static final CurveKeys HOST_KEYS = CurveKeys.generate();

	private static final CurveKeys OTHER_HOST_KEYS = CurveKeys.generate();

	private static final CurveKeys STRANGER_KEYS = CurveKeys.generate();

	/** Heartbeats slow enough that no link ends by timeout during a test. */
	private static final ZmqOptions SLOW = ZmqOptions.defaults()
		.withHeartbeat(Duration.ofSeconds(1), Duration.ofSeconds(30));

	private static final ZmqOptions CURVE = SLOW.withCurve(SERVER_KEYS,
			Set.of(HOST_KEYS.publicKey(), OTHER_HOST_KEYS.publicKey()));

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	private final BlockingQueue<WorkerLink> joined = new LinkedBlockingQueue<>();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@Test
	void shouldAdmitNoWorkerOnceTheCurveGuardHasEnded(CapturedOutput output) throws Exception {
		ZmqTransport transport = track(new ZmqTransport("guarded", CURVE));
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(link));
		CurveGuard guard = transport.curveGuard();
		assertThat(guard).isNotNull();
		// Not through close(): to the transport, the guard ends unexpectedly.
		guard.stop();
		await().atMost(Duration.ofSeconds(10)).until(() -> !threadAlive("ipc-worker-zmq-guarded-curve"));
		RawPeer stranger = track(RawPeer.dealer(transport.endpoint(), "stranger",
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), STRANGER_KEYS)));
		stranger.sendReady();
		RawPeer host = track(RawPeer.dealer(transport.endpoint(), "host",
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), HOST_KEYS)));
		host.sendReady();
		WorkerLink link = this.joined.poll(REFUSED_WAIT_MS * 2, TimeUnit.MILLISECONDS);
		if (link != null) {
			track(link);
		}
		assertThat(link).as("a worker that joined without the guard").isNull();
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> transport.open(0))
			.withMessageContaining("CURVE guard");
		assertThat(output).contains("The CURVE guard of group 'guarded' ended");
	}

	@Test
	void shouldCloseTheLinkOfAWorkerThatSendsAMessageOfMorePartsThanAFrame(CapturedOutput output) throws Exception {
		ZmqTransport transport = track(new ZmqTransport("parts", SLOW));
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(link));
		RawPeer worker = track(RawPeer.dealer(transport.endpoint(), "many-parts", null));
		worker.sendReady();
		WorkerLink link = take();
		RecordingFrameListener listener = new RecordingFrameListener();
		link.start(listener);
		assertThat(listener.take(TAKE_TIMEOUT_MS).type()).isEqualTo(FrameType.READY);
		byte[] header = ZmqMessages.header(Frame.of(FrameType.RESPONSE, 0, 0, 7L, new byte[0]));
		worker.send(header, new byte[0], new byte[1], new byte[1]);
		Optional<Throwable> cause = listener.closed.get(10, TimeUnit.SECONDS);
		assertThat(cause).get().isInstanceOf(LinkClosedException.class);
		assertThat(cause.get()).hasMessageContaining("4 parts");
		// Told to go, and no longer heard.
		assertThat(worker.receive(10_000)).hasSize(1).allMatch((part) -> part.length == 0);
		worker.sendFrame(null, Frame.of(FrameType.RESPONSE, 0, 0, 8L, new byte[0]));
		Thread.sleep(300);
		assertThat(listener.frames).isEmpty();
		assertThat(listener.badRequestIds).isEmpty();
	}

	@Test
	void shouldEndTheWorkerSideLinkOnAMessageOfMorePartsThanAFrame() throws Exception {
		RawPeer parent = track(RawPeer.router());
		byte[] routingId = "w0-parts".getBytes(StandardCharsets.US_ASCII);
		ChildLink child = track(ZmqChildLink.connect(ZmqChildLink.remoteSettings(parent.endpoint(), "test")
			.routingId("w0-parts")
			.heartbeat(Duration.ofSeconds(1), Duration.ofSeconds(30))
			.toMap()));
		List<Long> bad = new ArrayList<>();
		child.onBadFrame((requestId, problem) -> bad.add(requestId));
		child.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		assertThat(parent.receive(10_000)).isNotEmpty();
		byte[] header = ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 0, 5L, new byte[0]));
		parent.send(routingId, header, new byte[0], new byte[1]);
		parent.sendFrame(routingId, Frame.of(FrameType.REQUEST, 0, 0, 6L, new byte[0]));
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> child.receive(TimeUnit.SECONDS.toNanos(10)))
			.withMessageContaining("3 parts");
		assertThat(bad).isEmpty();
	}

	@Test
	void shouldCapRemoteWorkersPerKeyAndPerGroup(CapturedOutput output) throws Exception {
		ZmqTransport transport = track(new ZmqTransport("capped", CURVE.withRemoteWorkerCaps(2, 3)));
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(link));
		for (int i = 0; i < 3; i++) {
			track(RawPeer.dealer(transport.endpoint(), "a" + i,
					new RawPeer.CurveClient(SERVER_KEYS.publicKey(), HOST_KEYS)))
				.sendReady();
		}
		WorkerLink first = take();
		take();
		assertRefused();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains(ZmqOptions.MAX_WORKERS_PER_KEY_PROPERTY + "=2"));
		for (int i = 0; i < 2; i++) {
			track(RawPeer.dealer(transport.endpoint(), "b" + i,
					new RawPeer.CurveClient(SERVER_KEYS.publicKey(), OTHER_HOST_KEYS)))
				.sendReady();
		}
		take();
		assertRefused();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output).contains(ZmqOptions.MAX_REMOTE_WORKERS_PROPERTY + "=3"));
		// A place freed by a worker that left is taken again.
		first.close();
		track(RawPeer.dealer(transport.endpoint(), "a-again",
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), HOST_KEYS)))
			.sendReady();
		take();
	}

	private WorkerLink take() throws InterruptedException {
		WorkerLink link = this.joined.poll(TAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertThat(link).as("a worker joined within %d ms", TAKE_TIMEOUT_MS).isNotNull();
		return track(link);
	}

	private void assertRefused() throws InterruptedException {
		WorkerLink link = this.joined.poll(REFUSED_WAIT_MS, TimeUnit.MILLISECONDS);
		if (link != null) {
			track(link);
		}
		assertThat(link).as("a worker beyond the cap").isNull();
	}

	private static boolean threadAlive(String name) {
		return Thread.getAllStackTraces().keySet().stream().anyMatch((thread) -> thread.getName().equals(name));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

}
