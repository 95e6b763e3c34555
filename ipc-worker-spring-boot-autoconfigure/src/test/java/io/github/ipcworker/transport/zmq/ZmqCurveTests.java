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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for CURVE on the ZeroMQ transport: who gets in, who is refused and logged, and
 * that a refused worker never gets a frame. Everything stays on loopback.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(OutputCaptureExtension.class)
class ZmqCurveTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

	private static final CurveKeys SERVER_KEYS = CurveKeys.generate();

	private static final CurveKeys HOST_KEYS = CurveKeys.generate();

	private static final CurveKeys STRANGER_KEYS = CurveKeys.generate();

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	private final BlockingQueue<WorkerLink> joined = new LinkedBlockingQueue<>();

	private final ZmqTransport transport = track(
			new ZmqTransport("secure", ZmqOptions.defaults().withCurve(SERVER_KEYS, Set.of(HOST_KEYS.publicKey()))));

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@Test
	void shouldServeLocalWorkerWithAKeyPairMadeForItAlone() throws Exception {
		ZmqWorkerLink link = track(this.transport.open(0));
		ZmqWorkerLink other = track(this.transport.open(1));
		Map<String, String> settings = link.childSettings();
		assertThat(settings).containsEntry(ZmqChildLink.SERVER_PUBLIC_KEY_KEY, SERVER_KEYS.publicKey())
			.containsKeys(ZmqChildLink.PUBLIC_KEY_KEY, ZmqChildLink.SECRET_KEY_KEY)
			.doesNotContainValue(SERVER_KEYS.secretKey());
		assertThat(settings.get(ZmqChildLink.PUBLIC_KEY_KEY))
			.isNotEqualTo(other.childSettings().get(ZmqChildLink.PUBLIC_KEY_KEY));
		RecordingFrameListener listener = new RecordingFrameListener();
		link.start(listener);
		ChildLink child = track(ZmqChildLink.connect(settings));
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[] { 1 }), SEND_TIMEOUT);
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).payload()).containsExactly(1);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[] { 2 }));
		assertThat(listener.take(10_000).payload()).containsExactly(2);
	}

	@Test
	void shouldGiveNoFrameToWorkersWithAWrongKeyOrNoKeyEvenWithAValidRoutingId(CapturedOutput output) throws Exception {
		ZmqWorkerLink link = track(this.transport.open(0));
		String routingId = link.childSettings().get(ZmqChildLink.ROUTING_ID_KEY);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[] { 1 }), SEND_TIMEOUT);
		RawPeer wrongKey = track(RawPeer.dealer(this.transport.endpoint(), routingId,
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), STRANGER_KEYS)));
		RawPeer noKey = track(RawPeer.dealer(this.transport.endpoint(), routingId, null));
		RawPeer wrongServer = track(RawPeer.dealer(this.transport.endpoint(), routingId,
				new RawPeer.CurveClient(CurveKeys.generate().publicKey(), HOST_KEYS)));
		for (RawPeer impostor : new RawPeer[] { wrongKey, noKey, wrongServer }) {
			impostor.sendFrame(null, Frame.of(FrameType.HEARTBEAT, 0, 0L));
		}
		assertThat(wrongKey.receive(1_000)).isEmpty();
		assertThat(noKey.receive(200)).isEmpty();
		assertThat(wrongServer.receive(200)).isEmpty();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(output)
				.contains("Refused worker with public key " + STRANGER_KEYS.publicKey() + " from 127.0.0.1")
				.contains("did not offer CURVE; a worker without keys?")
				.contains("its CURVE handshake failed"));
		// The worker with the keys made for it gets the frame that waited.
		ChildLink child = track(ZmqChildLink.connect(link.childSettings()));
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(1L);
	}

	@Test
	void shouldLetOnlyAuthorizedWorkerHostsJoin(CapturedOutput output) throws Exception {
		this.transport.acceptRemoteWorkers((link, address) -> this.joined.add(link));
		RawPeer stranger = track(RawPeer.dealer(this.transport.endpoint(), "stranger",
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), STRANGER_KEYS)));
		stranger.sendReady();
		RawPeer keyless = track(RawPeer.dealer(this.transport.endpoint(), "keyless", null));
		keyless.sendReady();
		ChildLink host = track(ZmqChildLink.connect(ZmqChildLink.remoteSettings(this.transport.endpoint(), "secure")
			.curve(SERVER_KEYS.publicKey(), HOST_KEYS)
			.toMap()));
		host.send(Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
		WorkerLink link = track(this.joined.poll(10, TimeUnit.SECONDS));
		assertThat(link).isNotNull();
		RecordingFrameListener listener = new RecordingFrameListener();
		link.start(listener);
		assertThat(listener.take(10_000).type()).isEqualTo(FrameType.READY);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 5L, new byte[0]), SEND_TIMEOUT);
		assertThat(host.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(5L);
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(output).contains("Refused worker with public key " + STRANGER_KEYS.publicKey()));
		assertThat(this.joined).isEmpty();
		assertThat(stranger.receive(200)).isEmpty();
		assertThat(keyless.receive(200)).isEmpty();
	}

	@Test
	void shouldRefuseTheKeyOfALocalWorkerOnceItsLinkIsClosed(CapturedOutput output) throws Exception {
		ZmqWorkerLink link = this.transport.open(0);
		Map<String, String> settings = link.childSettings();
		link.close();
		CurveKeys workerKeys = new CurveKeys(settings.get(ZmqChildLink.PUBLIC_KEY_KEY),
				settings.get(ZmqChildLink.SECRET_KEY_KEY));
		RawPeer late = track(RawPeer.dealer(this.transport.endpoint(), "late",
				new RawPeer.CurveClient(SERVER_KEYS.publicKey(), workerKeys)));
		late.sendReady();
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> assertThat(output).contains("Refused worker with public key " + workerKeys.publicKey()));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.push(closeable);
		return closeable;
	}

}
