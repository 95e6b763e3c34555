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

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default codec: values written and read with the application's Jackson 3 settings,
 * typed by the receiver's declared type, as JSON ({@value #JSON}, the default) or as
 * Smile ({@value #SMILE}), Jackson's binary JSON. {@code byte[]} values pass through
 * untouched, flagged {@link FrameDescriptor#FLAG_RAW}, so binary payloads pay no encoding
 * cost.
 * <p>
 * Default typing is always off here, even when the application turned it on for its own
 * mapper: the bytes come from another process, and with default typing a type id in them
 * would choose which class the reader instantiates. Types the application annotated with
 * {@code @JsonTypeInfo} keep their own handling.
 * <p>
 * A reader per declared type and a writer per value class are built once and kept: a
 * small message costs a few hundred nanoseconds to write and read, and looking up the
 * root serializer or deserializer and resolving the type on every call was most of it.
 */
public final class JacksonPayloadCodec implements PayloadCodec {

	/** The name of the JSON format. */
	public static final String JSON = "json";

	/** The name of the Smile format. */
	public static final String SMILE = "smile";

	/**
	 * Types kept at most in each cache. Types come from handlers' and callers'
	 * declarations, so a handful; past this, a caller that makes a new
	 * {@link ParameterizedType} without {@code equals} on every call would fill memory,
	 * so further ones are built per call instead.
	 */
	private static final int MAX_CACHED_TYPES = 512;

	private static final byte[] EMPTY = new byte[0];

	private static final Payload NULL = new Payload(FrameDescriptor.FLAG_NULL, EMPTY);

	private final JsonMapper source;

	private final String format;

	private final ObjectMapper mapper;

	private final ConcurrentMap<Type, ObjectReader> readers = new ConcurrentHashMap<>();

	private final ConcurrentMap<Class<?>, ObjectWriter> writers = new ConcurrentHashMap<>();

	/**
	 * Creates a JSON codec with a mapper's settings (modules, naming strategy, features),
	 * but with default typing off. The mapper itself is not changed.
	 * @param mapper the mapper, usually the application's
	 */
	public JacksonPayloadCodec(JsonMapper mapper) {
		this(mapper, JSON);
	}

	/**
	 * Creates a codec of a format with a JSON mapper's settings (modules, naming
	 * strategy, features), but with default typing off. The mapper itself is not changed.
	 * @param mapper the mapper, usually the application's
	 * @param format {@value #JSON} or {@value #SMILE}; Smile needs
	 * {@code tools.jackson.dataformat:jackson-dataformat-smile} on the class path
	 * @throws IllegalArgumentException on another format name
	 * @throws IllegalStateException when Smile is asked for and not on the class path
	 */
	public JacksonPayloadCodec(JsonMapper mapper, String format) {
		this.source = mapper;
		this.format = format;
		this.mapper = switch (format) {
			case JSON -> mapper.rebuild().deactivateDefaultTyping().build();
			case SMILE -> smileLike(mapper);
			default -> throw new IllegalArgumentException(
					"Unknown ipc-worker codec '" + format + "'; use '" + JSON + "' or '" + SMILE + "'");
		};
	}

	private static ObjectMapper smileLike(JsonMapper mapper) {
		// Checked here: loading SmileMappers without Smile would fail at its call site.
		try {
			Class.forName("tools.jackson.dataformat.smile.SmileMapper", false,
					JacksonPayloadCodec.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException("The ipc-worker codec '" + SMILE
					+ "' needs tools.jackson.dataformat:jackson-dataformat-smile on the class path", ex);
		}
		return SmileMappers.like(mapper);
	}

	/**
	 * Returns the name of the format.
	 * @return {@value #JSON} or {@value #SMILE}
	 */
	public String format() {
		return this.format;
	}

	/**
	 * Returns a codec of another format with the same mapper settings.
	 * @param format {@value #JSON} or {@value #SMILE}
	 * @return this codec when it has the format, else a new one
	 */
	public JacksonPayloadCodec withFormat(String format) {
		return this.format.equals(format) ? this : new JacksonPayloadCodec(this.source, format);
	}

	@Override
	public Payload encode(@Nullable Object value) {
		if (value == null) {
			return NULL;
		}
		if (value instanceof byte[] bytes) {
			return new Payload(FrameDescriptor.FLAG_RAW, bytes);
		}
		return new Payload(0, writer(value.getClass()).writeValueAsBytes(value));
	}

	@Override
	public @Nullable Object decode(Payload payload, Type type) {
		if (payload.hasFlag(FrameDescriptor.FLAG_NULL)) {
			if (type == Optional.class || (type instanceof ParameterizedType parameterized
					&& parameterized.getRawType() == Optional.class)) {
				return Optional.empty();
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
		return reader(type).readValue(payload.bytes());
	}

	private ObjectWriter writer(Class<?> type) {
		ObjectWriter writer = this.writers.get(type);
		if (writer == null) {
			// Typed by the value's own class, as writeValueAsBytes would, but with the
			// root serializer found once.
			writer = this.mapper.writerFor(type);
			if (this.writers.size() < MAX_CACHED_TYPES) {
				this.writers.putIfAbsent(type, writer);
			}
		}
		return writer;
	}

	private ObjectReader reader(Type type) {
		ObjectReader reader = this.readers.get(type);
		if (reader == null) {
			reader = this.mapper.readerFor(this.mapper.constructType(type));
			if (this.readers.size() < MAX_CACHED_TYPES) {
				this.readers.putIfAbsent(type, reader);
			}
		}
		return reader;
	}

	@Override
	public String toString() {
		return "JacksonPayloadCodec[" + this.format + "]";
	}

}
