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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link ShmFileDescriptor}.
 */
class ShmFileDescriptorTests {

	private static final int CAPACITY = 64 * 1024;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(ShmFileDescriptor.fileLength(CAPACITY));

	@Test
	void shouldLayOutHeaderAsDocumented() {
		assertThat(ShmFileDescriptor.MAGIC_FIELD_OFFSET).isZero();
		assertThat(ShmFileDescriptor.LAYOUT_VERSION_FIELD_OFFSET).isEqualTo(4);
		assertThat(ShmFileDescriptor.OWNER_PID_FIELD_OFFSET).isEqualTo(8);
		assertThat(ShmFileDescriptor.WORKER_PID_FIELD_OFFSET).isEqualTo(16);
		assertThat(ShmFileDescriptor.RING_CAPACITY_FIELD_OFFSET).isEqualTo(24);
		assertThat(ShmFileDescriptor.MAX_MESSAGE_SIZE_FIELD_OFFSET).isEqualTo(28);
		assertThat(ShmFileDescriptor.CREATION_TIME_FIELD_OFFSET).isEqualTo(32);
		assertThat(ShmFileDescriptor.DOORBELL_KEY_FIELD_OFFSET).isEqualTo(40);
		assertThat(ShmFileDescriptor.HEADER_LENGTH).isEqualTo(128);
	}

	@Test
	void shouldLayOutRingsAfterHeader() {
		assertThat(RingDescriptor.CONTROL_LENGTH).isEqualTo(384);
		assertThat(ShmFileDescriptor.ringOffset(ShmFileDescriptor.PARENT_TO_WORKER_RING, CAPACITY)).isEqualTo(128);
		assertThat(ShmFileDescriptor.ringOffset(ShmFileDescriptor.WORKER_TO_PARENT_RING, CAPACITY))
			.isEqualTo(128 + 384 + CAPACITY);
		assertThat(ShmFileDescriptor.fileLength(CAPACITY)).isEqualTo(128 + 2 * (384 + CAPACITY));
		assertThat(ShmFileDescriptor.fileLength(ShmFileDescriptor.MAX_RING_CAPACITY)).isPositive();
	}

	@Test
	void shouldWriteMagicLastAsSignalOfReadiness() {
		ShmFileDescriptor.fillHeader(this.buffer, 1234L, CAPACITY, 1 << 20, 1_700_000_000_000L, -5L);
		assertThat(ShmFileDescriptor.magic(this.buffer)).isZero();
		assertThatIllegalStateException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity()))
			.withMessageContaining("magic=0x0");
		ShmFileDescriptor.signalReady(this.buffer);
		assertThatNoException().isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity()));
		assertThat(this.buffer.get(0)).isEqualTo((byte) 'I');
		assertThat(this.buffer.get(3)).isEqualTo((byte) 'W');
		assertThat(ShmFileDescriptor.layoutVersion(this.buffer)).isEqualTo(ShmFileDescriptor.LAYOUT_VERSION);
		assertThat(ShmFileDescriptor.ownerPid(this.buffer)).isEqualTo(1234L);
		assertThat(ShmFileDescriptor.workerPid(this.buffer)).isZero();
		assertThat(ShmFileDescriptor.ringCapacity(this.buffer)).isEqualTo(CAPACITY);
		assertThat(ShmFileDescriptor.maxMessageSize(this.buffer)).isEqualTo(1 << 20);
		assertThat(ShmFileDescriptor.creationTimeMs(this.buffer)).isEqualTo(1_700_000_000_000L);
		assertThat(ShmFileDescriptor.doorbellKey(this.buffer)).isEqualTo(-5L);
		ShmFileDescriptor.workerPid(this.buffer, 5678L);
		assertThat(ShmFileDescriptor.workerPid(this.buffer)).isEqualTo(5678L);
	}

	@Test
	void shouldRejectOtherLayoutVersion() {
		ShmFileDescriptor.fillHeader(this.buffer, 1L, CAPACITY, 1 << 20, 0L, 0L);
		ShmFileDescriptor.signalReady(this.buffer);
		BufferAccess.INT.set(this.buffer, ShmFileDescriptor.LAYOUT_VERSION_FIELD_OFFSET, 9);
		assertThatIllegalStateException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity()))
			.withMessageContaining("version=9");
	}

	@Test
	void shouldRejectFileOfWrongLength() {
		ShmFileDescriptor.fillHeader(this.buffer, 1L, CAPACITY, 1 << 20, 0L, 0L);
		ShmFileDescriptor.signalReady(this.buffer);
		assertThatIllegalStateException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity() - 1))
			.withMessageContaining("length=" + (this.buffer.capacity() - 1));
		assertThatIllegalStateException().isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, 10))
			.withMessageContaining("length=10");
	}

	@ParameterizedTest
	@ValueSource(ints = { 0, -4096, 2048, 4095, 12288, 1 << 30 })
	void shouldRejectBadRingCapacity(int capacity) {
		assertThatIllegalArgumentException().isThrownBy(() -> ShmFileDescriptor.checkRingCapacity(capacity))
			.withMessageContaining("capacity=" + capacity);
	}

	@ParameterizedTest
	@ValueSource(ints = { 4096, 1 << 20, 512 * 1024 * 1024 })
	void shouldAcceptGoodRingCapacity(int capacity) {
		assertThatNoException().isThrownBy(() -> ShmFileDescriptor.checkRingCapacity(capacity));
	}

	@ParameterizedTest
	@ValueSource(ints = { -1, 0, 39, Integer.MAX_VALUE })
	void shouldRejectBadMaxMessageSize(int size) {
		assertThatIllegalArgumentException().isThrownBy(() -> ShmFileDescriptor.checkMaxMessageSize(size))
			.withMessageContaining("size=" + size);
	}

}
