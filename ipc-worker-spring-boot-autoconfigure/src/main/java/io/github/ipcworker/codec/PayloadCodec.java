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

/**
 * Turns requests and responses into frame payloads and back. The parent and its worker
 * processes use the same codec, built from the same application configuration.
 * <p>
 * Implementations never deserialize arbitrary classes named by the bytes: the type to
 * read is always given by the receiver.
 */
public interface PayloadCodec {

	/**
	 * Encodes a value.
	 * @param value the value, possibly {@code null}
	 * @return the payload and its {@link FrameDescriptor} flags
	 * @throws RuntimeException when the value cannot be written
	 */
	Payload encode(@Nullable Object value);

	/**
	 * Decodes a payload as a type.
	 * @param payload the payload
	 * @param type the type to read, as declared by the receiver
	 * @return the value, possibly {@code null}
	 * @throws RuntimeException when the payload does not read as the type
	 */
	@Nullable Object decode(Payload payload, Type type);

	/**
	 * An encoded value.
	 *
	 * @param flags {@link FrameDescriptor#FLAG_RAW} and {@link FrameDescriptor#FLAG_NULL}
	 * @param bytes the encoded bytes
	 */
	record Payload(int flags, byte[] bytes) {

		/**
		 * Returns whether a flag is set.
		 * @param flag the flag
		 * @return whether it is set
		 */
		public boolean hasFlag(int flag) {
			return (this.flags & flag) != 0;
		}

	}

}
