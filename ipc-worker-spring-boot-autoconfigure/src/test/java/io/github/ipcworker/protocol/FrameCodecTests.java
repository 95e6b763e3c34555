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
 * Tests for {@link FrameCodec}.
 */
class FrameCodecTests {

	private static final int OFFSET = 13;

	@Test
	void shouldWriteAndReadEveryFieldAtANonZeroOffset() {
		Frame frame = new Frame(FrameType.STREAM_ITEM, FrameDescriptor.FLAG_RAW, 7, 0x0102030405060708L, Long.MAX_VALUE,
				123_456_789L, new byte[] { 9, 8, 7 });
		ByteBuffer buffer = ByteBuffer.allocateDirect(OFFSET + frame.encodedLength() + 5);
		FrameCodec.write(buffer, OFFSET, frame);
		Frame read = FrameCodec.read(buffer, OFFSET, frame.encodedLength());
		assertThat(read.type()).isEqualTo(FrameType.STREAM_ITEM);
		assertThat(read.flags()).isEqualTo(FrameDescriptor.FLAG_RAW);
		assertThat(read.workerIndex()).isEqualTo(7);
		assertThat(read.requestId()).isEqualTo(0x0102030405060708L);
		assertThat(read.sequence()).isEqualTo(Long.MAX_VALUE);
		assertThat(read.executionTimeNs()).isEqualTo(123_456_789L);
		assertThat(read.payload()).containsExactly(9, 8, 7);
	}

	@Test
	void shouldLayOutTheHeaderLittleEndianAsDocumented() {
		Frame frame = new Frame(FrameType.REQUEST, 0, 2, 5, 6, 7, new byte[] { 1 });
		ByteBuffer bytes = ByteBuffer.wrap(FrameCodec.encode(frame)).order(ByteOrder.LITTLE_ENDIAN);
		assertThat(FrameDescriptor.HEADER_LENGTH).isEqualTo(40);
		assertThat(bytes.get(0)).isEqualTo((byte) FrameDescriptor.PROTOCOL_VERSION);
		assertThat(bytes.get(1)).isEqualTo((byte) FrameType.REQUEST.id());
		assertThat(bytes.getInt(4)).isEqualTo(2);
		assertThat(bytes.getLong(8)).isEqualTo(5);
		assertThat(bytes.getLong(16)).isEqualTo(6);
		assertThat(bytes.getLong(24)).isEqualTo(7);
		assertThat(bytes.getInt(32)).isEqualTo(1);
		assertThat(bytes.get(40)).isEqualTo((byte) 1);
	}

	@Test
	void shouldRejectAnotherProtocolVersion() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		bytes[0] = 99;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(bytes))
			.withMessageContaining("version=99");
	}

	@Test
	void shouldRejectAnUnknownType() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		bytes[1] = 77;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(bytes))
			.withMessageContaining("type=77");
	}

	@Test
	void shouldRejectUnknownFlags() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		bytes[2] = (byte) 0x80;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(bytes))
			.withMessageContaining("flags=0x80");
	}

	@Test
	void shouldRejectATruncatedFrame() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 1, new byte[10]));
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> FrameCodec.read(ByteBuffer.wrap(bytes), 0, bytes.length - 3))
			.withMessageContaining("declared=10 actual=7");
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> FrameCodec.read(ByteBuffer.wrap(bytes), 0, 12))
			.withMessageContaining("shorter than its header");
	}

	@Test
	void shouldRejectANegativePayloadLength() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(FrameDescriptor.PAYLOAD_LENGTH_FIELD_OFFSET, -5);
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> FrameCodec.payloadLength(ByteBuffer.wrap(bytes), 0))
			.withMessageContaining("length=-5");
	}

	@Test
	void shouldZeroTheReservedFieldOverOldBytes() {
		ByteBuffer buffer = ByteBuffer.allocate(OFFSET + FrameDescriptor.HEADER_LENGTH);
		while (buffer.hasRemaining()) {
			buffer.put((byte) 0xFF);
		}
		FrameCodec.writeHeader(buffer, OFFSET, Frame.of(FrameType.HEARTBEAT, 0, 0));
		assertThat(buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(OFFSET + FrameDescriptor.RESERVED_FIELD_OFFSET))
			.isZero();
	}

	@Test
	void shouldIgnoreTheBuffersOwnByteOrder() {
		Frame frame = new Frame(FrameType.RESPONSE, FrameDescriptor.FLAG_NULL, 0x01020304, 5, 6, 7, new byte[0]);
		ByteBuffer buffer = ByteBuffer.allocate(OFFSET + frame.encodedLength()).order(ByteOrder.BIG_ENDIAN);
		FrameCodec.write(buffer, OFFSET, frame);
		assertThat(ByteBuffer.wrap(FrameCodec.encode(frame))).isEqualTo(buffer.slice(OFFSET, frame.encodedLength()));
		assertThat(FrameCodec.read(buffer.order(ByteOrder.LITTLE_ENDIAN), OFFSET, frame.encodedLength()))
			.usingRecursiveComparison()
			.isEqualTo(frame);
	}

	@Test
	void shouldReportUnknownHighFlagBitsUnsigned() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		bytes[3] = (byte) 0x80;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(bytes))
			.withMessage("unknown frame flags: flags=0x8000");
	}

	@Test
	void shouldRejectBytesAfterTheDeclaredPayload() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 1, new byte[4]));
		byte[] longer = java.util.Arrays.copyOf(frame, frame.length + 1);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(longer))
			.withMessage("payload length mismatch: declared=4 actual=5");
	}

	@Test
	void shouldJoinAHeaderWithAPayloadReadSeparately() {
		Frame frame = new Frame(FrameType.STREAM_END, 0, 1, 2, 3, 4, new byte[] { 5, 6 });
		ByteBuffer header = ByteBuffer.wrap(FrameCodec.encode(frame), 0, FrameDescriptor.HEADER_LENGTH);
		Frame joined = FrameCodec.readHeader(header, 0, new byte[] { 5, 6 });
		assertThat(joined).usingRecursiveComparison().isEqualTo(frame);
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> FrameCodec.readHeader(header, 0, new byte[3]))
			.withMessage("payload length mismatch: declared=2 actual=3");
	}

	@Test
	void shouldReadTheHighestTypeAndVersionBytesUnsigned() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		bytes[0] = (byte) 0xFE;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(bytes))
			.withMessage("unsupported protocol version: version=254 expected=1");
		byte[] other = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 1));
		other[1] = (byte) 0xFE;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameCodec.decode(other))
			.withMessage("unknown frame type: type=254");
	}

	@Test
	void shouldAcceptAFrameOfExactlyAHeader() {
		byte[] bytes = FrameCodec.encode(Frame.of(FrameType.SHUTDOWN, 0, 0));
		assertThat(FrameCodec.decode(bytes).type()).isEqualTo(FrameType.SHUTDOWN);
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> FrameCodec.read(ByteBuffer.wrap(bytes), 0, FrameDescriptor.HEADER_LENGTH - 1))
			.withMessage("frame shorter than its header: length=39");
	}

}
