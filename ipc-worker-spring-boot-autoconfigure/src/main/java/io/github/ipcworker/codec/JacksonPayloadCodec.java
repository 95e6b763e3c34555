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
package io.github.ipcworker.codec;

import java.lang.reflect.Type;

import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default codec: JSON written and read with the application's Jackson 3 settings,
 * typed by the receiver's declared type. {@code byte[]} values pass through untouched,
 * flagged {@link FrameDescriptor#FLAG_RAW}, so binary payloads pay no encoding cost.
 * <p>
 * Default typing is always off here, even when the application turned it on for its own
 * mapper: the bytes come from another process, and with default typing a type id in them
 * would choose which class the reader instantiates. Types the application annotated with
 * {@code @JsonTypeInfo} keep their own handling.
 */
public final class JacksonPayloadCodec implements PayloadCodec {

	private static final byte[] EMPTY = new byte[0];

	private static final Payload NULL = new Payload(FrameDescriptor.FLAG_NULL, EMPTY);

	private final JsonMapper mapper;

	/**
	 * Creates a codec with a mapper's settings (modules, naming strategy, features), but
	 * with default typing off. The mapper itself is not changed.
	 * @param mapper the mapper, usually the application's
	 */
	public JacksonPayloadCodec(JsonMapper mapper) {
		this.mapper = mapper.rebuild().deactivateDefaultTyping().build();
	}

	@Override
	public Payload encode(@Nullable Object value) {
		if (value == null) {
			return NULL;
		}
		if (value instanceof byte[] bytes) {
			return new Payload(FrameDescriptor.FLAG_RAW, bytes);
		}
		return new Payload(0, this.mapper.writeValueAsBytes(value));
	}

	@Override
	public @Nullable Object decode(Payload payload, Type type) {
		if (payload.hasFlag(FrameDescriptor.FLAG_NULL)) {
			if (type == java.util.Optional.class || (type instanceof java.lang.reflect.ParameterizedType parameterized
					&& parameterized.getRawType() == java.util.Optional.class)) {
				return java.util.Optional.empty();
			}
			if (type instanceof Class<?> clazz && clazz.isPrimitive()) {
				throw new IllegalArgumentException("null cannot be read as " + clazz.getName());
			}
			return null;
		}
		if (payload.hasFlag(FrameDescriptor.FLAG_RAW)) {
			if (type == byte[].class || type == Object.class) {
				return payload.bytes();
			}
			throw new IllegalArgumentException(
					"a byte[] value cannot be read as " + type.getTypeName() + "; expected byte[]");
		}
		return this.mapper.readValue(payload.bytes(), this.mapper.constructType(type));
	}

}
