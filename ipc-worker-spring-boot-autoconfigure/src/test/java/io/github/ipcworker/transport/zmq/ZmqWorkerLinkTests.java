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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the ZeroMQ transport between this JVM and worker JVMs running
 * {@link ZmqEchoWorker}, launched by the group or joining on their own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZmqWorkerLinkTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final long REPLY_TIMEOUT_MS = 20_000L;

	/** Fast heartbeats, so that a killed worker is found quickly. */
	private static final ZmqOptions FAST = ZmqOptions.defaults()
		.withHeartbeat(Duration.ofMillis(200), Duration.ofMillis(1_500));

	private final List<AutoCloseable> closeables = new ArrayList<>();

	private final List<Process> workers = new ArrayList<>();

	@AfterEach
	void stopAll() throws Exception {
		for (int i = this.closeables.size() - 1; i >= 0; i--) {
			this.closeables.get(i).close();
		}
		for (Process worker : this.workers) {
			worker.destroyForcibly();
			assertThat(worker.waitFor(10, TimeUnit.SECONDS)).as("worker %d ended", worker.pid()).isTrue();
		}
	}

	@Test
	void shouldRoundTripPayloadsOfAnySizeBetweenTwoJvms() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("echo", ZmqOptions.defaults()));
		RecordingFrameListener listener = new RecordingFrameListener();
		ZmqWorkerLink link = openWithWorker(transport, listener);
		SplittableRandom random = new SplittableRandom(42);
		int[] sizes = { 0, 1024, 4 << 20, 32 << 20 };
		for (int i = 0; i < sizes.length; i++) {
			byte[] payload = new byte[sizes[i]];
			random.nextBytes(payload);
			link.send(Frame.of(FrameType.REQUEST, 0, 0, 100L + i, payload), SEND_TIMEOUT);
			Frame response = listener.take(REPLY_TIMEOUT_MS);
			assertThat(response.type()).isEqualTo(FrameType.RESPONSE);
			assertThat(response.requestId()).isEqualTo(100L + i);
			assertThat(response.payload()).as("payload of %d bytes", sizes[i]).isEqualTo(payload);
		}
		assertThat(listener.badRequestIds).isEmpty();
	}

	@Test
	void shouldRoundTripWithCurveKeysHandedOverOnStandardInput() throws Exception {
		CurveKeys serverKeys = CurveKeys.generate();
		ZmqTransport transport = track(new ZmqTransport("echo", ZmqOptions.defaults().withCurve(serverKeys, Set.of())));
		RecordingFrameListener listener = new RecordingFrameListener();
		ZmqWorkerLink link = openWithWorker(transport, listener);
		String secretKey = link.childSettings().get(ZmqChildLink.SECRET_KEY_KEY);
		assertThat(secretKey).isNotNull();
		Path cmdline = Path.of("/proc", Long.toString(this.workers.get(0).pid()), "cmdline");
		if (Files.isReadable(cmdline)) {
			String commandLine = Files.readString(cmdline, StandardCharsets.ISO_8859_1);
			assertThat(commandLine).contains(ZmqEchoWorker.class.getName()).doesNotContain(secretKey);
		}
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[] { 7 }), SEND_TIMEOUT);
		assertThat(listener.take(REPLY_TIMEOUT_MS).payload()).containsExactly(7);
	}

	@Test
	void shouldReportClosedWithinTheHeartbeatTimeoutWhenWorkerIsKilled() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("echo", FAST));
		RecordingFrameListener listener = new RecordingFrameListener();
		ZmqWorkerLink link = openWithWorker(transport, listener);
		long startNs = System.nanoTime();
		this.workers.get(0).destroyForcibly();
		Optional<Throwable> cause = listener.closed.get(10, TimeUnit.SECONDS);
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
		assertThat(cause).get().isInstanceOf(LinkClosedException.class);
		assertThat(elapsedMs).isLessThan(FAST.heartbeatTimeout().toMillis() + 1_000);
		assertThat(listener.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 1L), SEND_TIMEOUT));
	}

	@Test
	void shouldReportOrderlyCloseWhenWorkerShutsDown() throws Exception {
		ZmqTransport transport = track(new ZmqTransport("echo", ZmqOptions.defaults()));
		RecordingFrameListener listener = new RecordingFrameListener();
		ZmqWorkerLink link = openWithWorker(transport, listener);
		Process worker = this.workers.get(0);
		link.send(Frame.of(FrameType.SHUTDOWN, 0, 0L), SEND_TIMEOUT);
		assertThat(listener.closed.get(10, TimeUnit.SECONDS)).isEmpty();
		assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(worker.exitValue()).isZero();
	}

	@Test
	void shouldServeThroughWorkerJvmsThatJoinOnTheirOwnAndKeepServingWhenOneIsKilled() throws Exception {
		CurveKeys serverKeys = CurveKeys.generate();
		CurveKeys hostKeys = CurveKeys.generate();
		ZmqTransport transport = track(
				new ZmqTransport("echo", FAST.withCurve(serverKeys, Set.of(hostKeys.publicKey()))));
		BlockingQueue<WorkerLink> joined = new LinkedBlockingQueue<>();
		transport.acceptRemoteWorkers((link, address) -> joined.add(link));
		Map<String, String> settings = ZmqChildLink.remoteSettings(transport.endpoint(), "echo")
			.curve(serverKeys.publicKey(), hostKeys)
			.heartbeat(FAST.heartbeatInterval(), FAST.heartbeatTimeout())
			.toMap();
		startWorker(settings);
		startWorker(ZmqChildLink.remoteSettings(transport.endpoint(), "echo")
			.curve(serverKeys.publicKey(), hostKeys)
			.heartbeat(FAST.heartbeatInterval(), FAST.heartbeatTimeout())
			.toMap());
		List<Joined> remote = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			WorkerLink link = joined.poll(REPLY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			assertThat(link).as("worker %d joined", i).isNotNull();
			track(link);
			RecordingFrameListener listener = new RecordingFrameListener();
			link.start(listener);
			long pid = ReadyInfo.decode(listener.take(REPLY_TIMEOUT_MS).payload()).pid();
			remote.add(new Joined(link, listener, pid));
		}
		assertThat(remote).extracting(Joined::pid)
			.containsExactlyInAnyOrder(this.workers.get(0).pid(), this.workers.get(1).pid());
		for (Joined worker : remote) {
			worker.link().send(Frame.of(FrameType.REQUEST, 0, 0, worker.pid(), new byte[0]), SEND_TIMEOUT);
			assertThat(worker.listener().take(REPLY_TIMEOUT_MS).requestId()).isEqualTo(worker.pid());
		}
		Joined killed = remote.get(0);
		Joined survivor = remote.get(1);
		ProcessHandle.of(killed.pid()).ifPresent(ProcessHandle::destroyForcibly);
		assertThat(killed.listener().closed.get(10, TimeUnit.SECONDS)).get().isInstanceOf(LinkClosedException.class);
		survivor.link().send(Frame.of(FrameType.REQUEST, 0, 0, 2L, new byte[] { 2 }), SEND_TIMEOUT);
		assertThat(survivor.listener().take(REPLY_TIMEOUT_MS).payload()).containsExactly(2);
		assertThat(survivor.listener().closed).isNotDone();
	}

	private ZmqWorkerLink openWithWorker(ZmqTransport transport, RecordingFrameListener listener) throws Exception {
		ZmqWorkerLink link = track(transport.open(0));
		link.start(listener);
		Process worker = startWorker(link.childSettings());
		Frame ready = listener.take(REPLY_TIMEOUT_MS);
		assertThat(ready.type()).isEqualTo(FrameType.READY);
		assertThat(ReadyInfo.decode(ready.payload()).pid()).isEqualTo(worker.pid());
		return link;
	}

	private Process startWorker(Map<String, String> settings) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), ZmqEchoWorker.class.getName());
		builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
		Process worker = builder.start();
		this.workers.add(worker);
		ZmqEchoWorker.writeSettings(worker.getOutputStream(), settings);
		return worker;
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.closeables.add(closeable);
		return closeable;
	}

	private record Joined(WorkerLink link, RecordingFrameListener listener, long pid) {

	}

}
