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
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.jspecify.annotations.Nullable;

/**
 * One end of a bare shared-memory link, the benchmarks' raw limit: the transport's own
 * file layout ({@link ShmFileDescriptor}) and rings ({@link OneToOneRing}), with no
 * frames, no codec, no dispatch, no doorbell and no sleeping. Both ends spin while they
 * wait, so a round trip costs the copies and the cache-line transfers and nothing else.
 *
 * <p>
 * This class lives in the transport's package, in the benchmarks module, because the ring
 * is package-private: the benchmark measures the ring exactly as the transport uses it
 * without widening the transport's public API. A message larger than a record is split
 * into records flagged
 * {@link RecordDescriptor#FLAG_BEGIN}/{@link RecordDescriptor#FLAG_END}, as the transport
 * does. A zero-length message is the benchmarks' stop signal.
 *
 * <p>
 * Not thread-safe: one thread sends and receives at each end.
 */
public final class RawRingPeer {

	/** How many spins pass between two looks at the clock. */
	private static final int SPINS_PER_CLOCK_CHECK = 1024;

	private final Path file;

	private final MappedByteBuffer buffer;

	/** The creator's lock on the file (see {@link ShmFiles}), or {@code null}. */
	private final @Nullable FileChannel lockChannel;

	private final OneToOneRing outbound;

	private final OneToOneRing inbound;

	private final OneToOneRing.RecordHandler collector = this::collect;

	private byte[] target = new byte[0];

	private int received;

	private boolean complete;

	private RawRingPeer(Path file, MappedByteBuffer buffer, @Nullable FileChannel lockChannel, int outboundRing,
			int inboundRing) {
		this.file = file;
		this.buffer = buffer;
		this.lockChannel = lockChannel;
		int capacity = ShmFileDescriptor.ringCapacity(buffer);
		this.outbound = new OneToOneRing(buffer, ShmFileDescriptor.ringOffset(outboundRing, capacity), capacity);
		this.inbound = new OneToOneRing(buffer, ShmFileDescriptor.ringOffset(inboundRing, capacity), capacity);
	}

	/**
	 * Creates the file of a new link, named like the transport's files so that its
	 * clean-up of dead parents' files covers it, and opens the parent's end.
	 * @param ringCapacity the capacity of each ring, a power of two
	 * @param maxMessageSize the largest message, recorded in the header
	 * @return the parent's end; the caller deletes the file
	 * @throws IOException when the file cannot be created
	 */
	public static RawRingPeer create(int ringCapacity, int maxMessageSize) throws IOException {
		Path directory = ShmFiles.defaultDirectory().toAbsolutePath();
		Path file = directory.resolve(ShmFiles.newBaseName(directory, "raw-ring", 0));
		ShmFiles.MappedFile mapped = ShmFiles.createMappedFile(file, ShmFileDescriptor.fileLength(ringCapacity));
		MappedByteBuffer buffer = mapped.buffer();
		ShmFileDescriptor.fillHeader(buffer, ProcessHandle.current().pid(), ringCapacity, maxMessageSize,
				System.currentTimeMillis(), 0L);
		ShmFileDescriptor.signalReady(buffer);
		return new RawRingPeer(file, buffer, mapped.lockChannel(), ShmFileDescriptor.PARENT_TO_WORKER_RING,
				ShmFileDescriptor.WORKER_TO_PARENT_RING);
	}

	/**
	 * Opens the other end of a link the parent created, and records this process's pid in
	 * the header to say so.
	 * @param file the file
	 * @return the child's end
	 * @throws IOException when the file cannot be mapped or is not a ready link file
	 */
	public static RawRingPeer attach(Path file) throws IOException {
		MappedByteBuffer buffer;
		long length;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			length = channel.size();
			buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
		}
		try {
			ShmFileDescriptor.checkHeader(buffer, length);
		}
		catch (IllegalStateException | IllegalArgumentException ex) {
			throw new IOException("cannot attach to " + file + ": " + ex.getMessage(), ex);
		}
		ShmFileDescriptor.workerPid(buffer, ProcessHandle.current().pid());
		return new RawRingPeer(file, buffer, null, ShmFileDescriptor.WORKER_TO_PARENT_RING,
				ShmFileDescriptor.PARENT_TO_WORKER_RING);
	}

	/**
	 * Returns the link's file.
	 * @return the path
	 */
	public Path file() {
		return this.file;
	}

	/**
	 * Returns the pid of the process that attached.
	 * @return the pid, or 0 while none has
	 */
	public long peerPid() {
		return ShmFileDescriptor.workerPid(this.buffer);
	}

	/**
	 * Deletes the link's file; both ends keep their mappings.
	 * @throws IOException when the file cannot be deleted
	 */
	public void deleteFile() throws IOException {
		Files.deleteIfExists(this.file);
		if (this.lockChannel != null) {
			this.lockChannel.close();
		}
	}

	/**
	 * Sends a message, spinning while the ring is full.
	 * @param message the bytes
	 * @param length how many bytes of the array to send; 0 is the stop signal
	 * @param deadlineNs the {@link System#nanoTime()} by which the whole message must be
	 * in the ring
	 * @throws IllegalStateException when the deadline passes
	 */
	public void send(byte[] message, int length, long deadlineNs) {
		int maxBody = this.outbound.maxBodyLength();
		int offset = 0;
		int spins = 0;
		do {
			int chunk = Math.min(length - offset, maxBody);
			int bodyOffset;
			while ((bodyOffset = this.outbound.tryClaim(chunk)) == OneToOneRing.INSUFFICIENT_CAPACITY) {
				spins = spin(spins, deadlineNs, "room in the ring");
			}
			this.buffer.put(bodyOffset, message, offset, chunk);
			int flags = ((offset == 0) ? RecordDescriptor.FLAG_BEGIN : 0)
					| ((offset + chunk == length) ? RecordDescriptor.FLAG_END : 0);
			this.outbound.commit(flags);
			offset += chunk;
		}
		while (offset < length);
	}

	/**
	 * Receives the next message, spinning until all of it has arrived.
	 * @param into where to copy it; must be long enough
	 * @param deadlineNs the {@link System#nanoTime()} by which it must have arrived, or
	 * {@link Long#MAX_VALUE} to wait for ever
	 * @return the message length; 0 for the stop signal
	 * @throws IllegalStateException when the deadline passes
	 */
	public int receive(byte[] into, long deadlineNs) {
		this.target = into;
		this.received = 0;
		this.complete = false;
		int spins = 0;
		while (!this.complete) {
			if (this.inbound.read(this.collector) == 0) {
				spins = spin(spins, deadlineNs, "a message");
			}
		}
		return this.received;
	}

	private boolean collect(ByteBuffer buffer, int bodyOffset, int bodyLength, int flags) {
		if ((flags & RecordDescriptor.FLAG_BEGIN) != 0) {
			this.received = 0;
		}
		buffer.get(bodyOffset, this.target, this.received, bodyLength);
		this.received += bodyLength;
		this.complete = (flags & RecordDescriptor.FLAG_END) != 0;
		// Stop after a whole message: the next one may need another target.
		return !this.complete;
	}

	private static int spin(int spins, long deadlineNs, String what) {
		Thread.onSpinWait();
		if (++spins % SPINS_PER_CLOCK_CHECK == 0 && deadlineNs != Long.MAX_VALUE
				&& System.nanoTime() - deadlineNs > 0) {
			throw new IllegalStateException("raw ring: no " + what + " before the deadline");
		}
		return spins;
	}

}
