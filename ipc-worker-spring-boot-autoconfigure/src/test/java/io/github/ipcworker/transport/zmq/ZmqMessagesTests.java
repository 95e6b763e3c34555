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
package io.github.ipcworker.transport.zmq;

import java.util.List;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.zmq.ZmqMessages.Received;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for what {@link ZmqMessages} makes of the parts of a received message. No socket
 * is involved.
 */
class ZmqMessagesTests {

	private static final int MAX_MESSAGE_SIZE = 1024;

	@Test
	void shouldDecodeAHeaderAndAPayloadPart() {
		Frame frame = new Frame(FrameType.RESPONSE, FrameDescriptor.FLAG_RAW, 2, 77, 0, 123, new byte[] { 1, 2, 3 });
		Frame decoded = ZmqMessages.decode(received(ZmqMessages.header(frame), frame.payload()), MAX_MESSAGE_SIZE, "g");
		assertThat(decoded).usingRecursiveComparison().isEqualTo(frame);
		assertThat(decoded.payload()).isSameAs(frame.payload());
	}

	@Test
	void shouldWriteAHeaderPartOfExactlyAFrameHeader() {
		byte[] header = ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 0, 1, new byte[500]));
		assertThat(header).hasSize(FrameDescriptor.HEADER_LENGTH);
	}

	@Test
	void shouldReadAnEmptySinglePartAsAGoodbye() {
		assertThat(ZmqMessages.decode(new Received(null, List.of(new byte[0]), 1, null, null), MAX_MESSAGE_SIZE, "g"))
			.isNull();
	}

	@Test
	void shouldRejectAnotherNumberOfParts() {
		byte[] header = ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 1));
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(
					() -> ZmqMessages.decode(new Received(null, List.of(header), 1, null, null), MAX_MESSAGE_SIZE, "g"))
			.withMessage("message of 1 parts, expected 2");
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> ZmqMessages.decode(new Received(null, List.of(header, new byte[0]), 3, null, null),
					MAX_MESSAGE_SIZE, "g"))
			.withMessage("message of 3 parts, expected 2");
	}

	@Test
	void shouldRejectAHeaderPartOfAnotherLength() {
		byte[] longer = new byte[FrameDescriptor.HEADER_LENGTH + 1];
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> ZmqMessages.decode(received(longer, new byte[0]), MAX_MESSAGE_SIZE, "g"))
			.withMessage("header part of 41 bytes, expected 40");
	}

	@Test
	void shouldAcceptAFrameOfExactlyTheMaximumAndRejectALargerOne() {
		byte[] fits = new byte[MAX_MESSAGE_SIZE - FrameDescriptor.HEADER_LENGTH];
		Frame frame = Frame.of(FrameType.REQUEST, 0, 0, 5, fits);
		assertThat(ZmqMessages.decode(received(ZmqMessages.header(frame), fits), MAX_MESSAGE_SIZE, "g").payload())
			.hasSize(fits.length);
		Frame larger = Frame.of(FrameType.REQUEST, 0, 0, 5, new byte[fits.length + 1]);
		assertThatExceptionOfType(IpcMessageTooLargeException.class).isThrownBy(
				() -> ZmqMessages.decode(received(ZmqMessages.header(larger), larger.payload()), MAX_MESSAGE_SIZE, "g"))
			.withMessageContaining("is 1025 bytes, more than the 1024 bytes");
	}

	@Test
	void shouldRejectAPayloadOfAnotherLengthThanDeclared() {
		byte[] header = ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 0, 1, new byte[4]));
		assertThatExceptionOfType(FrameFormatException.class)
			.isThrownBy(() -> ZmqMessages.decode(received(header, new byte[3]), MAX_MESSAGE_SIZE, "g"))
			.withMessage("payload length mismatch: declared=4 actual=3");
	}

	@Test
	void shouldFindTheRequestIdOfAMessageThatDoesNotDecode() {
		byte[] header = ZmqMessages.header(Frame.of(FrameType.REQUEST, 0, 0x1122334455667788L));
		assertThat(ZmqMessages.requestId(new Received(null, List.of(header), 1, null, null)))
			.isEqualTo(0x1122334455667788L);
		// Just long enough to hold the request id.
		byte[] cut = java.util.Arrays.copyOf(header, FrameDescriptor.REQUEST_ID_FIELD_OFFSET + Long.BYTES);
		assertThat(ZmqMessages.requestId(new Received(null, List.of(cut), 1, null, null)))
			.isEqualTo(0x1122334455667788L);
		byte[] tooShort = java.util.Arrays.copyOf(cut, cut.length - 1);
		assertThat(ZmqMessages.requestId(new Received(null, List.of(tooShort), 1, null, null))).isZero();
		assertThat(ZmqMessages.requestId(new Received(null, List.of(), 0, null, null))).isZero();
	}

	private static Received received(byte[] header, byte[] payload) {
		return new Received(null, List.of(header, payload), 2, null, null);
	}

}
