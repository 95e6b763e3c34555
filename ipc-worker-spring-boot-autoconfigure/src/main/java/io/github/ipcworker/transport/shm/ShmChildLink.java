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
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The worker's end of a shared-memory link. {@link #connect(Map)} maps the file the
 * parent created, checks its header, writes the worker's pid into it, connects the
 * doorbell and sends the doorbell key from the header; the parent then deletes both
 * files.
 *
 * <p>
 * {@link #receive(long)} and {@link #poll()} are for one thread; {@link #send(Frame)} may
 * be called from any thread. Frames the parent sent before it went are still received;
 * after them, receiving fails with {@link LinkClosedException}. Frames that do not parse
 * are logged, skipped and reported to the {@link #onBadFrame(BadFrameListener) listener}.
 * A ring whose positions or records cannot be valid closes the link without a goodbye, so
 * the parent sees the worker go and replaces it, and fails the call with a
 * {@link LinkClosedException} that says why.
 */
public final class ShmChildLink implements ChildLink {

	/** The transport name in the child settings. */
	public static final String TRANSPORT_NAME = ShmTransport.NAME;

	/** Key of the mapped file's path in the child settings. */
	public static final String FILE_KEY = "shm.file";

	/** Key of the doorbell socket's path in the child settings. */
	public static final String SOCKET_KEY = "shm.socket";

	/** Key of the group name in the child settings. */
	public static final String GROUP_KEY = "shm.group";

	/**
	 * Key of the spin before the worker sleeps, in nanoseconds, in the child settings;
	 * absent from an older parent's settings, which the default then stands for.
	 */
	public static final String SPIN_KEY = "shm.spin-ns";

	private static final Log logger = LogFactory.getLog(ShmChildLink.class);

	private final @Nullable String group;

	private final Path file;

	private final Doorbell doorbell;

	private final OneToOneRing inbound;

	private final FrameAssembler assembler;

	private final Backoff receiveBackoff;

	private @Nullable Frame received;

	private volatile BadFrameListener badFrameListener = (requestId, problem) -> {
	};

	private final OneToOneRing outbound;

	private final ReentrantLock sendLock = new ReentrantLock();

	/** Guarded by {@link #sendLock}. */
	private final FrameFragmenter fragmenter;

	/** Guarded by {@link #sendLock}. */
	private final Backoff sendBackoff = new Backoff();

	private final AtomicBoolean closed = new AtomicBoolean();

	/** Every access to the mapped buffer after the constructor goes through it. */
	private final MappingGuard mapping;

	private ShmChildLink(@Nullable String group, Path file, MappedByteBuffer buffer, Doorbell doorbell, long spinNs) {
		this.group = group;
		this.receiveBackoff = new Backoff(spinNs);
		this.file = file;
		this.doorbell = doorbell;
		this.mapping = new MappingGuard(buffer);
		int ringCapacity = ShmFileDescriptor.ringCapacity(buffer);
		int maxMessageSize = ShmFileDescriptor.maxMessageSize(buffer);
		this.inbound = new OneToOneRing(buffer,
				ShmFileDescriptor.ringOffset(ShmFileDescriptor.PARENT_TO_WORKER_RING, ringCapacity), ringCapacity);
		this.outbound = new OneToOneRing(buffer,
				ShmFileDescriptor.ringOffset(ShmFileDescriptor.WORKER_TO_PARENT_RING, ringCapacity), ringCapacity);
		this.assembler = new FrameAssembler(maxMessageSize, group, new FrameAssembler.FrameSink() {

			@Override
			public boolean onFrame(Frame frame) {
				ShmChildLink.this.received = frame;
				return false;
			}

			@Override
			public void onBadFrame(long requestId, RuntimeException problem) {
				logger.warn("Dropped a bad frame from the parent (request " + requestId + ") on " + describe(),
						problem);
				ShmChildLink.this.badFrameListener.onBadFrame(requestId, problem);
			}

		});
		this.fragmenter = new FrameFragmenter(this.outbound, maxMessageSize, group);
	}

	/**
	 * Connects to the parent's end.
	 * @param settings the settings from the parent's link
	 * @return the link
	 * @throws IOException when the file or the doorbell cannot be opened, or the file is
	 * not one this version can use
	 */
	public static ShmChildLink connect(Map<String, String> settings) throws IOException {
		Path file = Path.of(required(settings, FILE_KEY));
		Path socketFile = Path.of(required(settings, SOCKET_KEY));
		MappedByteBuffer buffer;
		long length;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			length = channel.size();
			if (length < ShmFileDescriptor.HEADER_LENGTH || length > Integer.MAX_VALUE) {
				throw new IOException("cannot attach to " + file + ": not a shared-memory link file: length=" + length);
			}
			buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
		}
		try {
			ShmFileDescriptor.checkHeader(buffer, length);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			// Nobody else holds the buffer yet: it can go at once.
			Unmapper.unmap(buffer);
			throw new IOException("cannot attach to " + file + ": " + ex.getMessage(), ex);
		}
		ShmFileDescriptor.workerPid(buffer, ProcessHandle.current().pid());
		SocketChannel channel;
		try {
			channel = SocketChannel.open(UnixDomainSocketAddress.of(socketFile));
		}
		catch (IOException ex) {
			Unmapper.unmap(buffer);
			throw new IOException("cannot connect the doorbell " + socketFile + ": " + ex.getMessage(), ex);
		}
		Doorbell doorbell;
		try {
			Doorbell.sendKey(channel, ShmFileDescriptor.doorbellKey(buffer));
			doorbell = new Doorbell(channel);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			Unmapper.unmap(buffer);
			throw ex;
		}
		return new ShmChildLink(settings.get(GROUP_KEY), file, buffer, doorbell, spin(settings));
	}

	@Override
	public @Nullable Frame receive(long timeoutNs) throws InterruptedException {
		if (timeoutNs <= 0) {
			return poll();
		}
		checkNotClosed();
		enterMapping();
		try {
			return receiveInside(timeoutNs);
		}
		finally {
			this.mapping.exit();
		}
	}

	private @Nullable Frame receiveInside(long timeoutNs) throws InterruptedException {
		Frame frame = pollRing();
		if (frame != null) {
			return frame;
		}
		long startNs = System.nanoTime();
		Backoff backoff = this.receiveBackoff;
		backoff.reset();
		while (true) {
			if (Thread.interrupted()) {
				throw new InterruptedException();
			}
			long remainingNs = timeoutNs - (System.nanoTime() - startNs);
			if (remainingNs <= 0) {
				return null;
			}
			if (!backoff.spinOrYield() && this.inbound.prepareToSleep()) {
				sleep(remainingNs);
			}
			// Closing wakes a sleeper: it leaves without reading, so the unmap can
			// follow.
			checkNotClosed();
			frame = pollRing();
			if (frame != null) {
				return frame;
			}
			if (this.doorbell.peerGone()) {
				throw parentGone();
			}
		}
	}

	@Override
	public @Nullable Frame poll() {
		checkNotClosed();
		enterMapping();
		try {
			Frame frame = pollRing();
			if (frame == null && !this.doorbell.check()) {
				// Gone after writing the last frames: those come first.
				frame = pollRing();
				if (frame == null) {
					throw parentGone();
				}
			}
			return frame;
		}
		finally {
			this.mapping.exit();
		}
	}

	@Override
	public void send(Frame frame) throws InterruptedException {
		this.sendLock.lockInterruptibly();
		try {
			checkUsable();
			this.fragmenter.begin(frame);
			this.sendBackoff.reset();
			enterMapping();
			try {
				while (true) {
					boolean written = writeAvailable();
					if (this.outbound.takeWakeUp()) {
						this.doorbell.ring();
					}
					if (written) {
						return;
					}
					if (Thread.interrupted()) {
						throw new InterruptedException();
					}
					// A sender waiting for room leaves once the link is closed.
					checkUsable();
					if (!this.sendBackoff.spinOrYield()) {
						// The parent reads its ring until it dies: a full ring means a
						// slow or dead parent, and only the doorbell tells which.
						this.doorbell.check();
						this.sendBackoff.park(Backoff.MAX_PARK_PERIOD_NS);
					}
				}
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

	@Override
	public void onBadFrame(BadFrameListener listener) {
		this.badFrameListener = listener;
	}

	/**
	 * Says goodbye to the parent, closes the doorbell and releases the mapping.
	 * Idempotent. The mapping goes now if no thread is inside it, else when the last one
	 * leaves: a receiver sleeping on the doorbell wakes as it closes, and it and any
	 * sender see the link closed on their next turn (see {@link MappingGuard}).
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.doorbell.goodbye();
		this.doorbell.close();
		this.mapping.close();
	}

	private @Nullable Frame pollRing() {
		try {
			this.inbound.read(this.assembler);
		}
		catch (IllegalStateException ex) {
			throw broken(ex);
		}
		Frame frame = this.received;
		this.received = null;
		return frame;
	}

	private boolean writeAvailable() {
		try {
			return this.fragmenter.writeAvailable();
		}
		catch (IllegalStateException ex) {
			throw broken(ex);
		}
	}

	/**
	 * Closes the link because its ring cannot be trusted: no goodbye, so the parent
	 * counts the worker as gone, not as closed in order.
	 * @param problem what was found
	 * @return the exception to throw
	 */
	private LinkClosedException broken(IllegalStateException problem) {
		logger.error(describe() + " is broken; closing it", problem);
		if (this.closed.compareAndSet(false, true)) {
			this.doorbell.close();
			this.mapping.close();
		}
		return new LinkClosedException(describe() + " is broken: " + problem.getMessage(), problem);
	}

	private void sleep(long timeoutNs) {
		try {
			this.doorbell.await(timeoutNs);
		}
		catch (ClosedSelectorException | IOException ex) {
			checkNotClosed();
			throw new LinkClosedException("doorbell of " + describe() + " failed", ex);
		}
		finally {
			this.inbound.awake();
		}
	}

	private void enterMapping() {
		if (!this.mapping.enter()) {
			throw new LinkClosedException(describe() + " is closed");
		}
	}

	private void checkUsable() {
		checkNotClosed();
		if (this.doorbell.peerGone()) {
			throw parentGone();
		}
	}

	private void checkNotClosed() {
		if (this.closed.get()) {
			throw new LinkClosedException(describe() + " is closed");
		}
	}

	private LinkClosedException parentGone() {
		IOException failure = this.doorbell.failure();
		String message = "parent of " + describe() + " is gone";
		return (failure != null) ? new LinkClosedException(message, failure) : new LinkClosedException(message);
	}

	private String describe() {
		return "shared-memory link " + this.file.getFileName()
				+ ((this.group != null) ? " of group '" + this.group + "'" : "");
	}

	private static long spin(Map<String, String> settings) throws IOException {
		String value = settings.get(SPIN_KEY);
		if (value == null) {
			return Backoff.SPIN_PERIOD_NS;
		}
		try {
			long spinNs = Long.parseLong(value);
			if (spinNs >= 0 && spinNs <= ShmOptions.MAX_SPIN_NS) {
				return spinNs;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below.
		}
		throw new IOException("shared-memory link setting out of range: " + SPIN_KEY + "=" + value);
	}

	private static String required(Map<String, String> settings, String key) throws IOException {
		String value = settings.get(key);
		if (value == null || value.isEmpty()) {
			throw new IOException("shared-memory link setting missing: key=" + key);
		}
		return value;
	}

}
