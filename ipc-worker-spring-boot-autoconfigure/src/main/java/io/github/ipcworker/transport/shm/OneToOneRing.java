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

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * A single-producer, single-consumer ring of records (see {@link RecordDescriptor}) in a
 * region of a direct or mapped buffer laid out by {@link RingDescriptor}. The producer
 * and the consumer may live in different processes, each with its own instance over the
 * same memory; an instance is used by one producer thread and one consumer thread at
 * most.
 *
 * <p>
 * Ordering: the producer writes a record with plain stores and then publishes the tail
 * position with a release store; the consumer reads the tail with an acquire load, so it
 * sees the whole record. The consumer copies a record out and then publishes the head
 * position with a release store; the producer reads it with an acquire load before it
 * writes over that space again.
 *
 * <p>
 * Sleeping: a consumer that wants to sleep calls {@link #prepareToSleep()}, which stores
 * the sleeping flag and then loads the tail, both sequentially consistent. A producer
 * calls {@link #takeWakeUp()} after publishing, which fences (so its tail store cannot
 * pass the load that follows) and then loads the flag. Of the two store-then-load pairs
 * at least one sees the other's store: either the consumer sees the new tail and does not
 * sleep, or the producer sees the flag and wakes the consumer. A wake-up is therefore
 * never lost, at the cost of one fence per publication. Whoever clears the flag (a
 * compare-and-set for the producer) makes sure only one side sends the wake-up; a spare
 * one only costs the consumer a spurious wake.
 *
 * <p>
 * Trust: the other side may be broken, or the memory overwritten. Both sides check what
 * they read from it before using it: {@code tail - head} must lie in {@code 0..capacity},
 * and a record must be no longer than a producer writes and end within what was
 * published. Anything else fails with an {@link IllegalStateException} at once, rather
 * than sending the consumer through garbage or letting the producer write over records
 * not yet read.
 */
final class OneToOneRing {

	/**
	 * Returned by {@link #tryClaim(int)} when the ring has no room for the record yet.
	 */
	static final int INSUFFICIENT_CAPACITY = -1;

	private static final int NOT_CLAIMED = -1;

	private final ByteBuffer buffer;

	private final int capacity;

	private final int mask;

	private final int maxBodyLength;

	private final int headPositionOffset;

	private final int tailPositionOffset;

	private final int consumerSleepingOffset;

	private final int dataOffset;

	// Producer side: its own tail, the last head it read, the current claim.

	private long tailPosition;

	private long headPositionCache;

	private int claimIndex = NOT_CLAIMED;

	private int claimBodyLength;

	private long claimTailPosition;

	// Consumer side: the head only this consumer writes.

	private long headPosition;

	/**
	 * Creates a view of a ring.
	 * @param buffer a direct or mapped buffer
	 * @param offset where the ring's control block starts; a multiple of
	 * {@link RecordDescriptor#ALIGNMENT} from an aligned address
	 * @param capacity the data capacity in bytes; see
	 * {@link ShmFileDescriptor#checkRingCapacity(int)}
	 * @throws IllegalArgumentException when the buffer cannot hold such a ring
	 */
	OneToOneRing(ByteBuffer buffer, int offset, int capacity) {
		if (!buffer.isDirect()) {
			throw new IllegalArgumentException("ring needs a direct or mapped buffer: buffer=" + buffer);
		}
		ShmFileDescriptor.checkRingCapacity(capacity);
		if (offset < 0 || (offset & (RecordDescriptor.ALIGNMENT - 1)) != 0
				|| (long) offset + RingDescriptor.ringLength(capacity) > buffer.capacity()) {
			throw new IllegalArgumentException("ring does not fit the buffer at an aligned offset: offset=" + offset
					+ " capacity=" + capacity + " buffer=" + buffer.capacity());
		}
		this.buffer = buffer;
		this.capacity = capacity;
		this.mask = capacity - 1;
		// A quarter of the ring: an empty ring always takes a largest record plus the
		// padding before it, and the producer can fill one part while the consumer copies
		// another.
		this.maxBodyLength = capacity / 4 - RecordDescriptor.HEADER_LENGTH;
		this.headPositionOffset = offset + RingDescriptor.HEAD_POSITION_FIELD_OFFSET;
		this.tailPositionOffset = offset + RingDescriptor.TAIL_POSITION_FIELD_OFFSET;
		this.consumerSleepingOffset = offset + RingDescriptor.CONSUMER_SLEEPING_FIELD_OFFSET;
		this.dataOffset = offset + RingDescriptor.CONTROL_LENGTH;
		this.headPosition = (long) BufferAccess.LONG.getAcquire(buffer, this.headPositionOffset);
		this.headPositionCache = this.headPosition;
		this.tailPosition = (long) BufferAccess.LONG.getAcquire(buffer, this.tailPositionOffset);
	}

	/**
	 * Returns the data capacity.
	 * @return the capacity in bytes
	 */
	int capacity() {
		return this.capacity;
	}

	/**
	 * Returns the longest body a record may have: a quarter of the capacity, less the
	 * record header.
	 * @return the length in bytes
	 */
	int maxBodyLength() {
		return this.maxBodyLength;
	}

	/**
	 * Returns the buffer the ring lives in, for writing claimed bodies.
	 * @return the buffer
	 */
	ByteBuffer buffer() {
		return this.buffer;
	}

	/**
	 * Producer: claims room for a record, inserting a padding record first when the
	 * record would run past the end of the buffer. The caller writes the body at the
	 * returned offset and then calls {@link #commit(int)}.
	 * @param bodyLength the body length, at most {@link #maxBodyLength()}
	 * @return the offset of the body in {@link #buffer()}, or
	 * {@link #INSUFFICIENT_CAPACITY} when the consumer has not freed enough room yet
	 * @throws IllegalArgumentException when the body is too long
	 * @throws IllegalStateException when the consumer's position cannot be valid
	 * @throws IllegalStateException when a claim is not committed yet
	 */
	int tryClaim(int bodyLength) {
		if (bodyLength < 0 || bodyLength > this.maxBodyLength) {
			throw new IllegalArgumentException(
					"record body length out of range: length=" + bodyLength + " max=" + this.maxBodyLength);
		}
		if (this.claimIndex != NOT_CLAIMED) {
			throw new IllegalStateException("previous claim not committed: index=" + this.claimIndex);
		}
		int recordLength = RecordDescriptor.recordLength(bodyLength);
		int index = (int) this.tailPosition & this.mask;
		int toEnd = this.capacity - index;
		int padding = (recordLength > toEnd) ? toEnd : 0;
		int required = padding + recordLength;
		if (!hasRoom(required)) {
			return INSUFFICIENT_CAPACITY;
		}
		if (padding > 0) {
			writeRecordHeader(index, padding - RecordDescriptor.HEADER_LENGTH, RecordDescriptor.FLAG_PADDING);
			index = 0;
		}
		this.claimIndex = index;
		this.claimBodyLength = bodyLength;
		this.claimTailPosition = this.tailPosition + required;
		return this.dataOffset + index + RecordDescriptor.HEADER_LENGTH;
	}

	/**
	 * Producer: completes the claimed record and publishes it, with any padding before
	 * it, to the consumer.
	 * @param flags {@link RecordDescriptor#FLAG_BEGIN} and/or
	 * {@link RecordDescriptor#FLAG_END}
	 * @throws IllegalStateException when nothing is claimed
	 */
	void commit(int flags) {
		RecordDescriptor.checkFragmentFlags(flags);
		if (this.claimIndex == NOT_CLAIMED) {
			throw new IllegalStateException("nothing claimed");
		}
		writeRecordHeader(this.claimIndex, this.claimBodyLength, flags);
		this.claimIndex = NOT_CLAIMED;
		this.tailPosition = this.claimTailPosition;
		BufferAccess.LONG.setRelease(this.buffer, this.tailPositionOffset, this.tailPosition);
	}

	/**
	 * Producer: after publishing, tells whether the consumer sleeps and must be woken,
	 * and if so clears its flag so that it is woken once.
	 * @return whether the caller must wake the consumer
	 */
	boolean takeWakeUp() {
		// The StoreLoad barrier of the pairing described on the class: the tail store
		// above must be visible before the flag is read.
		VarHandle.fullFence();
		return (int) BufferAccess.INT.getVolatile(this.buffer, this.consumerSleepingOffset) != 0
				&& BufferAccess.INT.compareAndSet(this.buffer, this.consumerSleepingOffset, 1, 0);
	}

	/**
	 * Consumer: reads records in order, handing each one but padding to a handler, until
	 * the ring is empty or the handler asks to stop. Each record's space is released to
	 * the producer as soon as the handler returns.
	 * @param handler receives each record; must copy what it keeps
	 * @return the number of records handled
	 * @throws IllegalStateException when the positions or a record cannot be valid
	 */
	int read(RecordHandler handler) {
		long head = this.headPosition;
		long tail = (long) BufferAccess.LONG.getAcquire(this.buffer, this.tailPositionOffset);
		checkPositions(head, tail);
		int records = 0;
		boolean more = true;
		while (more && head < tail) {
			int index = (int) head & this.mask;
			int recordOffset = this.dataOffset + index;
			int bodyLength = (int) BufferAccess.INT.get(this.buffer,
					recordOffset + RecordDescriptor.LENGTH_FIELD_OFFSET);
			int flags = (int) BufferAccess.INT.get(this.buffer, recordOffset + RecordDescriptor.FLAGS_FIELD_OFFSET);
			int recordLength = checkRecord(head, tail, index, bodyLength, flags);
			head += recordLength;
			if ((flags & RecordDescriptor.FLAG_PADDING) == 0) {
				records++;
				try {
					more = handler.onRecord(this.buffer, recordOffset + RecordDescriptor.HEADER_LENGTH, bodyLength,
							flags);
				}
				finally {
					releaseUpTo(head);
				}
			}
		}
		releaseUpTo(head);
		return records;
	}

	/**
	 * Consumer: tells whether there is nothing to read.
	 * @return whether the ring is empty
	 */
	boolean isEmpty() {
		return (long) BufferAccess.LONG.getAcquire(this.buffer, this.tailPositionOffset) == this.headPosition;
	}

	/**
	 * Consumer: announces that it is about to sleep, then checks the ring once more.
	 * @return {@code true} when the ring is still empty and the consumer may sleep until
	 * woken; {@code false} when records arrived, in which case the flag is cleared again
	 */
	boolean prepareToSleep() {
		BufferAccess.INT.setVolatile(this.buffer, this.consumerSleepingOffset, 1);
		if ((long) BufferAccess.LONG.getVolatile(this.buffer, this.tailPositionOffset) != this.headPosition) {
			awake();
			return false;
		}
		return true;
	}

	/**
	 * Consumer: clears the sleeping flag after a sleep, however it ended.
	 */
	void awake() {
		BufferAccess.INT.setRelease(this.buffer, this.consumerSleepingOffset, 0);
	}

	/**
	 * Returns whether the consumer's sleeping flag is set.
	 * @return whether the consumer sleeps
	 */
	boolean consumerSleeping() {
		return (int) BufferAccess.INT.getVolatile(this.buffer, this.consumerSleepingOffset) != 0;
	}

	/**
	 * Returns the published head position.
	 * @return bytes consumed since the ring was created
	 */
	long headPosition() {
		return (long) BufferAccess.LONG.getAcquire(this.buffer, this.headPositionOffset);
	}

	/**
	 * Returns the published tail position.
	 * @return bytes produced since the ring was created
	 */
	long tailPosition() {
		return (long) BufferAccess.LONG.getAcquire(this.buffer, this.tailPositionOffset);
	}

	private boolean hasRoom(int required) {
		if (required <= this.capacity - (this.tailPosition - this.headPositionCache)) {
			return true;
		}
		long head = (long) BufferAccess.LONG.getAcquire(this.buffer, this.headPositionOffset);
		checkPositions(head, this.tailPosition);
		this.headPositionCache = head;
		return required <= this.capacity - (this.tailPosition - this.headPositionCache);
	}

	private void writeRecordHeader(int index, int bodyLength, int flags) {
		int recordOffset = this.dataOffset + index;
		BufferAccess.INT.set(this.buffer, recordOffset + RecordDescriptor.LENGTH_FIELD_OFFSET, bodyLength);
		BufferAccess.INT.set(this.buffer, recordOffset + RecordDescriptor.FLAGS_FIELD_OFFSET, flags);
	}

	/**
	 * Checks that a head and a tail read from the ring can both be true: the producer is
	 * never behind the consumer, nor more than the capacity ahead of it.
	 */
	private void checkPositions(long head, long tail) {
		long written = tail - head;
		if (head < 0 || written < 0 || written > this.capacity) {
			throw new IllegalStateException(
					"corrupt ring positions: head=" + head + " tail=" + tail + " capacity=" + this.capacity);
		}
	}

	private int checkRecord(long head, long tail, int index, int bodyLength, int flags) {
		// Bound the length before aligning it, so that a corrupt one cannot overflow; the
		// room to the end is a multiple of the alignment, so the aligned record fits
		// there too. Only padding may be longer than the longest body a producer writes.
		int maxLength = ((flags & RecordDescriptor.FLAG_PADDING) != 0)
				? this.capacity - index - RecordDescriptor.HEADER_LENGTH : this.maxBodyLength;
		boolean fits = bodyLength >= 0 && bodyLength <= maxLength
				&& bodyLength <= this.capacity - index - RecordDescriptor.HEADER_LENGTH;
		int recordLength = fits ? RecordDescriptor.recordLength(bodyLength) : 0;
		if (!fits || recordLength > tail - head) {
			throw new IllegalStateException("corrupt ring record: position=" + head + " length=" + bodyLength + " tail="
					+ tail + " capacity=" + this.capacity);
		}
		return recordLength;
	}

	private void releaseUpTo(long head) {
		if (head != this.headPosition) {
			this.headPosition = head;
			BufferAccess.LONG.setRelease(this.buffer, this.headPositionOffset, head);
		}
	}

	/**
	 * Receives the records a {@link OneToOneRing} reads.
	 */
	@FunctionalInterface
	interface RecordHandler {

		/**
		 * Handles one record. The body is only valid during the call.
		 * @param buffer the buffer holding the record
		 * @param bodyOffset where the body starts
		 * @param bodyLength the body length in bytes
		 * @param flags the record's flags
		 * @return whether to go on reading
		 */
		boolean onRecord(ByteBuffer buffer, int bodyOffset, int bodyLength, int flags);

	}

}
