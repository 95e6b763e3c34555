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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link FrameFragmenter} and {@link FrameAssembler} over a
 * {@link OneToOneRing}.
 */
class ShmFramesTests {

	private static final int CAPACITY = 4096;

	private static final int OFFSET = 128;

	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

	private final ByteBuffer buffer = ByteBuffer.allocateDirect(OFFSET + RingDescriptor.ringLength(CAPACITY));

	private final OneToOneRing producer = new OneToOneRing(this.buffer, OFFSET, CAPACITY);

	private final OneToOneRing consumer = new OneToOneRing(this.buffer, OFFSET, CAPACITY);

	private final FrameFragmenter fragmenter = new FrameFragmenter(this.producer, MAX_MESSAGE_SIZE, "test");

	private final List<Frame> frames = new ArrayList<>();

	private final List<Long> badRequestIds = new ArrayList<>();

	private final List<RuntimeException> problems = new ArrayList<>();

	private final FrameAssembler assembler = new FrameAssembler(MAX_MESSAGE_SIZE, "test", new Sink());

	@Test
	void shouldPassSmallFrameInOneRecordWithEveryField() {
		Frame frame = new Frame(FrameType.STREAM_ITEM, FrameDescriptor.FLAG_RAW, 3, 42L, 7L, 1234L, payload(100, 1));
		send(frame);
		assertThat(this.producer.tailPosition())
			.isEqualTo(RecordDescriptor.recordLength(FrameDescriptor.HEADER_LENGTH + 100));
		assertThat(this.consumer.read(this.assembler)).isEqualTo(1);
		assertThat(this.frames).hasSize(1);
		Frame received = this.frames.get(0);
		assertThat(received).usingRecursiveComparison().ignoringFields("payload").isEqualTo(frame);
		assertThat(received.payload()).isEqualTo(frame.payload());
	}

	@Test
	void shouldPassEmptyPayload() {
		send(Frame.of(FrameType.HEARTBEAT, 0, 0L));
		this.consumer.read(this.assembler);
		assertThat(this.frames).singleElement().satisfies((frame) -> {
			assertThat(frame.type()).isEqualTo(FrameType.HEARTBEAT);
			assertThat(frame.payload()).isEmpty();
		});
	}

	@Test
	void shouldSplitAndJoinFrameLargerThanRing() {
		byte[] payload = payload(5 * CAPACITY + 123, 9);
		this.fragmenter.begin(Frame.of(FrameType.REQUEST, 0, 0, 77L, payload));
		int fragments = 0;
		boolean written = false;
		while (!written) {
			written = this.fragmenter.writeAvailable();
			fragments += this.consumer.read(this.assembler);
		}
		fragments += this.consumer.read(this.assembler);
		assertThat(fragments).isGreaterThan(5 * 4);
		assertThat(this.problems).isEmpty();
		assertThat(this.frames).singleElement().satisfies((frame) -> {
			assertThat(frame.requestId()).isEqualTo(77L);
			assertThat(frame.payload()).isEqualTo(payload);
		});
	}

	@Test
	void shouldStopReadingAfterEachFrameWhenSinkAsks() {
		List<Frame> taken = new ArrayList<>();
		FrameAssembler oneAtATime = new FrameAssembler(MAX_MESSAGE_SIZE, null, new Sink() {
			@Override
			public boolean onFrame(Frame frame) {
				taken.add(frame);
				return false;
			}
		});
		send(Frame.of(FrameType.REQUEST, 0, 0, 1L, payload(10, 1)));
		send(Frame.of(FrameType.REQUEST, 0, 0, 2L, payload(10, 2)));
		assertThat(this.consumer.read(oneAtATime)).isEqualTo(1);
		assertThat(taken).extracting(Frame::requestId).containsExactly(1L);
		this.consumer.read(oneAtATime);
		assertThat(taken).extracting(Frame::requestId).containsExactly(1L, 2L);
	}

	@Test
	void shouldRejectFrameAboveMaxMessageSizeOnSend() {
		Frame frame = Frame.of(FrameType.RESPONSE, 0, 0, 5L, new byte[MAX_MESSAGE_SIZE]);
		assertThatExceptionOfType(IpcMessageTooLargeException.class).isThrownBy(() -> this.fragmenter.begin(frame))
			.satisfies((ex) -> {
				assertThat(ex.getSize()).isEqualTo(MAX_MESSAGE_SIZE + FrameDescriptor.HEADER_LENGTH);
				assertThat(ex.getMaxSize()).isEqualTo(MAX_MESSAGE_SIZE);
				assertThat(ex.getGroup()).isEqualTo("test");
				assertThat(ex.getMessage()).contains("response");
			});
		assertThat(this.producer.tailPosition()).isZero();
	}

	@Test
	void shouldAcceptFrameOfExactlyMaxMessageSize() {
		byte[] payload = payload(MAX_MESSAGE_SIZE - FrameDescriptor.HEADER_LENGTH, 4);
		this.fragmenter.begin(Frame.of(FrameType.RESPONSE, 0, 0, 5L, payload));
		while (!this.fragmenter.writeAvailable()) {
			this.consumer.read(this.assembler);
		}
		this.consumer.read(this.assembler);
		assertThat(this.frames).singleElement().extracting(Frame::payload).isEqualTo(payload);
	}

	@Test
	void shouldDropFrameAboveMaxMessageSizeOnReceiptAndGoOn() {
		FrameAssembler strict = new FrameAssembler(1024, "test", new Sink());
		this.fragmenter.begin(Frame.of(FrameType.RESPONSE, 0, 0, 11L, payload(3000, 1)));
		while (!this.fragmenter.writeAvailable()) {
			this.consumer.read(strict);
		}
		send(Frame.of(FrameType.RESPONSE, 0, 0, 12L, payload(10, 2)));
		this.consumer.read(strict);
		assertThat(this.badRequestIds).containsExactly(11L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE)
			.isInstanceOf(IpcMessageTooLargeException.class);
		assertThat(this.frames).extracting(Frame::requestId).containsExactly(12L);
	}

	@Test
	void shouldDropUnparsableFrameAndGoOn() {
		send(Frame.of(FrameType.REQUEST, 0, 0, 21L, payload(10, 1)));
		// Spoil the version byte of the first frame's header.
		this.buffer.put(OFFSET + RingDescriptor.CONTROL_LENGTH + RecordDescriptor.HEADER_LENGTH, (byte) 99);
		send(Frame.of(FrameType.REQUEST, 0, 0, 22L, payload(10, 2)));
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(21L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE)
			.isInstanceOf(FrameFormatException.class)
			.hasMessageContaining("version=99");
		assertThat(this.frames).extracting(Frame::requestId).containsExactly(22L);
	}

	@Test
	void shouldDropFragmentedFrameWithUnknownTypeAndGoOn() {
		this.fragmenter.begin(Frame.of(FrameType.REQUEST, 0, 0, 31L, payload(3000, 1)));
		this.fragmenter.writeAvailable();
		this.buffer.put(OFFSET + RingDescriptor.CONTROL_LENGTH + RecordDescriptor.HEADER_LENGTH
				+ FrameDescriptor.TYPE_FIELD_OFFSET, (byte) 0x7F);
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(31L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE).hasMessageContaining("type=127");
	}

	@Test
	void shouldDropAbandonedMessageWhenNextBegins() {
		this.fragmenter.begin(Frame.of(FrameType.REQUEST, 0, 0, 41L, payload(10 * CAPACITY, 1)));
		assertThat(this.fragmenter.writeAvailable()).isFalse();
		this.consumer.read(this.assembler);
		this.fragmenter.abandon();
		send(Frame.of(FrameType.REQUEST, 0, 0, 42L, payload(10, 2)));
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(41L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE).hasMessageContaining("cut short");
		assertThat(this.frames).extracting(Frame::requestId).containsExactly(42L);
	}

	@Test
	void shouldDropFragmentsWithoutBeginning() {
		writeRecord(new byte[100], 0);
		writeRecord(new byte[100], RecordDescriptor.FLAG_END);
		send(Frame.of(FrameType.REQUEST, 0, 0, 51L, payload(10, 2)));
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(0L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("without a beginning");
		assertThat(this.frames).extracting(Frame::requestId).containsExactly(51L);
	}

	@Test
	void shouldDropFragmentsThatOverrunTheirMessage() {
		byte[] first = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 61L, payload(50, 1)));
		writeRecord(Arrays.copyOf(first, FrameDescriptor.HEADER_LENGTH + 20), RecordDescriptor.FLAG_BEGIN);
		writeRecord(new byte[40], RecordDescriptor.FLAG_END);
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(61L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("declared=50 received=60");
		assertThat(this.frames).isEmpty();
	}

	@Test
	void shouldDropMessageThatEndsShort() {
		byte[] first = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 71L, payload(50, 1)));
		writeRecord(Arrays.copyOf(first, FrameDescriptor.HEADER_LENGTH + 20), RecordDescriptor.FLAG_BEGIN);
		writeRecord(new byte[10], RecordDescriptor.FLAG_END);
		this.consumer.read(this.assembler);
		assertThat(this.badRequestIds).containsExactly(71L);
		assertThat(this.problems).singleElement(InstanceOfAssertFactories.THROWABLE)
			.hasMessageContaining("ended short");
	}

	private void send(Frame frame) {
		this.fragmenter.begin(frame);
		assertThat(this.fragmenter.writeAvailable()).isTrue();
	}

	private void writeRecord(byte[] body, int flags) {
		int offset = this.producer.tryClaim(body.length);
		this.buffer.put(offset, body);
		this.producer.commit(flags);
	}

	private static byte[] payload(int length, int seed) {
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (seed * 17 + i);
		}
		return payload;
	}

	private class Sink implements FrameAssembler.FrameSink {

		@Override
		public boolean onFrame(Frame frame) {
			ShmFramesTests.this.frames.add(frame);
			return true;
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			ShmFramesTests.this.badRequestIds.add(requestId);
			ShmFramesTests.this.problems.add(problem);
		}

	}

}
