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
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.transport.RecordingFrameListener;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ShmWorkerLink} and {@link ShmChildLink}, both ends in this JVM.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ShmLinkTests {

	private static final int SMALL_RING = 4096;

	private static final int MAX_MESSAGE_SIZE = 1 << 20;

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(5);

	private static final long RECEIVE_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

	@TempDir
	Path directory;

	private final Deque<AutoCloseable> closeables = new ArrayDeque<>();

	private final RecordingFrameListener listener = new RecordingFrameListener();

	@AfterEach
	void closeAll() throws Exception {
		while (!this.closeables.isEmpty()) {
			this.closeables.pop().close();
		}
	}

	@Test
	void shouldRoundTripBetweenBothEnds() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		Frame request = Frame.of(FrameType.REQUEST, 0, 3, 11L, new byte[] { 1, 2, 3 });
		link.send(request, SEND_TIMEOUT);
		Frame received = child.receive(RECEIVE_TIMEOUT_NS);
		assertThat(received).isNotNull();
		assertThat(received.requestId()).isEqualTo(11L);
		assertThat(received.workerIndex()).isEqualTo(3);
		assertThat(received.payload()).containsExactly(1, 2, 3);
		child.send(Frame.of(FrameType.RESPONSE, 0, 3, 11L, new byte[] { 4 }));
		Frame response = this.listener.take(5000);
		assertThat(response.type()).isEqualTo(FrameType.RESPONSE);
		assertThat(response.payload()).containsExactly(4);
		assertThat(link.workerPid()).isEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void shouldGiveWorkerWhatItNeedsToAttach() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Map<String, String> settings = link.childSettings();
		assertThat(settings).containsEntry("transport", "shm").containsEntry(ShmChildLink.GROUP_KEY, "test");
		assertThat(Path.of(settings.get(ShmChildLink.FILE_KEY))).isAbsolute().exists().hasParent(this.directory);
		assertThat(settings.get(ShmChildLink.SOCKET_KEY)).isEqualTo(settings.get(ShmChildLink.FILE_KEY) + ".sock");
	}

	@Test
	void shouldCreateOwnerOnlyFiles() throws Exception {
		assumeThat(this.directory.getFileSystem().supportedFileAttributeViews()).contains("posix");
		ShmWorkerLink link = open(SMALL_RING);
		Path file = Path.of(link.childSettings().get(ShmChildLink.FILE_KEY));
		Path socket = Path.of(link.childSettings().get(ShmChildLink.SOCKET_KEY));
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		assertThat(Files.size(file)).isEqualTo(ShmFileDescriptor.fileLength(SMALL_RING));
	}

	@Test
	void shouldDeleteFilesOnceWorkerAttached() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		assertThat(this.directory).isNotEmptyDirectory();
		link.start(this.listener);
		attach(link);
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.directory).isEmptyDirectory());
	}

	@Test
	void shouldDeleteFilesOnCloseWhenNoWorkerAttached() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		link.close();
		assertThat(this.directory).isEmptyDirectory();
		assertThat(this.listener.closed.get(1, TimeUnit.SECONDS)).isEmpty();
	}

	@Test
	void shouldReturnNullWhenNothingArrivesInTime() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		long startNs = System.nanoTime();
		assertThat(child.receive(TimeUnit.MILLISECONDS.toNanos(50))).isNull();
		assertThat(System.nanoTime() - startNs).isBetween(TimeUnit.MILLISECONDS.toNanos(50),
				TimeUnit.SECONDS.toNanos(2));
		assertThat(child.poll()).isNull();
	}

	@Test
	void shouldWakeSleepingWorkerThroughDoorbell() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		CompletableFuture<Frame> received = CompletableFuture.supplyAsync(() -> receive(child));
		// Long past the spin period: the worker sleeps on the doorbell.
		Thread.sleep(100);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 21L, new byte[0]), SEND_TIMEOUT);
		assertThat(received.get(1, TimeUnit.SECONDS).requestId()).isEqualTo(21L);
	}

	@Test
	void shouldKeepTheWorkerSpinningForTheConfiguredSpinBeforeItSleeps() throws Exception {
		// The default spin (50 us) is long over after 100 ms: the worker announced its
		// sleep. A spin of 1 s (shm-spin), carried to the worker in its child settings,
		// keeps it awake for the same 100 ms.
		assertThat(sleepsWithin100Ms(Backoff.SPIN_PERIOD_NS, 1L)).as("asleep after the default spin").isTrue();
		assertThat(sleepsWithin100Ms(TimeUnit.SECONDS.toNanos(1), 2L)).as("asleep during a 1 s spin").isFalse();
	}

	/**
	 * Lets a worker wait for a request for 100 ms, says whether it announced its sleep,
	 * then checks that the request sent after still reaches it.
	 */
	private boolean sleepsWithin100Ms(long spinNs, long requestId) throws Exception {
		ShmWorkerLink link = open(SMALL_RING, spinNs);
		assertThat(link.childSettings()).containsEntry(ShmChildLink.SPIN_KEY, Long.toString(spinNs));
		MappedByteBuffer file = map(link);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		CompletableFuture<Frame> received = CompletableFuture.supplyAsync(() -> receive(child));
		Thread.sleep(100);
		boolean sleeping = workerSleeping(file);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, requestId, new byte[0]), SEND_TIMEOUT);
		assertThat(received.get(2, TimeUnit.SECONDS).requestId()).isEqualTo(requestId);
		return sleeping;
	}

	@Test
	void shouldRefuseASpinOutOfRange() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShmOptions(this.directory, SMALL_RING, MAX_MESSAGE_SIZE, ShmOptions.MAX_SPIN_NS + 1));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ShmOptions(this.directory, SMALL_RING, MAX_MESSAGE_SIZE, -1));
	}

	@Test
	void shouldWakeSleepingParentReaderThroughDoorbell() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		Thread.sleep(100);
		child.send(Frame.of(FrameType.HEARTBEAT, 0, 0L));
		assertThat(this.listener.take(1000).type()).isEqualTo(FrameType.HEARTBEAT);
	}

	@Test
	void shouldQueueFramesSentBeforeWorkerAttaches() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		for (long id = 1; id <= 3; id++) {
			link.send(Frame.of(FrameType.REQUEST, 0, 0, id, new byte[100]), SEND_TIMEOUT);
		}
		link.start(this.listener);
		ShmChildLink child = attach(link);
		for (long id = 1; id <= 3; id++) {
			assertThat(child.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(id);
		}
	}

	@Test
	void shouldDeliverLastFramesThenReportOrderlyCloseOfWorker() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		for (long id = 1; id <= 3; id++) {
			child.send(Frame.of(FrameType.RESPONSE, 0, 0, id, new byte[10]));
		}
		child.close();
		assertThat(this.listener.closed.get(1, TimeUnit.SECONDS)).isEmpty();
		assertThat(this.listener.frames).extracting(Frame::requestId).containsExactly(1L, 2L, 3L);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 0L), SEND_TIMEOUT));
	}

	@Test
	void shouldFailWorkerReceiveOnceParentClosedAndFramesAreTaken() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		link.send(Frame.of(FrameType.SHUTDOWN, 0, 0L), SEND_TIMEOUT);
		link.close();
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).type()).isEqualTo(FrameType.SHUTDOWN);
		long startNs = System.nanoTime();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("parent");
		assertThat(System.nanoTime() - startNs).isLessThan(TimeUnit.SECONDS.toNanos(1));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(child::poll);
	}

	@Test
	void shouldFailWorkerSendWhenParentIsGoneAndRingFull() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		link.close();
		Frame larger = Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[4 * SMALL_RING]);
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.send(larger))
			.withMessageContaining("parent");
	}

	@Test
	void shouldFailWaitingSenderWhenLinkIsClosed() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Frame larger = Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[4 * SMALL_RING]);
		CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> send(link, larger, Duration.ofSeconds(20)));
		Thread.sleep(200);
		assertThat(sent).isNotDone();
		link.close();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> sent.get(1, TimeUnit.SECONDS))
			.withCauseInstanceOf(LinkClosedException.class);
	}

	@Test
	void shouldTimeOutWhenRingStaysFullAndRecoverOnceWorkerReads() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Frame larger = Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[4 * SMALL_RING]);
		long startNs = System.nanoTime();
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> link.send(larger, Duration.ofMillis(100)));
		assertThat(System.nanoTime() - startNs).isBetween(TimeUnit.MILLISECONDS.toNanos(100),
				TimeUnit.SECONDS.toNanos(1));
		link.start(this.listener);
		ShmChildLink child = attach(link);
		CompletableFuture<Void> sent = CompletableFuture
			.runAsync(() -> send(link, Frame.of(FrameType.REQUEST, 0, 0, 2L, new byte[10]), SEND_TIMEOUT));
		// The worker drops the cut-off first frame and gets the second whole.
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(2L);
		sent.get(5, TimeUnit.SECONDS);
	}

	@Test
	void shouldRejectFrameLargerThanMaxMessageSize() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		Frame tooLarge = Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[MAX_MESSAGE_SIZE]);
		assertThatExceptionOfType(IpcMessageTooLargeException.class).isThrownBy(() -> link.send(tooLarge, SEND_TIMEOUT))
			.withMessageContaining("group 'test'");
		assertThatExceptionOfType(IpcMessageTooLargeException.class)
			.isThrownBy(() -> child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[MAX_MESSAGE_SIZE])));
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 2L, new byte[10]), SEND_TIMEOUT);
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(2L);
	}

	@Test
	void shouldKeepReadingWhenListenerThrows() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		RecordingFrameListener failing = new RecordingFrameListener() {
			@Override
			public void onFrame(Frame frame) {
				super.onFrame(frame);
				throw new IllegalStateException("listener failure");
			}
		};
		link.start(failing);
		ShmChildLink child = attach(link);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 2L, new byte[0]));
		assertThat(failing.take(5000).requestId()).isEqualTo(1L);
		assertThat(failing.take(5000).requestId()).isEqualTo(2L);
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void shouldCloseLinkAtOnceWhenWorkerRingPositionsAreCorrupt() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		MappedByteBuffer file = map(link);
		// The worker's tail far ahead of the parent's head: no record there was written.
		long corruptTail = 1L << 40;
		BufferAccess.LONG.setRelease(file, tailPositionOffset(ShmFileDescriptor.WORKER_TO_PARENT_RING), corruptTail);
		link.start(this.listener);
		attach(link);
		Optional<Throwable> cause = this.listener.closed.get(1, TimeUnit.SECONDS);
		assertThat(cause).get(InstanceOfAssertFactories.THROWABLE)
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("corrupt ring positions")
			.hasMessageContaining("tail=" + corruptTail);
		assertThat(this.listener.frames).isEmpty();
		assertThat(this.listener.badRequestIds).isEmpty();
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 0L), SEND_TIMEOUT))
			.withMessageContaining("corrupt ring positions");
	}

	@Test
	@Timeout(value = 10, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
	void shouldFailWorkerReceiveAtOnceWhenParentRingPositionsAreCorrupt() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		MappedByteBuffer file = map(link);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		long corruptTail = 1L << 40;
		BufferAccess.LONG.setRelease(file, tailPositionOffset(ShmFileDescriptor.PARENT_TO_WORKER_RING), corruptTail);
		long startNs = System.nanoTime();
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> child.receive(RECEIVE_TIMEOUT_NS))
			.withMessageContaining("corrupt ring positions")
			.havingCause()
			.isInstanceOf(IllegalStateException.class);
		assertThat(System.nanoTime() - startNs).isLessThan(TimeUnit.SECONDS.toNanos(1));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(child::poll);
		// The worker does not say goodbye: to the parent, it went without closing.
		assertThat(this.listener.closed.get(5, TimeUnit.SECONDS)).get().isInstanceOf(LinkClosedException.class);
	}

	@Test
	void shouldCloseLinkAndReportTheErrorWhenListenerThrowsAnErrorOnTheReaderThread() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Error failure = new OutOfMemoryError("test: no room for the answer");
		RecordingFrameListener failing = failingListener(failure, new ArrayDeque<>());
		link.start(failing);
		ShmChildLink child = attach(link);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(failing.closed.get(2, TimeUnit.SECONDS)).containsSame(failure);
		assertThat(failing.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 2L), SEND_TIMEOUT))
			.withMessageContaining(failure.getMessage());
	}

	@Test
	void shouldCloseLinkAndReportTheErrorWhenListenerThrowsAnErrorOnAnInlineReader() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Error failure = new OutOfMemoryError("test: no room for the answer");
		Deque<String> threads = new java.util.concurrent.ConcurrentLinkedDeque<>();
		RecordingFrameListener failing = failingListener(failure, threads);
		link.start(failing);
		ShmChildLink child = attach(link);
		child.send(Frame.of(FrameType.READY, 0, 0L));
		// The reader thread takes the first frame, then sleeps: the next is read inline.
		await().atMost(Duration.ofSeconds(5)).until(() -> threads.size() == 1);
		failing.closedCalls.set(0);
		CompletableFuture<Boolean> inline = CompletableFuture
			.supplyAsync(() -> link.awaitInline(() -> false, TimeUnit.SECONDS.toNanos(5)));
		Thread.sleep(200);
		child.send(Frame.of(FrameType.RESPONSE, 0, 0, 1L, new byte[0]));
		assertThat(inline.get(2, TimeUnit.SECONDS)).isFalse();
		assertThat(threads).hasSize(2);
		assertThat(threads.getLast()).doesNotEndWith("-reader");
		assertThat(failing.closed.get(2, TimeUnit.SECONDS)).containsSame(failure);
		assertThat(failing.closedCalls).hasValue(1);
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 2L), SEND_TIMEOUT))
			.withMessageContaining(failure.getMessage());
	}

	/**
	 * A listener that lets a READY frame through and throws an error on any other frame,
	 * noting the thread of each.
	 */
	private static RecordingFrameListener failingListener(Error failure, Deque<String> threads) {
		return new RecordingFrameListener() {

			@Override
			public void onFrame(Frame frame) {
				threads.add(Thread.currentThread().getName());
				super.onFrame(frame);
				if (frame.type() != FrameType.READY) {
					throw failure;
				}
			}

		};
	}

	@Test
	void shouldUnmapBothEndsWhenTheLinksClose() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		String file = link.childSettings().get(ShmChildLink.FILE_KEY);
		link.start(this.listener);
		ShmChildLink child = attach(link);
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, new byte[10]), SEND_TIMEOUT);
		assertThat(child.receive(RECEIVE_TIMEOUT_NS).requestId()).isEqualTo(1L);
		assertThat(mappingsOf(file)).as("mappings of both ends").hasSize(2);
		child.close();
		link.close();
		// Where the unmap is not available, the garbage collector releases the mapping.
		assertThat(mappingsOf(file)).hasSize(Unmapper.available() ? 0 : 2);
	}

	@Test
	@Timeout(value = 120, unit = TimeUnit.SECONDS)
	void shouldUnmapWithoutCrashingWhileReadersAndWritersAreBusy() throws Exception {
		SplittableRandom random = new SplittableRandom(7);
		ExecutorService threads = Executors.newCachedThreadPool();
		try {
			for (int round = 0; round < 300; round++) {
				closeWhileBusy(threads, random.nextInt(2_000), random.nextBoolean());
			}
		}
		finally {
			threads.shutdownNow();
			assertThat(threads.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		if (Unmapper.available()) {
			assertThat(mappingsOf(this.directory.toString())).as("mappings left").isEmpty();
		}
	}

	/**
	 * Closes both ends of a link while the parent sends frames larger than the ring and
	 * reads inline, and the worker echoes them and sends more of its own, then waits for
	 * all of them to stop.
	 */
	private void closeWhileBusy(ExecutorService threads, int closeAfterUs, boolean parentFirst) throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.start(new RecordingFrameListener() {

			@Override
			public void onFrame(Frame frame) {
				// Keeps nothing: this test only needs the reader thread busy.
			}

		});
		ShmChildLink child = attach(link);
		byte[] large = new byte[3 * SMALL_RING];
		AtomicBoolean closed = new AtomicBoolean();
		List<Future<?>> busy = new ArrayList<>();
		busy.add(threads.submit(() -> untilClosed(closed,
				() -> link.send(Frame.of(FrameType.REQUEST, 0, 0, 1L, large), Duration.ofSeconds(5)))));
		// Returns rather than fails once the link is closed.
		busy.add(threads.submit(() -> untilClosed(closed, () -> link.awaitInline(() -> false, 50_000L))));
		busy.add(threads.submit(() -> untilClosed(closed, () -> {
			Frame frame = child.receive(TimeUnit.MILLISECONDS.toNanos(100));
			if (frame != null) {
				child.send(Frame.of(FrameType.RESPONSE, 0, 0, frame.requestId(), frame.payload()));
			}
		})));
		busy.add(threads
			.submit(() -> untilClosed(closed, () -> child.send(Frame.of(FrameType.STREAM_ITEM, 0, 0, 2L, large)))));
		TimeUnit.MICROSECONDS.sleep(closeAfterUs);
		if (parentFirst) {
			link.close();
			child.close();
		}
		else {
			child.close();
			link.close();
		}
		closed.set(true);
		for (Future<?> task : busy) {
			task.get(10, TimeUnit.SECONDS);
		}
		this.closeables.remove(link);
		this.closeables.remove(child);
	}

	/**
	 * Repeats an action until the link it uses fails it as closed, the test says it is
	 * closed, or 2 seconds passed.
	 */
	private static Void untilClosed(AtomicBoolean closed, LinkAction action) throws Exception {
		long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		try {
			while (!closed.get() && System.nanoTime() - endNs < 0) {
				action.run();
			}
		}
		catch (LinkClosedException | TimeoutException ex) {
			// What a busy thread meets when the link closes under it.
		}
		return null;
	}

	/**
	 * The lines of this process's memory map that name a path, on Linux.
	 */
	private static List<String> mappingsOf(String path) throws IOException {
		Path maps = Path.of("/proc/self/maps");
		assertThat(maps).as("a Linux memory map to look at").isReadable();
		return Files.readAllLines(maps).stream().filter((line) -> line.contains(path)).toList();
	}

	@FunctionalInterface
	private interface LinkAction {

		void run() throws Exception;

	}

	@Test
	void shouldTurnAwayDoorbellPeerWithoutTheKey() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		Path socket = Path.of(link.childSettings().get(ShmChildLink.SOCKET_KEY));
		// One peer connects and leaves without a word, another sends a wrong key.
		SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
		try (SocketChannel stranger = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
			stranger.write(ByteBuffer.allocate(Long.BYTES).putLong(0, 42L));
			link.start(this.listener);
			// Attached before the parent looks at the earlier connections.
			ShmChildLink child = attach(link);
			child.send(Frame.of(FrameType.READY, 0, 0L));
			assertThat(this.listener.take(5000).type()).isEqualTo(FrameType.READY);
			assertThat(stranger.read(ByteBuffer.allocate(1))).isEqualTo(-1);
			Thread.sleep(100);
			link.send(Frame.of(FrameType.REQUEST, 0, 0, 5L, new byte[0]), SEND_TIMEOUT);
			assertThat(child.receive(TimeUnit.SECONDS.toNanos(1))).extracting(Frame::requestId).isEqualTo(5L);
		}
	}

	@Test
	void shouldRefuseToAttachToFileThatIsNotReady() throws Exception {
		Path file = this.directory.resolve("not-ready");
		Files.write(file, new byte[ShmFileDescriptor.fileLength(SMALL_RING)]);
		Map<String, String> settings = new HashMap<>();
		settings.put(ShmChildLink.FILE_KEY, file.toString());
		settings.put(ShmChildLink.SOCKET_KEY, file + ".sock");
		assertThatIOException().isThrownBy(() -> ShmChildLink.connect(settings))
			.withMessageContaining("magic=0x0")
			.withMessageContaining(file.toString());
	}

	@Test
	void shouldRefuseToAttachWithoutSettings() {
		assertThatIOException().isThrownBy(() -> ShmChildLink.connect(Map.of()))
			.withMessageContaining(ShmChildLink.FILE_KEY);
		assertThatIOException().isThrownBy(() -> ShmChildLink.connect(Map.of(ShmChildLink.FILE_KEY,
				this.directory.resolve("missing").toString(), ShmChildLink.SOCKET_KEY, "x")));
	}

	@Test
	void shouldBeClosedForGoodAfterClose() throws Exception {
		ShmWorkerLink link = open(SMALL_RING);
		link.close();
		link.close();
		assertThatExceptionOfType(LinkClosedException.class)
			.isThrownBy(() -> link.send(Frame.of(FrameType.REQUEST, 0, 0L), SEND_TIMEOUT));
		assertThatExceptionOfType(LinkClosedException.class).isThrownBy(() -> link.start(this.listener));
	}

	@Test
	void shouldRoundDoorbellTimeoutsUpWithoutOverflow() {
		assertThat(Doorbell.selectTimeoutMs(Long.MAX_VALUE)).isZero();
		assertThat(Doorbell.selectTimeoutMs(Long.MAX_VALUE - 1)).isEqualTo(Long.MAX_VALUE / 1_000_000 + 1);
		assertThat(Doorbell.selectTimeoutMs(1)).isEqualTo(1);
		assertThat(Doorbell.selectTimeoutMs(2_000_000)).isEqualTo(2);
		assertThat(Doorbell.selectTimeoutMs(2_000_001)).isEqualTo(3);
	}

	@Test
	void shouldRefuseToOpenAfterTransportClosed() throws IOException {
		ShmTransport transport = new ShmTransport("test", new ShmOptions(this.directory, SMALL_RING, MAX_MESSAGE_SIZE));
		assertThat(transport.name()).isEqualTo("shm");
		transport.close();
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> transport.open(0));
	}

	private ShmWorkerLink open(int ringCapacity) throws IOException {
		return open(ringCapacity, Backoff.SPIN_PERIOD_NS);
	}

	private ShmWorkerLink open(int ringCapacity, long spinNs) throws IOException {
		ShmTransport transport = new ShmTransport("test",
				new ShmOptions(this.directory, ringCapacity, MAX_MESSAGE_SIZE, spinNs));
		ShmWorkerLink link = transport.open(0);
		this.closeables.push(link);
		return link;
	}

	/**
	 * Maps the link's file a second time, as a stranger with access to it could; the
	 * mapping outlives the file, which the link deletes once the worker attached.
	 */
	private static MappedByteBuffer map(ShmWorkerLink link) throws IOException {
		Path file = Path.of(link.childSettings().get(ShmChildLink.FILE_KEY));
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			return channel.map(FileChannel.MapMode.READ_WRITE, 0, channel.size());
		}
	}

	private static boolean workerSleeping(MappedByteBuffer buffer) {
		return buffer.getInt(ShmFileDescriptor.ringOffset(ShmFileDescriptor.PARENT_TO_WORKER_RING, SMALL_RING)
				+ RingDescriptor.CONSUMER_SLEEPING_FIELD_OFFSET) != 0;
	}

	private static int tailPositionOffset(int ring) {
		return ShmFileDescriptor.ringOffset(ring, SMALL_RING) + RingDescriptor.TAIL_POSITION_FIELD_OFFSET;
	}

	private ShmChildLink attach(ShmWorkerLink link) throws IOException {
		ShmChildLink child = ShmChildLink.connect(link.childSettings());
		this.closeables.push(child);
		return child;
	}

	private static Frame receive(ShmChildLink child) {
		try {
			return child.receive(RECEIVE_TIMEOUT_NS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void send(ShmWorkerLink link, Frame frame, Duration timeout) {
		try {
			link.send(frame, timeout);
		}
		catch (TimeoutException | InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
