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
package io.github.ipcworker.pool;

import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Strings as UTF-8, for pool tests that need a codec but no Jackson; a payload that reads
 * {@code "unreadable"} fails to decode, as a wrong type would.
 */
final class TextCodec implements PayloadCodec {

	@Override
	public Payload encode(@Nullable Object value) {
		if (value == null) {
			return new Payload(FrameDescriptor.FLAG_NULL, new byte[0]);
		}
		return new Payload(0, value.toString().getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public @Nullable Object decode(Payload payload, Type type) {
		if (payload.hasFlag(FrameDescriptor.FLAG_NULL)) {
			return null;
		}
		String text = new String(payload.bytes(), StandardCharsets.UTF_8);
		if (text.equals("unreadable")) {
			throw new IllegalArgumentException("not a " + type.getTypeName());
		}
		return text;
	}

}
