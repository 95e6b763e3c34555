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

import java.io.Closeable;
import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The parent's end of a shared-memory link to one worker process: a mapped file laid out
 * by {@link ShmFileDescriptor}, a doorbell socket, and a reader thread.
 *
 * <p>
 * The files are created by {@link ShmTransport#open(int)} and deleted as soon as the
 * worker has attached (mapped the file and connected the doorbell), so nothing is left in
 * the directory while workers run, even if this process is killed later. Frames sent
 * before the worker attaches wait in the ring.
 *
 * <p>
 * The reader thread accepts the worker's doorbell connection (turning away any peer that
 * does not send the doorbell key from the file), then delivers the worker's frames to the
 * listener; when it finds nothing it spins briefly, then sleeps on the doorbell until the
 * worker rings. End of stream on the doorbell means the worker is gone: the reader
 * delivers what is left in the ring and calls {@link FrameListener#onClosed(Throwable)}.
 * Until the worker attaches, its death is seen by whoever watches its process, not by the
 * link.
 *
 * <p>
 * A link that cannot go on fails: a ring whose positions or records cannot be valid, or
 * an {@link Error} (say, out of memory while an answer is copied) on the reader thread or
 * on a caller reading inline. Sending fails from then on, and the reader thread ends and
 * calls {@code onClosed} with that cause, so that the worker's requests fail and the
 * worker is replaced rather than left answering nothing.
 *
 * <p>
 * The mapping is released when the link closes, once the last thread that touches it is
 * done with it (see {@link MappingGuard}).
 */
public final class ShmWorkerLink implements WorkerLink {

	/** How long {@link #close()} waits for the reader thread to end, in milliseconds. */
	static final long READER_JOIN_TIMEOUT_MS = 2_000L;

	/**
	 * How long a new doorbell connection has to send the doorbell key, in nanoseconds.
	 * The worker sends it right after connecting; this only bounds how long a stranger
	 * delays the worker.
	 */
	static final long DOORBELL_KEY_TIMEOUT_NS = 1_000_000_000L;

	private static final SecureRandom KEYS = new SecureRandom();

	private static final Log logger = LogFactory.getLog(ShmWorkerLink.class);

	private final String group;

	private final int workerIndex;

	private final Path file;

	private final Path socketFile;

	private final MappedByteBuffer buffer;

	/** Every access to {@link #buffer} after the constructor goes through it. */
	private final MappingGuard mapping;

	/** The worker's pid once read, so that it can be told after the unmap too. */
	private volatile long workerPid;

	/**
	 * Holds the mapped file's lock, which marks the file as in use, until it is deleted.
	 */
	private final FileChannel lockChannel;

	private final ServerSocketChannel server;

	private final int maxMessageSize;

	/** How long the worker spins before it sleeps, for its child settings. */
	private final long spinNs;

	private final long doorbellKey;

	private final OneToOneRing outbound;

	private final OneToOneRing inbound;

	private final ReentrantLock sendLock = new ReentrantLock();

	/**
	 * Held by whoever reads the inbound ring: the reader thread for one pass, or a
	 * waiting caller for as long as it reads inline.
	 */
	private final ReentrantLock readLock = new ReentrantLock();

	/**
	 * Longest sleep of the reader thread while a caller reads inline, in nanoseconds: it
	 * then looks at the ring itself, so that no frame waits longer if a wake-up is lost.
	 */
	static final long CALLER_READS_SLEEP_NS = 10_000_000L;

	/** Joins the fragments of inbound frames; used under {@link #readLock}. */
	private volatile @Nullable FrameAssembler assembler;

	/** Guarded by {@link #sendLock}. */
	private final FrameFragmenter fragmenter;

	/** Guarded by {@link #sendLock}. */
	private final Backoff sendBackoff = new Backoff();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Doorbell doorbell;

	private volatile @Nullable Thread reader;

	private volatile boolean closed;

	private volatile boolean workerGone;

	/** Why the link cannot go on; set once, under {@link #lifecycleMonitor}. */
	private volatile @Nullable Throwable failure;

	private ShmWorkerLink(String group, int workerIndex, Path file, Path socketFile, ShmFiles.MappedFile mapped,
			ServerSocketChannel server, int ringCapacity, int maxMessageSize, long spinNs, long doorbellKey) {
		this.group = group;
		this.workerIndex = workerIndex;
		this.file = file;
		this.socketFile = socketFile;
		this.buffer = mapped.buffer();
		this.mapping = new MappingGuard(this.buffer);
		this.lockChannel = mapped.lockChannel();
		this.server = server;
		this.maxMessageSize = maxMessageSize;
		this.spinNs = spinNs;
		this.doorbellKey = doorbellKey;
		this.outbound = new OneToOneRing(this.buffer,
				ShmFileDescriptor.ringOffset(ShmFileDescriptor.PARENT_TO_WORKER_RING, ringCapacity), ringCapacity);
		this.inbound = new OneToOneRing(this.buffer,
				ShmFileDescriptor.ringOffset(ShmFileDescriptor.WORKER_TO_PARENT_RING, ringCapacity), ringCapacity);
		this.fragmenter = new FrameFragmenter(this.outbound, maxMessageSize, group);
	}

	/**
	 * Creates the files of a new link: the mapped file, ready for the worker, and the
	 * bound doorbell socket.
	 * @param group the group name
	 * @param workerIndex the worker's index
	 * @param options the transport's settings
	 * @return the link
	 * @throws IOException when the files cannot be created
	 */
	static ShmWorkerLink open(String group, int workerIndex, ShmOptions options) throws IOException {
		Path directory = options.directory().toAbsolutePath();
		String baseName = ShmFiles.newBaseName(directory, group, workerIndex);
		Path file = directory.resolve(baseName);
		Path socketFile = directory.resolve(baseName + ShmFiles.SOCKET_SUFFIX);
		int ringCapacity = options.ringCapacity();
		ShmFiles.MappedFile mapped = ShmFiles.createMappedFile(file, ShmFileDescriptor.fileLength(ringCapacity));
		ServerSocketChannel server;
		try {
			server = ShmFiles.bindDoorbell(socketFile);
		}
		catch (IOException | RuntimeException ex) {
			ShmFiles.deleteQuietly(file);
			closeQuietly(mapped.lockChannel());
			throw ex;
		}
		long doorbellKey = KEYS.nextLong();
		ShmFileDescriptor.fillHeader(mapped.buffer(), ProcessHandle.current().pid(), ringCapacity,
				options.maxMessageSize(), System.currentTimeMillis(), doorbellKey);
		ShmFileDescriptor.signalReady(mapped.buffer());
		return new ShmWorkerLink(group, workerIndex, file, socketFile, mapped, server, ringCapacity,
				options.maxMessageSize(), options.spinNs(), doorbellKey);
	}

	@Override
	public Map<String, String> childSettings() {
		return Map.of(WorkerLink.TRANSPORT_KEY, ShmTransport.NAME, ShmChildLink.FILE_KEY, this.file.toString(),
				ShmChildLink.SOCKET_KEY, this.socketFile.toString(), ShmChildLink.GROUP_KEY, this.group,
				ShmChildLink.SPIN_KEY, Long.toString(this.spinNs));
	}

	/**
	 * Returns the worker's pid, as the worker wrote it into the file when it attached.
	 * @return the pid, or 0 before the worker attached
	 */
	public long workerPid() {
		long pid = this.workerPid;
		if (pid == 0 && this.mapping.enter()) {
			try {
				pid = ShmFileDescriptor.workerPid(this.buffer);
				this.workerPid = pid;
			}
			finally {
				this.mapping.exit();
			}
		}
		return pid;
	}

	/**
	 * Starts the reader thread. The listener's {@link FrameListener#onClosed(Throwable)}
	 * is called exactly once, after the last frame: with {@code null} when the worker
	 * closed its end in order or when this link was closed, with a
	 * {@link LinkClosedException} when the worker went without closing (it died), or with
	 * whatever else ended the thread. A listener that throws is logged and keeps
	 * receiving.
	 * @param listener the listener
	 * @throws LinkClosedException when the link is closed
	 * @throws IllegalStateException when the link is already started
	 */
	@Override
	public void start(FrameListener listener) {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new LinkClosedException(describe() + " is closed");
			}
			if (this.reader != null) {
				throw new IllegalStateException(describe() + " is already started");
			}
			this.assembler = new FrameAssembler(this.maxMessageSize, this.group, new ListenerSink(listener));
			Thread reader = new Thread(() -> read(listener),
					"ipc-worker-" + this.group + "-" + this.workerIndex + "-reader");
			reader.setDaemon(true);
			this.reader = reader;
			reader.start();
		}
	}

	@Override
	public void send(Frame frame, Duration timeout) throws TimeoutException, InterruptedException {
		long timeoutNs = toNanos(timeout);
		long startNs = System.nanoTime();
		checkOpen();
		if (!this.sendLock.tryLock(timeoutNs, TimeUnit.NANOSECONDS)) {
			throw new TimeoutException("no turn to send to " + describe() + " within " + timeout + " (waited "
					+ Duration.ofNanos(System.nanoTime() - startNs) + ")");
		}
		try {
			checkOpen();
			this.fragmenter.begin(frame);
			this.sendBackoff.reset();
			enterMapping();
			try {
				while (true) {
					boolean written = writeAvailable();
					wakeWorkerIfSleeping();
					if (written) {
						return;
					}
					// Closing makes a sender waiting for room leave within one back-off
					// period, so it delays the unmap no longer than that.
					checkOpen();
					if (Thread.interrupted()) {
						throw new InterruptedException();
					}
					long remainingNs = timeoutNs - (System.nanoTime() - startNs);
					if (remainingNs <= 0) {
						throw new TimeoutException("no room to send " + frame + " to " + describe() + " within "
								+ timeout + " (waited " + Duration.ofNanos(System.nanoTime() - startNs) + ")");
					}
					this.sendBackoff.idle(remainingNs);
				}
			}
			finally {
				this.mapping.exit();
			}
		}
		finally {
			// The worker drops fragments already written when the next frame begins.
			this.fragmenter.abandon();
			this.sendLock.unlock();
		}
	}

	@Override
	public boolean trySend(Frame frame) {
		checkOpen();
		if (frame.encodedLength() > this.outbound.maxBodyLength() || !this.sendLock.tryLock()) {
			return false;
		}
		try {
			checkOpen();
			// One record: the ring takes all of it or nothing.
			this.fragmenter.begin(frame);
			enterMapping();
			try {
				boolean written = writeAvailable();
				if (written) {
					wakeWorkerIfSleeping();
				}
				return written;
			}
			finally {
				this.mapping.exit();
			}
		}
		finally {
			this.fragmenter.abandon();
			this.sendLock.unlock();
		}
	}

	/**
	 * Reads the inbound ring on the caller's thread. While a caller reads, the worker is
	 * not asked to ring the doorbell (the sleeping flag stays clear) and the reader
	 * thread sleeps; when the caller stops, it sets the flag again and delivers what came
	 * in meanwhile, so that no frame waits for a doorbell that will not ring.
	 */
	@Override
	public boolean awaitInline(BooleanSupplier done, long maxNs) {
		FrameAssembler assembler = this.assembler;
		if (assembler == null || !usable() || !this.readLock.tryLock()) {
			return done.getAsBoolean();
		}
		try {
			if (usable() && this.mapping.enter()) {
				try {
					readInline(assembler, done, maxNs);
				}
				finally {
					this.mapping.exit();
				}
			}
		}
		catch (Throwable ex) {
			// The ring or the listener failed on the caller's thread. The link is of no
			// use any more: the reader thread reports it, which fails the caller's
			// request too.
			fail(ex);
		}
		finally {
			this.readLock.unlock();
		}
		return done.getAsBoolean();
	}

	private void readInline(FrameAssembler assembler, BooleanSupplier done, long maxNs) {
		this.inbound.awake();
		long endNs = System.nanoTime() + maxNs;
		while (!done.getAsBoolean()) {
			if (this.inbound.read(assembler) == 0) {
				if (System.nanoTime() - endNs > 0 || !usable()) {
					break;
				}
				Thread.onSpinWait();
			}
		}
		while (!this.inbound.prepareToSleep()) {
			this.inbound.read(assembler);
		}
	}

	private boolean usable() {
		return !this.closed && !this.workerGone && this.failure == null;
	}

	/**
	 * Marks the link failed, unless it is closed already, and makes the reader thread
	 * end, which reports the failure to the listener.
	 * @param cause why
	 */
	private void fail(Throwable cause) {
		synchronized (this.lifecycleMonitor) {
			if (this.closed || this.failure != null) {
				return;
			}
			this.failure = cause;
		}
		logger.error(describe() + " failed; the worker will be replaced", cause);
		Doorbell doorbell = this.doorbell;
		if (doorbell != null) {
			doorbell.wakeUp();
		}
		else {
			// Still waiting for the worker to attach.
			closeQuietly(this.server);
		}
	}

	@Override
	public void close() {
		Thread reader;
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			reader = this.reader;
		}
		closeQuietly(this.server);
		Doorbell doorbell = this.doorbell;
		if (doorbell != null) {
			doorbell.wakeUp();
		}
		if (reader != null && reader != Thread.currentThread()) {
			joinReader(reader);
		}
		if (doorbell != null) {
			doorbell.close();
		}
		deleteFiles();
		// Unmapped now if no thread is inside the buffer, else by the last one to leave:
		// the reader thread once it ends (woken above; still running if its listener
		// is blocked, or if the listener is what called close), an inline reader or a
		// sender once it sees the link closed, which they check on every turn.
		this.mapping.close();
	}

	/**
	 * Deletes the files, then gives up the lock that said they were in use. Idempotent.
	 */
	private void deleteFiles() {
		ShmFiles.deleteQuietly(this.file, this.socketFile);
		closeQuietly(this.lockChannel);
	}

	private void read(FrameListener listener) {
		Throwable cause = null;
		// Inside the mapping for as long as it may touch it; closed before the thread
		// ran: nothing to read.
		boolean entered = this.mapping.enter();
		try {
			if (entered) {
				Doorbell doorbell = acceptWorker();
				deleteFiles();
				cause = serve(listener, doorbell);
			}
		}
		catch (Throwable ex) {
			// A selector or channel closed by close() is no failure; anything else, an
			// Error from the listener included, is.
			fail(ex);
		}
		finally {
			this.workerGone = true;
			Doorbell doorbell = this.doorbell;
			if (doorbell != null) {
				doorbell.close();
			}
			if (entered) {
				this.mapping.exit();
			}
		}
		Throwable failure = this.failure;
		if (failure != null) {
			cause = failure;
			closeQuietly(this.server);
			deleteFiles();
		}
		try {
			listener.onClosed(cause);
		}
		catch (Throwable ex) {
			logger.error("Frame listener failed on close of " + describe(), ex);
		}
	}

	private Doorbell acceptWorker() throws IOException {
		while (true) {
			Doorbell doorbell = new Doorbell(this.server.accept());
			// Published before the key arrives, so that close() can wake this thread.
			this.doorbell = doorbell;
			if (!doorbell.readKey(this.doorbellKey, DOORBELL_KEY_TIMEOUT_NS)) {
				this.doorbell = null;
				doorbell.close();
				logger.warn("Turned away a doorbell connection to " + describe()
						+ " that did not send the key: only the worker can read it from the file");
				continue;
			}
			closeQuietly(this.server);
			// A sender may have taken the worker's sleeping flag before there was a
			// doorbell to ring: ring once now; a spare ring only costs the worker a
			// spurious wake-up.
			doorbell.ring();
			if (logger.isDebugEnabled()) {
				logger.debug("Worker pid " + workerPid() + " attached to " + describe());
			}
			return doorbell;
		}
	}

	private @Nullable Throwable serve(FrameListener listener, Doorbell doorbell) throws IOException {
		FrameAssembler assembler = this.assembler;
		if (assembler == null) {
			throw new IllegalStateException("not started");
		}
		// The default spin, whatever the worker's: callers waiting for an answer read it
		// themselves, so a longer spin here would only burn a core.
		Backoff backoff = new Backoff();
		while (!this.closed && this.failure == null) {
			// The sleeping flag is only ever written with the read lock held (here, and
			// by a caller reading inline), so that this thread can never clear a flag a
			// caller set on leaving and then sleep behind it.
			boolean callerReads = !this.readLock.tryLock();
			if (!callerReads) {
				try {
					if (this.inbound.read(assembler) > 0) {
						backoff.reset();
						continue;
					}
					if (backoff.spinOrYield() || !this.inbound.prepareToSleep()) {
						continue;
					}
				}
				finally {
					this.readLock.unlock();
				}
			}
			// A caller reading inline delivers the frames, with the sleeping flag clear;
			// this thread sleeps until that caller stops, setting the flag as it leaves,
			// and a frame rings the doorbell. The flag is not cleared on waking: clearing
			// it without the lock could undo a caller's; a flag left set costs at most
			// one
			// spare ring. While a caller reads, this thread sleeps for a bounded time
			// only: under 32 callers with pipelined requests it was found asleep behind
			// frames with the flag clear and no caller reading (a 30 s hang), a lost
			// wake-up that the bound turns into at most CALLER_READS_SLEEP_NS of delay.
			boolean workerAlive = doorbell.await(callerReads ? CALLER_READS_SLEEP_NS : Long.MAX_VALUE);
			backoff.reset();
			if (!workerAlive) {
				// Deliver what the worker wrote before it went.
				this.readLock.lock();
				try {
					this.inbound.read(assembler);
				}
				finally {
					this.readLock.unlock();
				}
				if (doorbell.goodbyeReceived()) {
					return null;
				}
				return new LinkClosedException(
						describe() + " ended without closing it (worker pid " + workerPid() + " died?)",
						doorbell.failure());
			}
		}
		return null;
	}

	/**
	 * Enters the mapping for a send.
	 * @throws LinkClosedException when the link is closed
	 */
	private void enterMapping() {
		if (!this.mapping.enter()) {
			throw new LinkClosedException(describe() + " is closed");
		}
	}

	/**
	 * Writes what the ring has room for; a ring that cannot be valid fails the link.
	 */
	private boolean writeAvailable() {
		try {
			return this.fragmenter.writeAvailable();
		}
		catch (IllegalStateException ex) {
			fail(ex);
			throw new LinkClosedException(describe() + " failed: " + ex.getMessage(), ex);
		}
	}

	private void wakeWorkerIfSleeping() {
		if (this.outbound.takeWakeUp()) {
			Doorbell doorbell = this.doorbell;
			// Without a doorbell yet, the reader thread rings once it has one.
			if (doorbell != null) {
				doorbell.ring();
			}
		}
	}

	private void checkOpen() {
		if (this.closed) {
			throw new LinkClosedException(describe() + " is closed");
		}
		Throwable failure = this.failure;
		if (failure != null) {
			throw new LinkClosedException(describe() + " failed: " + failure, failure);
		}
		if (this.workerGone) {
			throw new LinkClosedException("worker of " + describe() + " is gone");
		}
	}

	private void joinReader(Thread reader) {
		try {
			reader.join(READER_JOIN_TIMEOUT_MS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (reader.isAlive()) {
			logger.warn("Reader thread " + reader.getName() + " did not end within " + READER_JOIN_TIMEOUT_MS
					+ " ms; is its frame listener blocked?");
		}
	}

	private String describe() {
		return "shared-memory link to worker " + this.workerIndex + " of group '" + this.group + "'";
	}

	private static long toNanos(Duration duration) {
		try {
			return Math.max(0, duration.toNanos());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

	/**
	 * Hands the assembled frames to the listener, which must not stop the reader.
	 */
	private final class ListenerSink implements FrameAssembler.FrameSink {

		private final FrameListener listener;

		ListenerSink(FrameListener listener) {
			this.listener = listener;
		}

		@Override
		public boolean onFrame(Frame frame) {
			try {
				this.listener.onFrame(frame);
			}
			catch (RuntimeException ex) {
				logger.error("Frame listener of " + describe() + " failed on " + frame, ex);
			}
			return true;
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			try {
				this.listener.onBadFrame(requestId, problem);
			}
			catch (RuntimeException ex) {
				logger.error("Frame listener of " + describe() + " failed on a bad frame", ex);
			}
		}

	}

}
