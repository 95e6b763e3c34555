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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The payload of a {@link FrameType#READY READY} frame, little-endian:
 *
 * <pre>
 *   0  protocolVersion  i32   the worker's {@link FrameDescriptor#PROTOCOL_VERSION}
 *   4  pid              i64   the worker's process id
 *  12  streaming        u8    1 when the handler is an IpcStreamHandler
 *  13  (end)
 * </pre>
 *
 * @param protocolVersion the worker's protocol version
 * @param pid the worker's process id
 * @param streaming whether the handler streams its responses
 */
public record ReadyInfo(int protocolVersion, long pid, boolean streaming) {

	/** Length of the encoded form. */
	public static final int LENGTH = Integer.BYTES + Long.BYTES + Byte.BYTES;

	/**
	 * Encodes this.
	 * @return the payload bytes
	 */
	public byte[] encode() {
		return ByteBuffer.allocate(LENGTH)
			.order(ByteOrder.LITTLE_ENDIAN)
			.putInt(this.protocolVersion)
			.putLong(this.pid)
			.put((byte) (this.streaming ? 1 : 0))
			.array();
	}

	/**
	 * Decodes a READY payload.
	 * @param payload the payload bytes
	 * @return the ready information
	 * @throws FrameFormatException when the length is wrong
	 */
	public static ReadyInfo decode(byte[] payload) {
		if (payload.length != LENGTH) {
			throw new FrameFormatException("bad READY payload length: length=" + payload.length);
		}
		ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
		return new ReadyInfo(buffer.getInt(), buffer.getLong(), buffer.get() != 0);
	}

}
