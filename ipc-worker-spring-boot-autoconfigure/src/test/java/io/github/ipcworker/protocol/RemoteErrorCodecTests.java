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

}
