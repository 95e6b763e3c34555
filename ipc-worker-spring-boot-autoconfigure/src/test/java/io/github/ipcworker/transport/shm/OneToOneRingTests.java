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
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link OneToOneRing}, on a direct buffer at a non-zero offset with guard
 * bytes on both sides.
 */
class OneToOneRingTests {

	private static final int CAPACITY = 4096;

	private static final int OFFSET = 64;

	private static final int GUARD_LENGTH = 64;

	private static final byte GUARD = (byte) 0x5A;

	private final ByteBuffer buffer = ByteBuffer
		.allocateDirect(OFFSET + RingDescriptor.ringLength(CAPACITY) + GUARD_LENGTH);

	private OneToOneRing producer;

	private OneToOneRing consumer;

	private final List<byte[]> bodies = new ArrayList<>();

	private final List<Integer> flags = new ArrayList<>();

	@BeforeEach
	void createRing() {
		for (int i = 0; i < OFFSET; i++) {
			this.buffer.put(i, GUARD);
		}
		for (int i = this.buffer.capacity() - GUARD_LENGTH; i < this.buffer.capacity(); i++) {
			this.buffer.put(i, GUARD);
		}
		// Two views of the same memory, like a producer and a consumer process.
		this.producer = new OneToOneRing(this.buffer, OFFSET, CAPACITY);
		this.consumer = new OneToOneRing(this.buffer, OFFSET, CAPACITY);
	}

	@Test
	void shouldWriteToEmptyRingAndReadBack() {
		assertThat(write(body(100, 1), RecordDescriptor.FLAGS_UNFRAGMENTED)).isTrue();
		assertThat(this.producer.tailPosition()).isEqualTo(RecordDescriptor.recordLength(100));
		assertThat(this.consumer.isEmpty()).isFalse();
		assertThat(this.consumer.read(this::record)).isEqualTo(1);
		assertThat(this.bodies).containsExactly(body(100, 1));
		assertThat(this.flags).containsExactly(RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThat(this.consumer.headPosition()).isEqualTo(RecordDescriptor.recordLength(100));
		assertThat(this.consumer.isEmpty()).isTrue();
		assertGuardsIntact();
	}

	@Test
	void shouldPlaceFirstRecordRightAfterControlBlock() {
		int bodyOffset = this.producer.tryClaim(8);
		assertThat(bodyOffset).isEqualTo(OFFSET + RingDescriptor.CONTROL_LENGTH + RecordDescriptor.HEADER_LENGTH);
		this.producer.commit(RecordDescriptor.FLAG_BEGIN);
		int recordOffset = OFFSET + RingDescriptor.CONTROL_LENGTH;
		assertThat(this.buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(recordOffset)).isEqualTo(8);
		assertThat(this.buffer.getInt(recordOffset + RecordDescriptor.FLAGS_FIELD_OFFSET))
			.isEqualTo(RecordDescriptor.FLAG_BEGIN);
	}

	@Test
	void shouldReadRecordsInOrder() {
		for (int i = 0; i < 10; i++) {
			assertThat(write(body(i * 13, i), RecordDescriptor.FLAGS_UNFRAGMENTED)).isTrue();
		}
		assertThat(this.consumer.read(this::record)).isEqualTo(10);
		for (int i = 0; i < 10; i++) {
			assertThat(this.bodies.get(i)).isEqualTo(body(i * 13, i));
		}
	}

	@Test
	void shouldInsertPaddingRecordOnBufferWrap() {
		int bodyLength = 1000;
		int recordLength = RecordDescriptor.recordLength(bodyLength);
		for (int i = 0; i < 4; i++) {
			assertThat(write(body(bodyLength, i), RecordDescriptor.FLAGS_UNFRAGMENTED)).isTrue();
		}
		this.consumer.read(this::record);
		long tail = this.producer.tailPosition();
		int toEnd = CAPACITY - (int) tail;
		assertThat(toEnd).isLessThan(recordLength);
		assertThat(write(body(bodyLength, 7), RecordDescriptor.FLAGS_UNFRAGMENTED)).isTrue();
		assertThat(this.producer.tailPosition()).isEqualTo(tail + toEnd + recordLength);
		this.bodies.clear();
		assertThat(this.consumer.read(this::record)).isEqualTo(1);
		assertThat(this.bodies).containsExactly(body(bodyLength, 7));
		assertThat(this.consumer.headPosition()).isEqualTo(this.producer.tailPosition());
		assertGuardsIntact();
	}

	@Test
	void shouldRejectWriteWhenBufferFull() {
		int bodyLength = this.producer.maxBodyLength();
		int written = 0;
		while (write(body(bodyLength, written), RecordDescriptor.FLAGS_UNFRAGMENTED)) {
			written++;
		}
		assertThat(written).isEqualTo(4);
		assertThat(this.producer.tryClaim(bodyLength)).isEqualTo(OneToOneRing.INSUFFICIENT_CAPACITY);
		assertThat(this.producer.tailPosition()).isEqualTo(CAPACITY);
		this.consumer.read((buffer, offset, length, flags) -> false);
		assertThat(write(body(bodyLength, 9), RecordDescriptor.FLAGS_UNFRAGMENTED)).isTrue();
		assertGuardsIntact();
	}

	@Test
	void shouldRejectWrapWhenPaddingAndRecordDoNotFit() {
		for (int i = 0; i < 3; i++) {
			write(body(1000, i), RecordDescriptor.FLAGS_UNFRAGMENTED);
		}
		write(body(900, 3), RecordDescriptor.FLAGS_UNFRAGMENTED);
		this.consumer.read((buffer, offset, length, flags) -> false);
		long tail = this.producer.tailPosition();
		int toEnd = CAPACITY - (int) tail;
		long free = CAPACITY - (tail - this.producer.headPosition());
		int bodyLength = this.producer.maxBodyLength();
		// Room for the record alone, not for the padding to the end plus the record.
		assertThat(free).isGreaterThanOrEqualTo(RecordDescriptor.recordLength(bodyLength))
			.isLessThan(toEnd + RecordDescriptor.recordLength(bodyLength));
		assertThat(this.producer.tryClaim(bodyLength)).isEqualTo(OneToOneRing.INSUFFICIENT_CAPACITY);
		assertThat(this.producer.tailPosition()).isEqualTo(tail);
	}

	@Test
	void shouldStopReadingWhenHandlerAsks() {
		for (int i = 0; i < 3; i++) {
			write(body(10, i), RecordDescriptor.FLAGS_UNFRAGMENTED);
		}
		assertThat(this.consumer.read((buffer, offset, length, flags) -> false)).isEqualTo(1);
		assertThat(this.consumer.headPosition()).isEqualTo(RecordDescriptor.recordLength(10));
		assertThat(this.consumer.read(this::record)).isEqualTo(2);
		assertThat(this.bodies).containsExactly(body(10, 1), body(10, 2));
	}

	@Test
	void shouldReleaseRecordOnlyAfterHandlerReturns() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		List<Long> headsSeen = new ArrayList<>();
		this.consumer.read((buffer, offset, length, flags) -> headsSeen.add(this.producer.headPosition()));
		assertThat(headsSeen).containsExactly(0L);
		assertThat(this.producer.headPosition()).isEqualTo(RecordDescriptor.recordLength(10));
	}

	@Test
	void shouldRejectBodyLongerThanQuarterOfCapacity() {
		assertThat(this.producer.maxBodyLength()).isEqualTo(CAPACITY / 4 - RecordDescriptor.HEADER_LENGTH);
		assertThatIllegalArgumentException().isThrownBy(() -> this.producer.tryClaim(CAPACITY / 4))
			.withMessageContaining("length=" + CAPACITY / 4);
	}

	@Test
	void shouldRejectCommitWithoutClaim() {
		assertThatIllegalStateException().isThrownBy(() -> this.producer.commit(RecordDescriptor.FLAG_END));
	}

	@Test
	void shouldRejectHeapBuffer() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new OneToOneRing(ByteBuffer.allocate(RingDescriptor.ringLength(CAPACITY)), 0, CAPACITY))
			.withMessageContaining("direct");
	}

	@Test
	void shouldRejectMisalignedOrOversizedRegion() {
		assertThatIllegalArgumentException().isThrownBy(() -> new OneToOneRing(this.buffer, 4, CAPACITY))
			.withMessageContaining("offset=4");
		assertThatIllegalArgumentException().isThrownBy(() -> new OneToOneRing(this.buffer, OFFSET, 2 * CAPACITY))
			.withMessageContaining("capacity=" + 2 * CAPACITY);
	}

	@Test
	void shouldRejectCorruptRecord() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		BufferAccess.INT.set(this.buffer, OFFSET + RingDescriptor.CONTROL_LENGTH, Integer.MAX_VALUE - 3);
		assertThatIllegalStateException().isThrownBy(() -> this.consumer.read(this::record))
			.withMessageContaining("length=" + (Integer.MAX_VALUE - 3));
	}

	@Test
	void shouldRejectTailFurtherAheadThanCapacityWithoutReadingAnything() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		long corruptTail = CAPACITY + RecordDescriptor.ALIGNMENT;
		BufferAccess.LONG.setRelease(this.buffer, OFFSET + RingDescriptor.TAIL_POSITION_FIELD_OFFSET, corruptTail);
		assertThatIllegalStateException().isThrownBy(() -> this.consumer.read(this::record))
			.withMessageContaining("corrupt ring positions")
			.withMessageContaining("tail=" + corruptTail);
		assertThat(this.bodies).isEmpty();
		assertThat(this.consumer.headPosition()).isZero();
	}

	@Test
	void shouldRejectTailBehindHead() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		this.consumer.read(this::record);
		BufferAccess.LONG.setRelease(this.buffer, OFFSET + RingDescriptor.TAIL_POSITION_FIELD_OFFSET, 0L);
		assertThatIllegalStateException().isThrownBy(() -> this.consumer.read(this::record))
			.withMessageContaining("corrupt ring positions")
			.withMessageContaining("head=" + RecordDescriptor.recordLength(10));
	}

	@Test
	void shouldRejectHeadAheadOfTailWhenProducerLooksForRoom() {
		int bodyLength = this.producer.maxBodyLength();
		while (write(body(bodyLength, 0), RecordDescriptor.FLAGS_UNFRAGMENTED)) {
			// Fill the ring, so that the producer reads the head again.
		}
		long corruptHead = 1L << 40;
		BufferAccess.LONG.setRelease(this.buffer, OFFSET + RingDescriptor.HEAD_POSITION_FIELD_OFFSET, corruptHead);
		assertThatIllegalStateException().isThrownBy(() -> this.producer.tryClaim(bodyLength))
			.withMessageContaining("corrupt ring positions")
			.withMessageContaining("head=" + corruptHead);
	}

	@Test
	void shouldRejectRecordLongerThanAnyProducerWrites() {
		write(body(this.producer.maxBodyLength(), 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		write(body(this.producer.maxBodyLength(), 1), RecordDescriptor.FLAGS_UNFRAGMENTED);
		// Two records' worth written, one record claiming both.
		int corruptLength = 2 * this.producer.maxBodyLength();
		BufferAccess.INT.set(this.buffer, OFFSET + RingDescriptor.CONTROL_LENGTH, corruptLength);
		assertThatIllegalStateException().isThrownBy(() -> this.consumer.read(this::record))
			.withMessageContaining("length=" + corruptLength);
		assertThat(this.bodies).isEmpty();
	}

	@Test
	void shouldAskForWakeUpOnlyWhenConsumerSleeps() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThat(this.producer.takeWakeUp()).isFalse();
		this.consumer.read(this::record);
		assertThat(this.consumer.prepareToSleep()).isTrue();
		assertThat(this.consumer.consumerSleeping()).isTrue();
		write(body(10, 1), RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThat(this.producer.takeWakeUp()).isTrue();
		assertThat(this.consumer.consumerSleeping()).isFalse();
		write(body(10, 2), RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThat(this.producer.takeWakeUp()).isFalse();
	}

	@Test
	void shouldNotSleepWhenRecordsArrivedBeforeFlag() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		assertThat(this.consumer.prepareToSleep()).isFalse();
		assertThat(this.consumer.consumerSleeping()).isFalse();
		assertThat(this.producer.takeWakeUp()).isFalse();
	}

	@Test
	void shouldContinueFromPositionsInMemory() {
		write(body(10, 0), RecordDescriptor.FLAGS_UNFRAGMENTED);
		this.consumer.read(this::record);
		write(body(20, 1), RecordDescriptor.FLAGS_UNFRAGMENTED);
		OneToOneRing laterConsumer = new OneToOneRing(this.buffer, OFFSET, CAPACITY);
		this.bodies.clear();
		assertThat(laterConsumer.read(this::record)).isEqualTo(1);
		assertThat(this.bodies).containsExactly(body(20, 1));
	}

	private boolean write(byte[] body, int flags) {
		int offset = this.producer.tryClaim(body.length);
		if (offset == OneToOneRing.INSUFFICIENT_CAPACITY) {
			return false;
		}
		this.buffer.put(offset, body);
		this.producer.commit(flags);
		return true;
	}

	private boolean record(ByteBuffer buffer, int offset, int length, int flags) {
		byte[] body = new byte[length];
		buffer.get(offset, body);
		this.bodies.add(body);
		this.flags.add(flags);
		return true;
	}

	private void assertGuardsIntact() {
		for (int i = 0; i < OFFSET; i++) {
			assertThat(this.buffer.get(i)).as("guard byte %d", i).isEqualTo(GUARD);
		}
		for (int i = this.buffer.capacity() - GUARD_LENGTH; i < this.buffer.capacity(); i++) {
			assertThat(this.buffer.get(i)).as("guard byte %d", i).isEqualTo(GUARD);
		}
	}

	private static byte[] body(int length, int seed) {
		byte[] body = new byte[length];
		for (int i = 0; i < length; i++) {
			body[i] = (byte) (seed * 31 + i);
		}
		return body;
	}

}
