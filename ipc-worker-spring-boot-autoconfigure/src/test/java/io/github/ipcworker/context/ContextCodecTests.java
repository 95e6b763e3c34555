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

	@Test
	void shouldLayOutTheBlockAsDocumented() {
		byte[] combined = ContextCodec.prefix(Map.of("k", "vv"), new byte[] { 9 });
		// blockLength (u16) = count (1) + keyLength (1) + "k" (1) + valueLength (2) +
		// "vv" (2)
		assertThat(combined).containsExactly(0, 7, 1, 1, 'k', 0, 2, 'v', 'v', 9);
	}

	@Test
	void shouldCarryAnEmptyContext() {
		byte[] combined = ContextCodec.prefix(Map.of(), new byte[] { 4, 5 });
		assertThat(combined).containsExactly(0, 1, 0, 4, 5);
		ContextCodec.Split split = ContextCodec.split(combined);
		assertThat(split.context()).isEmpty();
		assertThat(split.payload()).containsExactly(4, 5);
	}

	@Test
	void shouldFillTheBlockToItsLastByte() {
		// count (1) + keyLength (1) + key (1) + valueLength (2) + value = the whole block
		String value = "v".repeat(ContextCodec.MAX_BLOCK_LENGTH - 5);
		ContextCodec.Split split = ContextCodec.split(ContextCodec.prefix(Map.of("k", value), new byte[] { 1 }));
		assertThat(split.context()).containsEntry("k", value);
		assertThat(split.payload()).containsExactly(1);
		String tooLong = value + "v";
		assertThat(ContextCodec.split(ContextCodec.prefix(Map.of("k", tooLong), new byte[0])).context()).isEmpty();
	}

	@Test
	void shouldLeaveOutKeysLongerThanTheirLengthByte() {
		Map<String, String> context = new LinkedHashMap<>();
		context.put("k".repeat(256), "too long");
		context.put("k".repeat(255), "longest");
		assertThat(ContextCodec.split(ContextCodec.prefix(context, new byte[0])).context())
			.containsOnlyKeys("k".repeat(255));
	}

	@Test
	void shouldCarryAtMost255Entries() {
		Map<String, String> context = new LinkedHashMap<>();
		for (int i = 0; i < 300; i++) {
			context.put(Integer.toString(i), "");
		}
		Map<String, String> carried = ContextCodec.split(ContextCodec.prefix(context, new byte[0])).context();
		assertThat(carried).hasSize(255).containsKeys("0", "254").doesNotContainKey("255");
	}

	@Test
	void shouldRejectAnEmptyOrOversizedBlock() {
		byte[] empty = { 0, 0 };
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(empty))
			.withMessage("bad context block length: length=0");
		byte[] oversized = new byte[2 + ContextCodec.MAX_BLOCK_LENGTH + 1];
		oversized[0] = (byte) ((ContextCodec.MAX_BLOCK_LENGTH + 1) >> 8);
		oversized[1] = (byte) (ContextCodec.MAX_BLOCK_LENGTH + 1);
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(oversized))
			.withMessage("bad context block length: length=4097");
	}

	@Test
	void shouldRejectEntriesThatDoNotFillTheirBlock() {
		byte[] combined = ContextCodec.prefix(Map.of("k", "v"), new byte[] { 1, 2 });
		combined[1]++;
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(combined))
			.withMessage("context entries do not fill their block: length=7");
	}

	@Test
	void shouldReportACutShortBlockAsAFrameError() {
		byte[] combined = { 0, 3, 1, 9, 'k' };
		assertThatExceptionOfType(FrameFormatException.class).isThrownBy(() -> ContextCodec.split(combined))
			.withMessage("context block cut short: length=5");
	}

	@Test
	void shouldCarryNothingWithoutAPropagator() {
		assertThat(ContextPropagator.NONE.capture()).isEmpty();
		try (ContextPropagator.Scope scope = ContextPropagator.NONE.open(Map.of("k", "v"), "group", 1)) {
			assertThat(scope).isSameAs(ContextPropagator.Scope.NOOP);
			scope.error(new IllegalStateException("ignored"));
		}
	}

}
