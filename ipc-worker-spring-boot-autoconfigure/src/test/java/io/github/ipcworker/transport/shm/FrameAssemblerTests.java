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
import java.util.List;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link FrameAssembler} fed record by record, without a ring: what it hands to
 * its sink, and whether it tells the ring to go on reading.
 */
class FrameAssemblerTests {

	private static final int OFFSET = 24;

	private static final int BEGIN = RecordDescriptor.FLAG_BEGIN;

	private static final int END = RecordDescriptor.FLAG_END;

	private final List<Frame> frames = new ArrayList<>();

	private final List<Long> badRequestIds = new ArrayList<>();

	private final List<String> problems = new ArrayList<>();

	private boolean goOn = true;

	private final FrameAssembler assembler = new FrameAssembler(1024, "g", new FrameAssembler.FrameSink() {

		@Override
		public boolean onFrame(Frame frame) {
			FrameAssemblerTests.this.frames.add(frame);
			return FrameAssemblerTests.this.goOn;
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			FrameAssemblerTests.this.badRequestIds.add(requestId);
			FrameAssemblerTests.this.problems.add(problem.getMessage());
		}

	});

	@Test
	void shouldPassOnTheSinksWishToStopAfterAWholeFrame() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 1, new byte[] { 7 }));
		this.goOn = false;
		assertThat(record(frame, BEGIN | END)).isFalse();
		this.goOn = true;
		assertThat(record(frame, BEGIN | END)).isTrue();
		assertThat(this.frames).hasSize(2);
	}

	@Test
	void shouldPassOnTheSinksWishToStopAfterAFragmentedFrame() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 9, new byte[] { 1, 2, 3, 4 }));
		this.goOn = false;
		assertThat(record(slice(frame, 0, 42), BEGIN)).isTrue();
		assertThat(record(slice(frame, 42, 44), END)).isFalse();
		this.goOn = true;
		assertThat(record(slice(frame, 0, 42), BEGIN)).isTrue();
		assertThat(record(slice(frame, 42, 44), END)).isTrue();
		assertThat(this.frames).extracting(Frame::requestId).containsExactly(9L, 9L);
		assertThat(this.frames.get(1).payload()).containsExactly(1, 2, 3, 4);
	}

	@Test
	void shouldAcceptAFirstFragmentThatHoldsTheWholePayload() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 3, new byte[] { 5, 6 }));
		assertThat(record(frame, BEGIN)).isTrue();
		assertThat(record(new byte[0], END)).isTrue();
		assertThat(this.problems).isEmpty();
		assertThat(this.frames).singleElement().satisfies((read) -> assertThat(read.payload()).containsExactly(5, 6));
	}

	@Test
	void shouldReportTheRequestIdOfAFirstFragmentJustLongEnoughToHoldIt() {
		byte[] header = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0x55L));
		assertThat(record(slice(header, 0, FrameDescriptor.REQUEST_ID_FIELD_OFFSET + Long.BYTES), BEGIN | END))
			.isTrue();
		assertThat(record(slice(header, 0, FrameDescriptor.REQUEST_ID_FIELD_OFFSET + Long.BYTES - 1), BEGIN | END))
			.isTrue();
		assertThat(this.badRequestIds).containsExactly(0x55L, 0L);
		assertThat(this.problems)
			.allMatch((problem) -> problem.startsWith("first fragment shorter than a frame header"));
	}

	@Test
	void shouldReportFragmentsThatOverrunTheirMessageOnceAndGoOn() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 4, new byte[] { 1, 2 }));
		assertThat(record(slice(frame, 0, 41), BEGIN)).isTrue();
		assertThat(record(new byte[5], 0)).isTrue();
		// The rest of the overrun message is skipped without another report.
		assertThat(record(new byte[5], 0)).isTrue();
		assertThat(record(new byte[5], END)).isTrue();
		assertThat(this.problems).singleElement()
			.isEqualTo("fragments longer than their message: declared=2 received=6");
		assertThat(this.badRequestIds).containsExactly(4L);
		assertThat(record(frame, BEGIN | END)).isTrue();
		assertThat(this.frames).hasSize(1);
	}

	@Test
	void shouldGoOnAfterAMessageThatEndsShort() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 8, new byte[] { 1, 2, 3 }));
		assertThat(record(slice(frame, 0, 41), BEGIN)).isTrue();
		assertThat(record(new byte[1], END)).isTrue();
		assertThat(this.problems).containsExactly("message ended short: declared=3 received=2");
		assertThat(record(frame, BEGIN | END)).isTrue();
		assertThat(this.frames).hasSize(1);
	}

	@Test
	void shouldGoOnAfterAFragmentedFrameWhoseHeaderDoesNotParse() {
		byte[] frame = FrameCodec.encode(Frame.of(FrameType.REQUEST, 0, 0, 6, new byte[] { 1, 2 }));
		frame[FrameDescriptor.TYPE_FIELD_OFFSET] = 0x7F;
		assertThat(record(slice(frame, 0, 41), BEGIN)).isTrue();
		assertThat(record(slice(frame, 41, 42), END)).isTrue();
		assertThat(this.problems).containsExactly("unknown frame type: type=127");
		assertThat(this.badRequestIds).containsExactly(6L);
		assertThat(this.frames).isEmpty();
	}

	private boolean record(byte[] body, int flags) {
		ByteBuffer buffer = ByteBuffer.allocate(OFFSET + body.length + 8);
		buffer.put(OFFSET, body);
		return this.assembler.onRecord(buffer, OFFSET, body.length, flags);
	}

	private static byte[] slice(byte[] bytes, int from, int to) {
		return java.util.Arrays.copyOfRange(bytes, from, to);
	}

}
