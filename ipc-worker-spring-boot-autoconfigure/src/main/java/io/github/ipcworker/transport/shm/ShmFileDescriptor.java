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

import java.nio.ByteBuffer;

import io.github.ipcworker.protocol.FrameDescriptor;

/**
 * Layout of the file a group shares with one worker process: a header, then one ring each
 * way. Every region starts on a multiple of {@link RingDescriptor#FIELD_REGION_LENGTH}.
 *
 * <pre>
 *  +--------------------------------------------+
 *  | Header                       HEADER_LENGTH |
 *  +--------------------------------------------+
 *  | Ring 0 control block  (parent to worker)   |
 *  +--------------------------------------------+  RingDescriptor.CONTROL_LENGTH
 *  | Ring 0 data                                |
 *  |                            ring capacity   |
 *  +--------------------------------------------+
 *  | Ring 1 control block  (worker to parent)   |
 *  +--------------------------------------------+
 *  | Ring 1 data                                |
 *  |                            ring capacity   |
 *  +--------------------------------------------+
 * </pre>
 *
 * The header, little-endian:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             Magic                             |   0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Layout Version                         |   4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |   8
 *  +                           Owner Pid                           +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  16
 *  +                          Worker Pid                           +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Ring Capacity                         |  24
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Max Message Size                        |  28
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  32
 *  +                      Creation Time (ms)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  40
 *  +                         Doorbell Key                          +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       (unused to 128)                        ...  48
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 * <li>Magic: {@link #MAGIC}, written last by the parent with a release store, so a worker
 * that reads it with an acquire load sees every other field; 0 means not ready.</li>
 * <li>Layout Version: {@link #LAYOUT_VERSION} of this layout, the rings' and the
 * records'.</li>
 * <li>Owner Pid: the parent process.</li>
 * <li>Worker Pid: the worker process, written by the worker when it attaches; 0
 * before.</li>
 * <li>Ring Capacity: bytes of data in each ring; a power of two.</li>
 * <li>Max Message Size: the largest frame, header included, either side may send.</li>
 * <li>Creation Time: when the parent created the file, in milliseconds since the
 * epoch.</li>
 * <li>Doorbell Key: a random number the worker sends first on the doorbell socket. Only a
 * process that can read this owner-only file knows it, so the parent turns away anyone
 * else who connects, for example in the moment between binding the socket and restricting
 * its permissions.</li>
 * </ul>
 */
public final class ShmFileDescriptor {

	/** The magic number, the bytes {@code "IPCW"} in file order. */
	public static final int MAGIC = 0x57435049;

	/** Version of this layout. */
	public static final int LAYOUT_VERSION = 1;

	/** Index of the ring the parent writes and the worker reads. */
	public static final int PARENT_TO_WORKER_RING = 0;

	/** Index of the ring the worker writes and the parent reads. */
	public static final int WORKER_TO_PARENT_RING = 1;

	/** Smallest ring capacity: 4 KiB. */
	public static final int MIN_RING_CAPACITY = 4 * 1024;

	/** Largest ring capacity: 512 MiB, so that the whole file stays below 2 GiB. */
	public static final int MAX_RING_CAPACITY = 512 * 1024 * 1024;

	/**
	 * Largest possible maximum message size: the largest array a JVM reliably allocates.
	 */
	public static final int MAX_MESSAGE_SIZE_LIMIT = Integer.MAX_VALUE - 8;

	/** Offset of the 32-bit magic number. */
	public static final int MAGIC_FIELD_OFFSET = 0;

	/** Offset of the 32-bit layout version. */
	public static final int LAYOUT_VERSION_FIELD_OFFSET = MAGIC_FIELD_OFFSET + Integer.BYTES;

	/** Offset of the 64-bit owner (parent) pid. */
	public static final int OWNER_PID_FIELD_OFFSET = LAYOUT_VERSION_FIELD_OFFSET + Integer.BYTES;

	/** Offset of the 64-bit worker pid. */
	public static final int WORKER_PID_FIELD_OFFSET = OWNER_PID_FIELD_OFFSET + Long.BYTES;

	/** Offset of the 32-bit ring capacity. */
	public static final int RING_CAPACITY_FIELD_OFFSET = WORKER_PID_FIELD_OFFSET + Long.BYTES;

	/** Offset of the 32-bit maximum message size. */
	public static final int MAX_MESSAGE_SIZE_FIELD_OFFSET = RING_CAPACITY_FIELD_OFFSET + Integer.BYTES;

	/** Offset of the 64-bit creation time in milliseconds. */
	public static final int CREATION_TIME_FIELD_OFFSET = MAX_MESSAGE_SIZE_FIELD_OFFSET + Integer.BYTES;

	/** Offset of the 64-bit doorbell key. */
	public static final int DOORBELL_KEY_FIELD_OFFSET = CREATION_TIME_FIELD_OFFSET + Long.BYTES;

	/**
	 * Length of the header, padded so that the first ring starts on its own cache lines.
	 */
	public static final int HEADER_LENGTH = RingDescriptor.FIELD_REGION_LENGTH;

	static {
		if (DOORBELL_KEY_FIELD_OFFSET + Long.BYTES > HEADER_LENGTH) {
			throw new ExceptionInInitializerError("header fields overflow the header");
		}
	}

	private ShmFileDescriptor() {
	}

	/**
	 * Returns the offset of a ring's control block.
	 * @param ringIndex {@link #PARENT_TO_WORKER_RING} or {@link #WORKER_TO_PARENT_RING}
	 * @param ringCapacity the ring capacity in bytes
	 * @return the offset in bytes
	 */
	public static int ringOffset(int ringIndex, int ringCapacity) {
		return HEADER_LENGTH + ringIndex * RingDescriptor.ringLength(ringCapacity);
	}

	/**
	 * Returns the length of a file whose rings have a given capacity.
	 * @param ringCapacity the ring capacity in bytes
	 * @return the file length in bytes
	 */
	public static int fileLength(int ringCapacity) {
		return ringOffset(2, ringCapacity);
	}

	/**
	 * Writes every header field but the magic number, which {@link #signalReady} writes.
	 * @param buffer the mapped file
	 * @param ownerPid the parent's pid
	 * @param ringCapacity the ring capacity in bytes
	 * @param maxMessageSize the largest frame in bytes
	 * @param creationTimeMs the creation time in milliseconds since the epoch
	 * @param doorbellKey the key the worker must send on the doorbell
	 */
	public static void fillHeader(ByteBuffer buffer, long ownerPid, int ringCapacity, int maxMessageSize,
			long creationTimeMs, long doorbellKey) {
		BufferAccess.INT.set(buffer, LAYOUT_VERSION_FIELD_OFFSET, LAYOUT_VERSION);
		BufferAccess.LONG.set(buffer, OWNER_PID_FIELD_OFFSET, ownerPid);
		BufferAccess.LONG.set(buffer, WORKER_PID_FIELD_OFFSET, 0L);
		BufferAccess.INT.set(buffer, RING_CAPACITY_FIELD_OFFSET, ringCapacity);
		BufferAccess.INT.set(buffer, MAX_MESSAGE_SIZE_FIELD_OFFSET, maxMessageSize);
		BufferAccess.LONG.set(buffer, CREATION_TIME_FIELD_OFFSET, creationTimeMs);
		BufferAccess.LONG.set(buffer, DOORBELL_KEY_FIELD_OFFSET, doorbellKey);
	}

	/**
	 * Marks the file ready by writing the magic number with a release store, after every
	 * other field.
	 * @param buffer the mapped file
	 */
	public static void signalReady(ByteBuffer buffer) {
		BufferAccess.INT.setRelease(buffer, MAGIC_FIELD_OFFSET, MAGIC);
	}

	/**
	 * Reads the magic number with an acquire load; the other fields may be read after it.
	 * @param buffer the mapped file
	 * @return the magic number, 0 while the file is not ready
	 */
	public static int magic(ByteBuffer buffer) {
		return (int) BufferAccess.INT.getAcquire(buffer, MAGIC_FIELD_OFFSET);
	}

	/**
	 * Reads the layout version.
	 * @param buffer the mapped file
	 * @return the layout version
	 */
	public static int layoutVersion(ByteBuffer buffer) {
		return (int) BufferAccess.INT.get(buffer, LAYOUT_VERSION_FIELD_OFFSET);
	}

	/**
	 * Reads the parent's pid.
	 * @param buffer the mapped file
	 * @return the pid
	 */
	public static long ownerPid(ByteBuffer buffer) {
		return (long) BufferAccess.LONG.get(buffer, OWNER_PID_FIELD_OFFSET);
	}

	/**
	 * Reads the worker's pid with an acquire load.
	 * @param buffer the mapped file
	 * @return the pid, or 0 while no worker has attached
	 */
	public static long workerPid(ByteBuffer buffer) {
		return (long) BufferAccess.LONG.getAcquire(buffer, WORKER_PID_FIELD_OFFSET);
	}

	/**
	 * Writes the worker's pid with a release store.
	 * @param buffer the mapped file
	 * @param pid the worker's pid
	 */
	public static void workerPid(ByteBuffer buffer, long pid) {
		BufferAccess.LONG.setRelease(buffer, WORKER_PID_FIELD_OFFSET, pid);
	}

	/**
	 * Reads the ring capacity.
	 * @param buffer the mapped file
	 * @return the capacity in bytes
	 */
	public static int ringCapacity(ByteBuffer buffer) {
		return (int) BufferAccess.INT.get(buffer, RING_CAPACITY_FIELD_OFFSET);
	}

	/**
	 * Reads the maximum message size.
	 * @param buffer the mapped file
	 * @return the size in bytes
	 */
	public static int maxMessageSize(ByteBuffer buffer) {
		return (int) BufferAccess.INT.get(buffer, MAX_MESSAGE_SIZE_FIELD_OFFSET);
	}

	/**
	 * Reads the creation time.
	 * @param buffer the mapped file
	 * @return the time in milliseconds since the epoch
	 */
	public static long creationTimeMs(ByteBuffer buffer) {
		return (long) BufferAccess.LONG.get(buffer, CREATION_TIME_FIELD_OFFSET);
	}

	/**
	 * Reads the doorbell key.
	 * @param buffer the mapped file
	 * @return the key
	 */
	public static long doorbellKey(ByteBuffer buffer) {
		return (long) BufferAccess.LONG.get(buffer, DOORBELL_KEY_FIELD_OFFSET);
	}

	/**
	 * Checks the header of a mapped file before a worker attaches to it.
	 * @param buffer the mapped file
	 * @param fileLength the length of the file in bytes
	 * @throws IllegalStateException when the file is not a ready file of this layout
	 */
	public static void checkHeader(ByteBuffer buffer, long fileLength) {
		if (fileLength < HEADER_LENGTH) {
			throw new IllegalStateException("file too short for a header: length=" + fileLength);
		}
		checkMagic(magic(buffer));
		checkLayoutVersion(layoutVersion(buffer));
		int ringCapacity = ringCapacity(buffer);
		checkRingCapacity(ringCapacity);
		checkMaxMessageSize(maxMessageSize(buffer));
		checkFileLength(fileLength, ringCapacity);
	}

	/**
	 * Checks a magic number.
	 * @param magic the magic number read
	 * @throws IllegalStateException when it is not {@link #MAGIC}
	 */
	public static void checkMagic(int magic) {
		if (magic != MAGIC) {
			throw new IllegalStateException("not a ready ipc-worker shared-memory file: magic=0x"
					+ Integer.toHexString(magic) + " expected=0x" + Integer.toHexString(MAGIC));
		}
	}

	/**
	 * Checks a layout version.
	 * @param version the version read
	 * @throws IllegalStateException when it is not {@link #LAYOUT_VERSION}
	 */
	public static void checkLayoutVersion(int version) {
		if (version != LAYOUT_VERSION) {
			throw new IllegalStateException(
					"unsupported shared-memory layout version: version=" + version + " expected=" + LAYOUT_VERSION);
		}
	}

	/**
	 * Checks a ring capacity.
	 * @param ringCapacity the capacity in bytes
	 * @throws IllegalArgumentException unless it is a power of two from
	 * {@link #MIN_RING_CAPACITY} to {@link #MAX_RING_CAPACITY}
	 */
	public static void checkRingCapacity(int ringCapacity) {
		if (ringCapacity < MIN_RING_CAPACITY || ringCapacity > MAX_RING_CAPACITY
				|| Integer.bitCount(ringCapacity) != 1) {
			throw new IllegalArgumentException("ring capacity must be a power of two from " + MIN_RING_CAPACITY + " to "
					+ MAX_RING_CAPACITY + " bytes: capacity=" + ringCapacity);
		}
	}

	/**
	 * Checks a maximum message size.
	 * @param maxMessageSize the size in bytes
	 * @throws IllegalArgumentException unless it holds at least a frame header and at
	 * most {@link #MAX_MESSAGE_SIZE_LIMIT} bytes
	 */
	public static void checkMaxMessageSize(int maxMessageSize) {
		if (maxMessageSize < FrameDescriptor.HEADER_LENGTH || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
			throw new IllegalArgumentException("max message size must be from " + FrameDescriptor.HEADER_LENGTH + " to "
					+ MAX_MESSAGE_SIZE_LIMIT + " bytes: size=" + maxMessageSize);
		}
	}

	/**
	 * Checks that a file is as long as its ring capacity says.
	 * @param fileLength the file length in bytes
	 * @param ringCapacity the ring capacity in bytes
	 * @throws IllegalStateException when the lengths do not match
	 */
	public static void checkFileLength(long fileLength, int ringCapacity) {
		if (fileLength != fileLength(ringCapacity)) {
			throw new IllegalStateException("file length does not match its ring capacity: length=" + fileLength
					+ " expected=" + fileLength(ringCapacity) + " capacity=" + ringCapacity);
		}
	}

}
