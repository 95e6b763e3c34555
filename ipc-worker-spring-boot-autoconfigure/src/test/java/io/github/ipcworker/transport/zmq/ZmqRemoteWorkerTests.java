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
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
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
 * Tests for workers that join a group on their own through
 * {@link ZmqTransport#acceptRemoteWorkers}, both ends in this JVM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ZmqRemoteWorkerTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

	private static final long TAKE_TIMEOUT_MS = 10_000L;

	/**
	 * Heartbeats fast enough for tests of silence to end quickly, with a timeout long
	 * enough to outlast a connection made again after a hanging handshake.
	 */
	private static final ZmqOptions FAST = ZmqOptions.defaults()
		.withHeartbeat(Duration.ofMillis(100), Duration.ofMillis(1500));

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	private final BlockingQueue<Joined> joined = new LinkedBlockingQueue<>();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@Test
	void shouldRouteToEachWorkerThatJoinedAndKeepServingWhenOneLeaves() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("remote", FAST));
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(new Joined(link, address)));
		ChildLink hostA = connect(transport, "host-a");
		ChildLink hostB = connect(transport, "host-b");
		hostA.send(ready("a"));
		hostB.send(ready("b"));
		Started first = start(takeJoined());
		Started second = start(takeJoined());
		Started a = first.name().equals("a") ? first : second;
		Started b = first.name().equals("a") ? second : first;
		assertThat(b.name()).isEqualTo("b");
		assertThat(a.link()).isNotSameAs(b.link());
		assertThat(a.address()).matches("127\\.0\\.0\\.1:\\d+");
		assertThat(((ZmqWorkerLink) a.link()).isRemote()).isTrue();
		assertThat(a.link().childSettings()).containsEntry(WorkerLink.TRANSPORT_KEY, "zmq");

		a.link().send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[] { 'a' }), SEND_TIMEOUT);
		b.link().send(Frame.of(FrameType.REQUEST, 0, 0, 2L, new byte[] { 'b' }), SEND_TIMEOUT);
		assertThat(hostA.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(1L);
		assertThat(hostB.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(2L);
		assertThat(hostA.receive(TimeUnit.MILLISECONDS.toNanos(300))).isNull();
		assertThat(hostB.receive(TimeUnit.MILLISECONDS.toNanos(300))).isNull();

		hostA.close();
		assertThat(a.listener().closed.get(2, TimeUnit.SECONDS)).isEmpty();
		b.link().send(Frame.of(FrameType.REQUEST, 0, 0, 3L, new byte[0]), SEND_TIMEOUT);
		assertThat(hostB.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(3L);
		hostB.send(Frame.of(FrameType.RESPONSE, 0, 0, 3L, new byte[] { 3 }));
		assertThat(b.listener().take(TAKE_TIMEOUT_MS).payload()).containsExactly(3);
		assertThat(b.listener().closed).isNotDone();
	}

	@Test
	void shouldGiveUpOnRemoteWorkerThatFallsSilentAndNotTakeItBackWithoutReady() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("remote", FAST));
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(new Joined(link, address)));
		RawPeer worker = track(RawPeer.dealer(transport.endpoint(), "silent", null));
		worker.sendReady();
		Started silent = start(takeJoined());
		Optional<Throwable> cause = silent.listener().closed.get(10, TimeUnit.SECONDS);
		assertThat(cause).get().isInstanceOf(LinkClosedException.class);
		worker.sendFrame(null, Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		Thread.sleep(300);
		assertThat(this.joined).isEmpty();
		assertThat(silent.listener().frames).isEmpty();
	}

	@Test
	void shouldIgnoreWorkersAskingToJoinAGroupThatTakesNone(CapturedOutput output) throws Exception {
		ZmqTransport transport = track(new ZmqTransport("local-only", FAST));
		ChildLink host = track(ZmqChildLink.connect(ZmqChildLink.remoteSettings(transport.endpoint(), "local-only")
			.heartbeat(Duration.ofMillis(100), Duration.ofMillis(1500))
			.toMap()));
		host.send(ready("x"));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> host.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("nothing heard");
		assertThat(output).contains("that asked to join group 'local-only': the group takes no remote workers");
	}

	@Test
	void shouldRefuseToAcceptTwice() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("remote", FAST));
		transport.acceptRemoteWorkers((link, address) -> {
		});
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> transport.acceptRemoteWorkers((link, address) -> {
			}));
	}

	@Test
	void shouldCloseRemoteLinksWithTheTransport() throws Exception {
		ZmqTransport transport = new ZmqTransport("remote", ZmqOptions.defaults());
		transport.acceptRemoteWorkers((link, address) -> this.joined.add(new Joined(link, address)));
		ChildLink host = connect(transport, "host");
		host.send(ready("h"));
		Started started = start(takeJoined());
		transport.close();
		assertThat(started.listener().closed.get(2, TimeUnit.SECONDS)).isEmpty();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> host.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("closed the link");
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThatExceptionOfType(LinkClosedException.class)
				.isThrownBy(() -> started.link().send(Frame.of(FrameType.REQUEST, 0, 1L), SEND_TIMEOUT)));
	}

	private Joined takeJoined() throws InterruptedException {
		Joined joined = this.joined.poll(TAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
		assertThat(joined).as("a worker joined within %d ms", TAKE_TIMEOUT_MS).isNotNull();
		track(joined.link());
		return joined;
	}

	private Started start(Joined joined) throws InterruptedException {
		RecordingFrameListener listener = new RecordingFrameListener();
		joined.link().start(listener);
		Frame ready = listener.take(TAKE_TIMEOUT_MS);
		assertThat(ready.type()).isEqualTo(FrameType.READY);
		return new Started(new String(ready.payload(), StandardCharsets.UTF_8), joined.link(), joined.address(),
				listener);
	}

	private ChildLink connect(ZmqTransport transport, String routingId) throws Exception {
		Map<String, String> settings = ZmqChildLink.remoteSettings(transport.endpoint(), "remote")
			.routingId(routingId)
			.heartbeat(Duration.ofMillis(100), Duration.ofMillis(1500))
			.toMap();
		return track(ZmqChildLink.connect(settings));
	}

	private static Frame ready(String name) {
		return Frame.of(FrameType.READY, 0, 0, 0L, name.getBytes(StandardCharsets.UTF_8));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

	private record Joined(WorkerLink link, String address) {

	}

	private record Started(String name, WorkerLink link, String address, RecordingFrameListener listener) {

	}

}
