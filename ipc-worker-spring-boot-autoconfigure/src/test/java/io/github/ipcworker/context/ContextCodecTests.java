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
package io.github.ipcworker.context;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipcworker.protocol.FrameFormatException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ContextCodec}.
 */
class ContextCodecTests {

	@Test
	void shouldCarryEntriesInFrontOfThePayload() {
		Map<String, String> context = new LinkedHashMap<>();
		context.put("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
		context.put("baggage", "tenant=\u00e9t\u00e9");
		byte[] payload = { 1, 2, 3 };
		ContextCodec.Split split = ContextCodec.split(ContextCodec.prefix(context, payload));
		assertThat(split.context()).containsExactlyEntriesOf(context);
		assertThat(split.payload()).containsExactly(1, 2, 3);
	}

	@Test
	void shouldLeaveOutEntriesThatDoNotFitTheBlock() {
		Map<String, String> context = new LinkedHashMap<>();
		context.put("small", "x");
		context.put("huge", "y".repeat(ContextCodec.MAX_BLOCK_LENGTH));
		ContextCodec.Split split = ContextCodec.split(ContextCodec.prefix(context, new byte[0]));
		assertThat(split.context()).containsOnlyKeys("small");
	}

	@Test
	void shouldRejectABlockCutShort() {
		byte[] combined = ContextCodec.prefix(Map.of("traceparent", "00-abc"), new byte[0]);
		byte[] cut = java.util.Arrays.copyOf(combined, combined.length - 2);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(cut));
	}

	@Test
	void shouldRejectABlockLongerThanThePayload() {
		byte[] bogus = { 0x7F, 0x7F, 1 };
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(bogus))
			.withMessageContaining("bad context block length");
	}

}
