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
package io.github.ipcworker.transport.shm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.LinkClosedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the shared-memory transport between this JVM and a worker JVM running
 * {@link ShmEchoWorker}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShmWorkerLinkTests {

	private static final int RING_CAPACITY = 1 << 20;

	private static final int MAX_MESSAGE_SIZE = 64 << 20;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

	private static final long REPLY_TIMEOUT_MS = 10_000L;

	@TempDir
	Path directory;

	private final List<ShmWorkerLink> links = new ArrayList<>();

	private final List<Process> workers = new ArrayList<>();

	private final RecordingFrameListener listener = new RecordingFrameListener();

	@AfterEach
	void stopAll() throws InterruptedException {
		this.links.forEach(ShmWorkerLink::close);
		for (Process worker : this.workers) {
			worker.destroyForcibly();
			assertThat(worker.waitFor(10, TimeUnit.SECONDS)).as("worker %d ended", worker.pid()).isTrue();
		}
	}

	@Test
	void shouldRoundTripPayloadsOfAnySizeBetweenTwoJvms() throws Exception {
		ShmWorkerLink link = openWithWorker(this.directory);
		SplittableRandom random = new SplittableRandom(42);
		int[] sizes = { 0, 1024, 4 << 20, 32 << 20 };
		for (int i = 0; i < sizes.length; i++) {
			byte[] payload = new byte[sizes[i]];
			random.nextBytes(payload);
			link.send(Frame.of(FrameType.REQUEST, 0, 0, 100L + i, payload), SEND_TIMEOUT);
			Frame response = this.listener.take(REPLY_TIMEOUT_MS);
			assertThat(response.type()).isEqualTo(FrameType.RESPONSE);
			assertThat(response.requestId()).isEqualTo(100L + i);
			assertThat(response.payload()).as("payload of %d bytes", sizes[i]).isEqualTo(payload);
		}
		assertThat(this.listener.badRequestIds).isEmpty();
	}

	@Test
	void shouldLeaveNoFilesInSharedMemoryOnceWorkerAttachedNorAfterClose() throws Exception {
		Path shared = ShmFiles.defaultDirectory();
		ShmWorkerLink link = open(shared);
		Path file = Path.of(link.childSettings().get(ShmChildLink.FILE_KEY));
		Path socket = Path.of(link.childSettings().get(ShmChildLink.SOCKET_KEY));
		try {
			assertThat(file).exists();
			assertThat(socket).exists();
			link.start(this.listener);
			startWorker(link);
			awaitReady();
			assertThat(file).doesNotExist();
			assertThat(socket).doesNotExist();
			link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[10]), SEND_TIMEOUT);
			assertThat(this.listener.take(REPLY_TIMEOUT_MS).requestId()).isEqualTo(1L);
			link.close();
			assertThat(filesOfThisProcess(shared)).isEmpty();
		}
		finally {
			ShmFiles.deleteQuietly(file, socket);
		}
	}

	@Test
	void shouldReportClosedWithinASecondWhenWorkerIsKilled() throws Exception {
		ShmWorkerLink link = openWithWorker(this.directory);
		Process worker = this.workers.get(0);
		worker.destroyForcibly();
		Optional<Throwable> cause = this.listener.closed.get(1, TimeUnit.SECONDS);
		assertThat(cause).get().isInstanceOf(LinkClosedException.class);
		assertThat(this.listener.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 0L), SEND_TIMEOUT));
	}

	@Test
	void shouldReportOrderlyCloseWhenWorkerShutsDown() throws Exception {
		ShmWorkerLink link = openWithWorker(this.directory);
		Process worker = this.workers.get(0);
		link.send(Frame.of(FrameType.SHUTDOWN, 0, 0L), SEND_TIMEOUT);
		assertThat(this.listener.closed.get(10, TimeUnit.SECONDS)).isEmpty();
		assertThat(worker.waitFor(10, TimeUnit.SECONDS)).isTrue();
		assertThat(worker.exitValue()).isZero();
	}

	@Test
	void shouldUseNearlyNoCpuWhileIdle() throws Exception {
		ShmWorkerLink link = openWithWorker(this.directory);
		Process worker = this.workers.get(0);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[10]), SEND_TIMEOUT);
		this.listener.take(REPLY_TIMEOUT_MS);
		Thread.sleep(200);
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long readerId = readerThread().getId();
		long readerCpuNs = threads.getThreadCpuTime(readerId);
		Duration workerCpu = worker.toHandle().info().totalCpuDuration().orElseThrow();
		Thread.sleep(2000);
		long readerUsedNs = threads.getThreadCpuTime(readerId) - readerCpuNs;
		Duration workerUsed = worker.toHandle().info().totalCpuDuration().orElseThrow().minus(workerCpu);
		System.out.printf("Idle for 2 s: parent reader thread used %.3f ms of CPU, worker JVM %d ms%n",
				readerUsedNs / 1e6, workerUsed.toMillis());
		assertThat(readerUsedNs).isLessThan(TimeUnit.MILLISECONDS.toNanos(10));
		assertThat(workerUsed).isLessThan(Duration.ofMillis(200));
	}

	private ShmWorkerLink openWithWorker(Path directory) throws IOException, InterruptedException {
		ShmWorkerLink link = open(directory);
		link.start(this.listener);
		startWorker(link);
		awaitReady();
		return link;
	}

	private ShmWorkerLink open(Path directory) throws IOException {
		ShmTransport transport = new ShmTransport("echo", new ShmOptions(directory, RING_CAPACITY, MAX_MESSAGE_SIZE));
		ShmWorkerLink link = transport.open(0);
		this.links.add(link);
		return link;
	}

	private Process startWorker(ShmWorkerLink link) throws IOException {
		Map<String, String> settings = link.childSettings();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
				"-cp", System.getProperty("java.class.path"), ShmEchoWorker.class.getName(),
				settings.get(ShmChildLink.FILE_KEY), settings.get(ShmChildLink.SOCKET_KEY));
		builder.redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
		Process worker = builder.start();
		this.workers.add(worker);
		return worker;
	}

	private void awaitReady() throws InterruptedException {
		Frame ready = this.listener.take(REPLY_TIMEOUT_MS);
		assertThat(ready.type()).isEqualTo(FrameType.READY);
		assertThat(ReadyInfo.decode(ready.payload()).pid()).isEqualTo(this.workers.get(0).pid());
		assertThat(this.links.get(0).workerPid()).isEqualTo(this.workers.get(0).pid());
	}

	private static Thread readerThread() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().equals("ipc-worker-echo-0-reader"))
			.findFirst()
			.orElseThrow();
	}

	private static List<Path> filesOfThisProcess(Path directory) throws IOException {
		List<Path> files = new ArrayList<>();
		String prefix = ShmFiles.FILE_PREFIX + ProcessHandle.current().pid() + "-";
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix + "*")) {
			entries.forEach(files::add);
		}
		return files;
	}

}
