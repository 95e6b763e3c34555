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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;

/**
 * Puts a request's context in front of its payload, when the request frame carries
 * {@link FrameDescriptor#FLAG_CONTEXT}. Big-endian:
 *
 * <pre>
 *   0  blockLength  u16   bytes of the entries that follow (not counting these 2)
 *   2  count        u8    number of entries
 *      entry{count}:
 *        keyLength    u8    then the key, UTF-8
 *        valueLength  u16   then the value, UTF-8
 *   2 + blockLength  the request's own payload
 * </pre>
 *
 * Keys and values are short (a W3C {@code traceparent} is 55 characters); the block is
 * capped at {@value #MAX_BLOCK_LENGTH} bytes, and entries that do not fit are left out.
 */
public final class ContextCodec {

	/** Largest context block. */
	public static final int MAX_BLOCK_LENGTH = 4096;

	private ContextCodec() {
	}

	/**
	 * Prefixes a payload with a context.
	 * @param context the entries, not empty
	 * @param payload the request's payload
	 * @return the combined payload
	 */
	public static byte[] prefix(Map<String, String> context, byte[] payload) {
		ByteBuffer block = ByteBuffer.allocate(MAX_BLOCK_LENGTH);
		block.put((byte) 0);
		int count = 0;
		for (Map.Entry<String, String> entry : context.entrySet()) {
			byte[] key = entry.getKey().getBytes(StandardCharsets.UTF_8);
			byte[] value = entry.getValue().getBytes(StandardCharsets.UTF_8);
			if (count == 255 || key.length > 255 || value.length > 0xFFFF
					|| block.remaining() < 3 + key.length + value.length) {
				continue;
			}
			block.put((byte) key.length).put(key).putShort((short) value.length).put(value);
			count++;
		}
		block.put(0, (byte) count);
		int blockLength = block.position();
		ByteBuffer combined = ByteBuffer.allocate(2 + blockLength + payload.length);
		combined.putShort((short) blockLength).put(block.array(), 0, blockLength).put(payload);
		return combined.array();
	}

	/**
	 * Splits a combined payload into its context and the request's own payload.
	 * @param combined the payload of a frame flagged {@link FrameDescriptor#FLAG_CONTEXT}
	 * @return the context and the payload
	 * @throws FrameFormatException when the block does not parse
	 */
	public static Split split(byte[] combined) {
		ByteBuffer buffer = ByteBuffer.wrap(combined);
		try {
			int blockLength = Short.toUnsignedInt(buffer.getShort());
			if (blockLength < 1 || blockLength > MAX_BLOCK_LENGTH || blockLength > buffer.remaining()) {
				throw new FrameFormatException("bad context block length: length=" + blockLength);
			}
			int end = 2 + blockLength;
			int count = Byte.toUnsignedInt(buffer.get());
			Map<String, String> context = new LinkedHashMap<>();
			for (int i = 0; i < count; i++) {
				byte[] key = new byte[Byte.toUnsignedInt(buffer.get())];
				buffer.get(key);
				byte[] value = new byte[Short.toUnsignedInt(buffer.getShort())];
				buffer.get(value);
				context.put(new String(key, StandardCharsets.UTF_8), new String(value, StandardCharsets.UTF_8));
			}
			if (buffer.position() != end) {
				throw new FrameFormatException("context entries do not fill their block: length=" + blockLength);
			}
			byte[] payload = new byte[combined.length - end];
			System.arraycopy(combined, end, payload, 0, payload.length);
			return new Split(context, payload);
		}
		catch (java.nio.BufferUnderflowException ex) {
			throw new FrameFormatException("context block cut short: length=" + combined.length);
		}
	}

	/**
	 * A request payload split from its context.
	 *
	 * @param context the carried entries
	 * @param payload the request's own payload
	 */
	public record Split(Map<String, String> context, byte[] payload) {

	}

}
