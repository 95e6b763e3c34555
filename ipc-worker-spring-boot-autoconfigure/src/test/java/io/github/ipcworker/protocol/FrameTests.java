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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link Frame} and {@link FrameDescriptor}.
 */
class FrameTests {

	@Test
	void shouldMakeAFrameWithoutPayloadWithZeroedCounters() {
		Frame frame = Frame.of(FrameType.CANCEL, 3, 99);
		assertThat(frame.type()).isEqualTo(FrameType.CANCEL);
		assertThat(frame.flags()).isZero();
		assertThat(frame.workerIndex()).isEqualTo(3);
		assertThat(frame.requestId()).isEqualTo(99);
		assertThat(frame.sequence()).isZero();
		assertThat(frame.executionTimeNs()).isZero();
		assertThat(frame.payload()).isEmpty();
		assertThat(frame.encodedLength()).isEqualTo(FrameDescriptor.HEADER_LENGTH);
	}

	@Test
	void shouldMakeAFrameThatSharesItsPayload() {
		byte[] payload = { 1, 2, 3, 4, 5 };
		Frame frame = Frame.of(FrameType.REQUEST, FrameDescriptor.FLAG_RAW, 1, 2, payload);
		assertThat(frame.payload()).isSameAs(payload);
		assertThat(frame.flags()).isEqualTo(FrameDescriptor.FLAG_RAW);
		assertThat(frame.sequence()).isZero();
		assertThat(frame.executionTimeNs()).isZero();
		assertThat(frame.encodedLength()).isEqualTo(FrameDescriptor.HEADER_LENGTH + 5);
	}

	@Test
	void shouldTellEachFlagApart() {
		Frame frame = Frame.of(FrameType.REQUEST, FrameDescriptor.FLAG_STREAM | FrameDescriptor.FLAG_CONTEXT, 0, 1,
				new byte[0]);
		assertThat(frame.hasFlag(FrameDescriptor.FLAG_STREAM)).isTrue();
		assertThat(frame.hasFlag(FrameDescriptor.FLAG_CONTEXT)).isTrue();
		assertThat(frame.hasFlag(FrameDescriptor.FLAG_RAW)).isFalse();
		assertThat(frame.hasFlag(FrameDescriptor.FLAG_NULL)).isFalse();
	}

	@Test
	void shouldDescribeItselfWithoutThePayloadBytes() {
		Frame frame = new Frame(FrameType.STREAM_ITEM, FrameDescriptor.FLAG_CONTEXT, 2, 17, 4, 0, new byte[300]);
		assertThat(frame).hasToString("Frame[STREAM_ITEM worker=2 request=17 seq=4 flags=0x8 payload=300B]");
	}

	@Test
	void shouldAcceptEveryKnownFlag() {
		FrameDescriptor.checkFlags(0);
		FrameDescriptor.checkFlags(FrameDescriptor.FLAG_RAW | FrameDescriptor.FLAG_NULL | FrameDescriptor.FLAG_STREAM
				| FrameDescriptor.FLAG_CONTEXT);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> FrameDescriptor.checkFlags(0x10))
			.withMessage("unknown frame flags: flags=0x10");
	}

}
