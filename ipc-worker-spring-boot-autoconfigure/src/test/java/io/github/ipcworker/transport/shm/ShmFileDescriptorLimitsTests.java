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
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for the limits {@link ShmFileDescriptor} checks, at their edges, and for a header
 * filled over a file that held an earlier one.
 */
class ShmFileDescriptorLimitsTests {

	private static final int CAPACITY = ShmFileDescriptor.MIN_RING_CAPACITY;

	private final ByteBuffer buffer = ByteBuffer.allocate(ShmFileDescriptor.fileLength(CAPACITY));

	@Test
	void shouldAcceptMaxMessageSizesFromAHeaderToTheLimit() {
		ShmFileDescriptor.checkMaxMessageSize(FrameDescriptor.HEADER_LENGTH);
		ShmFileDescriptor.checkMaxMessageSize(ShmFileDescriptor.MAX_MESSAGE_SIZE_LIMIT);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ShmFileDescriptor.checkMaxMessageSize(ShmFileDescriptor.MAX_MESSAGE_SIZE_LIMIT + 1))
			.withMessageContaining("size=" + (ShmFileDescriptor.MAX_MESSAGE_SIZE_LIMIT + 1));
	}

	@Test
	void shouldClearTheWorkerPidOfAnEarlierHeader() {
		ShmFileDescriptor.fillHeader(this.buffer, 10L, CAPACITY, 1 << 20, 1L, 2L);
		ShmFileDescriptor.workerPid(this.buffer, 4242L);
		ShmFileDescriptor.fillHeader(this.buffer, 11L, CAPACITY, 1 << 20, 3L, 4L);
		assertThat(ShmFileDescriptor.workerPid(this.buffer)).isZero();
		assertThat(ShmFileDescriptor.ownerPid(this.buffer)).isEqualTo(11L);
	}

	@Test
	void shouldRejectAHeaderWithABadRingCapacity() {
		ShmFileDescriptor.fillHeader(this.buffer, 1L, CAPACITY + 1, 1 << 20, 0L, 0L);
		ShmFileDescriptor.signalReady(this.buffer);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity()))
			.withMessageContaining("capacity=" + (CAPACITY + 1));
	}

	@Test
	void shouldRejectAHeaderWithABadMaxMessageSize() {
		ShmFileDescriptor.fillHeader(this.buffer, 1L, CAPACITY, 12, 0L, 0L);
		ShmFileDescriptor.signalReady(this.buffer);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity()))
			.withMessageContaining("size=12");
	}

	@Test
	void shouldReadTheHeaderOfAFileJustLongEnoughForIt() {
		ShmFileDescriptor.fillHeader(this.buffer, 1L, CAPACITY, 1 << 20, 0L, 0L);
		ShmFileDescriptor.signalReady(this.buffer);
		ShmFileDescriptor.checkHeader(this.buffer, this.buffer.capacity());
		assertThatIllegalStateException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, ShmFileDescriptor.HEADER_LENGTH))
			.withMessageStartingWith("file length does not match its ring capacity");
		assertThatIllegalStateException()
			.isThrownBy(() -> ShmFileDescriptor.checkHeader(this.buffer, ShmFileDescriptor.HEADER_LENGTH - 1))
			.withMessage("file too short for a header: length=127");
	}

}
