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

import io.github.ipcworker.RemoteThrowable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link RemoteErrorCodec}.
 */
class RemoteErrorCodecTests {

	@Test
	void shouldCarryClassMessageStackAndCauses() {
		IllegalStateException error = new IllegalStateException("outer",
				new java.io.UncheckedIOException("inner", new java.io.IOException("disk")));
		RemoteError decoded = RemoteErrorCodec.decode(RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, error));
		assertThat(decoded.kind()).isEqualTo(RemoteError.Kind.HANDLER);
		RemoteThrowable remote = decoded.error();
		assertThat(remote).hasToString("java.lang.IllegalStateException: outer");
		assertThat(remote.getStackTrace()).isNotEmpty();
		assertThat(remote.getStackTrace()[0].getMethodName()).isEqualTo("shouldCarryClassMessageStackAndCauses");
		assertThat(remote.getCause()).hasToString("java.io.UncheckedIOException: inner");
		assertThat(remote.getCause().getCause()).hasToString("java.io.IOException: disk");
		assertThat(remote.getCause().getCause().getCause()).isNull();
	}

	@Test
	void shouldCutLongMessagesDeepChainsAndLongStacks() {
		Throwable error = new RuntimeException("x".repeat(RemoteErrorCodec.MAX_MESSAGE_CHARS * 2));
		for (int i = 0; i < 20; i++) {
			error = new RuntimeException("level " + i, error);
		}
		RemoteThrowable remote = RemoteErrorCodec.decode(RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, error))
			.error();
		int depth = 0;
		for (RemoteThrowable level = remote; level != null; level = level.getCause()) {
			depth++;
			assertThat(level.getStackTrace()).hasSizeLessThanOrEqualTo(RemoteErrorCodec.MAX_FRAMES);
		}
		assertThat(depth).isEqualTo(RemoteErrorCodec.MAX_DEPTH);
	}

	@Test
	void shouldRejectTruncatedPayloads() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new RuntimeException("boom"));
		byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(cut));
	}

	@Test
	void shouldReportAnUnknownKindAsAProtocolError() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new RuntimeException("boom"));
		bytes[0] = 120;
		assertThat(RemoteErrorCodec.decode(bytes).kind()).isEqualTo(RemoteError.Kind.PROTOCOL);
	}

	@Test
	void shouldCarryEveryKind() {
		for (RemoteError.Kind kind : RemoteError.Kind.values()) {
			byte[] bytes = RemoteErrorCodec.encode(kind, new RuntimeException("boom"));
			assertThat(RemoteErrorCodec.decode(bytes).kind()).isEqualTo(kind);
			assertThat(RemoteError.Kind.fromId(kind.id())).isSameAs(kind);
		}
	}

	@Test
	void shouldReportTheRemoteClassNameOfAStandIn() {
		RemoteThrowable standIn = new RemoteThrowable("com.example.GoneException", "gone", new StackTraceElement[0],
				null);
		RemoteThrowable decoded = RemoteErrorCodec
			.decode(RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new IllegalStateException("wrapped", standIn)))
			.error();
		assertThat(decoded.getCause().getRemoteClassName()).isEqualTo("com.example.GoneException");
		assertThat(decoded.getCause().getRemoteMessage()).isEqualTo("gone");
	}

	@Test
	void shouldEncodeAMessageOnlyError() {
		RemoteError decoded = RemoteErrorCodec
			.decode(RemoteErrorCodec.encode(RemoteError.Kind.BOOT, "org.example.BootFailure", "no database"));
		assertThat(decoded.kind()).isEqualTo(RemoteError.Kind.BOOT);
		assertThat(decoded.error()).hasToString("org.example.BootFailure: no database");
		assertThat(decoded.error().getStackTrace()).isEmpty();
		assertThat(decoded.error().getCause()).isNull();
	}

	@Test
	void shouldReportAnExceptionWithoutMessageWithAnEmptyMessage() {
		RemoteThrowable decoded = RemoteErrorCodec
			.decode(RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new UnsupportedOperationException()))
			.error();
		assertThat(decoded.getRemoteMessage()).isEmpty();
		assertThat(decoded).hasToString("java.lang.UnsupportedOperationException");
	}

	@Test
	void shouldCutAMessageOnlyPastTheLimit() {
		String longest = "m".repeat(RemoteErrorCodec.MAX_MESSAGE_CHARS);
		assertThat(roundTrip(new RuntimeException(longest)).getRemoteMessage()).isEqualTo(longest);
		assertThat(roundTrip(new RuntimeException(longest + "x")).getRemoteMessage()).isEqualTo(longest + "...");
	}

	@Test
	void shouldKeepEveryFrameUpToTheLimit() {
		RuntimeException error = new RuntimeException("deep");
		StackTraceElement frame = new StackTraceElement("a.B", "c", "B.java", 42);
		StackTraceElement[] frames = new StackTraceElement[RemoteErrorCodec.MAX_FRAMES + 1];
		java.util.Arrays.fill(frames, frame);
		error.setStackTrace(java.util.Arrays.copyOf(frames, RemoteErrorCodec.MAX_FRAMES));
		assertThat(roundTrip(error).getStackTrace()).hasSize(RemoteErrorCodec.MAX_FRAMES).containsOnly(frame);
		error.setStackTrace(frames);
		assertThat(roundTrip(error).getStackTrace()).hasSize(RemoteErrorCodec.MAX_FRAMES);
	}

	@Test
	void shouldCarryAFrameWithoutFileName() {
		RuntimeException error = new RuntimeException("native");
		error.setStackTrace(new StackTraceElement[] { new StackTraceElement("a.B", "run", null, -2) });
		StackTraceElement frame = roundTrip(error).getStackTrace()[0];
		assertThat(frame.getClassName()).isEqualTo("a.B");
		assertThat(frame.getMethodName()).isEqualTo("run");
		assertThat(frame.getFileName()).isNull();
		assertThat(frame.isNativeMethod()).isTrue();
	}

	@Test
	void shouldStopAtACauseSeenBefore() {
		IllegalStateException outer = new IllegalStateException("outer");
		IllegalArgumentException inner = new IllegalArgumentException("inner", outer);
		outer.initCause(inner);
		RemoteThrowable decoded = roundTrip(outer);
		assertThat(decoded.getCause()).hasToString("java.lang.IllegalArgumentException: inner");
		assertThat(decoded.getCause().getCause()).isNull();
	}

	@Test
	void shouldRejectABadDepth() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new RuntimeException("boom"));
		bytes[1] = 0;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(bytes))
			.withMessage("bad error depth: depth=0");
		bytes[1] = (byte) (RemoteErrorCodec.MAX_DEPTH + 1);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(bytes))
			.withMessage("bad error depth: depth=9");
	}

	@Test
	void shouldRejectTooManyFrames() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, "a.B", "");
		// kind, depth, class name (4 + 3), message (4 + 0), then the frame count.
		java.nio.ByteBuffer.wrap(bytes).putShort(2 + 7 + 4, (short) (RemoteErrorCodec.MAX_FRAMES + 1));
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(bytes))
			.withMessage("too many stack frames: count=65");
	}

	@Test
	void shouldRejectAStringLongerThanThePayload() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, "a.B", "");
		java.nio.ByteBuffer.wrap(bytes).putInt(2, bytes.length);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(bytes))
			.withMessage("bad string length in error payload: length=" + bytes.length);
		java.nio.ByteBuffer.wrap(bytes).putInt(2, -2);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(bytes))
			.withMessage("bad string length in error payload: length=-2");
	}

	@Test
	void shouldReadAStringThatEndsThePayload() {
		byte[] bytes = RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, "a.B", "last");
		// A message-only error ends with its message and an empty stack (u16 0): cut
		// the stack count and the string still reads, then the count is missing.
		byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length - 2);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> RemoteErrorCodec.decode(cut))
			.withMessage("truncated error payload: length=" + cut.length);
	}

	private static RemoteThrowable roundTrip(Throwable error) {
		return RemoteErrorCodec.decode(RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, error)).error();
	}

}
