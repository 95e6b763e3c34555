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
package io.github.ipcworker.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ReadyInfo}.
 */
class ReadyInfoTests {

	@Test
	void shouldLayOutTheFieldsLittleEndianAsDocumented() {
		byte[] bytes = new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION, 0x0102030405060708L, true).encode();
		assertThat(bytes).hasSize(13);
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(buffer.getInt(0)).isEqualTo(FrameDescriptor.PROTOCOL_VERSION);
		assertThat(buffer.getLong(4)).isEqualTo(0x0102030405060708L);
		assertThat(buffer.get(12)).isEqualTo((byte) 1);
	}

	@Test
	void shouldRoundTripBothKindsOfHandler() {
		assertThat(ReadyInfo.decode(new ReadyInfo(7, 4242, true).encode())).isEqualTo(new ReadyInfo(7, 4242, true));
		assertThat(ReadyInfo.decode(new ReadyInfo(1, Long.MAX_VALUE, false).encode()))
			.isEqualTo(new ReadyInfo(1, Long.MAX_VALUE, false));
	}

	@Test
	void shouldReadAnyNonZeroStreamingByteAsStreaming() {
		byte[] bytes = new ReadyInfo(1, 1, false).encode();
		bytes[12] = 2;
		assertThat(ReadyInfo.decode(bytes).streaming()).isTrue();
	}

	@Test
	void shouldRejectAPayloadOfTheWrongLength() {
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ReadyInfo.decode(new byte[12]))
			.withMessage("bad READY payload length: length=12");
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ReadyInfo.decode(new byte[14]))
			.withMessage("bad READY payload length: length=14");
	}

}
