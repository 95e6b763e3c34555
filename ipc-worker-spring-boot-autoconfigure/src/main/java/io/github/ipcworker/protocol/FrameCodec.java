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

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes and reads frames in the layout of {@link FrameDescriptor}, at any offset of a
 * heap or direct buffer, independent of the buffer's own byte order.
 */
public final class FrameCodec {

	private static final VarHandle SHORT = MethodHandles.byteBufferViewVarHandle(short[].class,
			ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	private FrameCodec() {
	}

	/**
	 * Writes a frame's header at an offset.
	 * @param buffer the buffer
	 * @param offset where the header starts
	 * @param frame the frame
	 */
	public static void writeHeader(ByteBuffer buffer, int offset, Frame frame) {
		buffer.put(offset + FrameDescriptor.VERSION_FIELD_OFFSET, (byte) FrameDescriptor.PROTOCOL_VERSION);
		buffer.put(offset + FrameDescriptor.TYPE_FIELD_OFFSET, (byte) frame.type().id());
		SHORT.set(buffer, offset + FrameDescriptor.FLAGS_FIELD_OFFSET, (short) frame.flags());
		INT.set(buffer, offset + FrameDescriptor.WORKER_INDEX_FIELD_OFFSET, frame.workerIndex());
		LONG.set(buffer, offset + FrameDescriptor.REQUEST_ID_FIELD_OFFSET, frame.requestId());
		LONG.set(buffer, offset + FrameDescriptor.SEQUENCE_FIELD_OFFSET, frame.sequence());
		LONG.set(buffer, offset + FrameDescriptor.EXECUTION_TIME_FIELD_OFFSET, frame.executionTimeNs());
		INT.set(buffer, offset + FrameDescriptor.PAYLOAD_LENGTH_FIELD_OFFSET, frame.payload().length);
		INT.set(buffer, offset + FrameDescriptor.RESERVED_FIELD_OFFSET, 0);
	}

	/**
	 * Writes a whole frame, header then payload, at an offset.
	 * @param buffer the buffer, with at least {@link Frame#encodedLength()} bytes from
	 * the offset
	 * @param offset where the frame starts
	 * @param frame the frame
	 */
	public static void write(ByteBuffer buffer, int offset, Frame frame) {
		writeHeader(buffer, offset, frame);
		buffer.put(offset + FrameDescriptor.HEADER_LENGTH, frame.payload());
	}

	/**
	 * Encodes a frame into a new array.
	 * @param frame the frame
	 * @return the encoded frame
	 */
	public static byte[] encode(Frame frame) {
		byte[] bytes = new byte[frame.encodedLength()];
		write(ByteBuffer.wrap(bytes), 0, frame);
		return bytes;
	}

	/**
	 * Reads the payload length a header declares, after checking the header's version.
	 * Lets a reader that receives a frame in pieces size its buffer from the first piece.
	 * @param buffer the buffer
	 * @param offset where the header starts
	 * @return the declared payload length
	 * @throws FrameFormatException for a wrong version or a negative length
	 */
	public static int payloadLength(ByteBuffer buffer, int offset) {
		checkVersion(buffer, offset);
		int length = (int) INT.get(buffer, offset + FrameDescriptor.PAYLOAD_LENGTH_FIELD_OFFSET);
		if (length < 0) {
			throw new FrameFormatException("negative payload length: length=" + length);
		}
		return length;
	}

	/**
	 * Reads a header and joins it with a payload that was read separately.
	 * @param buffer the buffer holding the header
	 * @param offset where the header starts
	 * @param payload the payload, whose length must match the header
	 * @return the frame
	 * @throws FrameFormatException when the header does not parse or the lengths differ
	 */
	public static Frame readHeader(ByteBuffer buffer, int offset, byte[] payload) {
		int declared = payloadLength(buffer, offset);
		if (declared != payload.length) {
			throw new FrameFormatException(
					"payload length mismatch: declared=" + declared + " actual=" + payload.length);
		}
		int typeId = buffer.get(offset + FrameDescriptor.TYPE_FIELD_OFFSET) & 0xFF;
		FrameType type = FrameType.fromId(typeId);
		if (type == null) {
			throw new FrameFormatException("unknown frame type: type=" + typeId);
		}
		int flags = ((short) SHORT.get(buffer, offset + FrameDescriptor.FLAGS_FIELD_OFFSET)) & 0xFFFF;
		FrameDescriptor.checkFlags(flags);
		return new Frame(type, flags, (int) INT.get(buffer, offset + FrameDescriptor.WORKER_INDEX_FIELD_OFFSET),
				(long) LONG.get(buffer, offset + FrameDescriptor.REQUEST_ID_FIELD_OFFSET),
				(long) LONG.get(buffer, offset + FrameDescriptor.SEQUENCE_FIELD_OFFSET),
				(long) LONG.get(buffer, offset + FrameDescriptor.EXECUTION_TIME_FIELD_OFFSET), payload);
	}

	/**
	 * Reads a whole frame, copying its payload out of the buffer.
	 * @param buffer the buffer
	 * @param offset where the frame starts
	 * @param length the number of bytes the frame occupies
	 * @return the frame
	 * @throws FrameFormatException when the bytes do not parse as exactly one frame
	 */
	public static Frame read(ByteBuffer buffer, int offset, int length) {
		if (length < FrameDescriptor.HEADER_LENGTH) {
			throw new FrameFormatException("frame shorter than its header: length=" + length);
		}
		int payloadLength = payloadLength(buffer, offset);
		if (payloadLength != length - FrameDescriptor.HEADER_LENGTH) {
			throw new FrameFormatException("payload length mismatch: declared=" + payloadLength + " actual="
					+ (length - FrameDescriptor.HEADER_LENGTH));
		}
		byte[] payload = new byte[payloadLength];
		buffer.get(offset + FrameDescriptor.HEADER_LENGTH, payload);
		return readHeader(buffer, offset, payload);
	}

	/**
	 * Decodes a frame from an array holding exactly one frame.
	 * @param bytes the encoded frame
	 * @return the frame
	 * @throws FrameFormatException when the bytes do not parse as exactly one frame
	 */
	public static Frame decode(byte[] bytes) {
		return read(ByteBuffer.wrap(bytes), 0, bytes.length);
	}

	private static void checkVersion(ByteBuffer buffer, int offset) {
		int version = buffer.get(offset + FrameDescriptor.VERSION_FIELD_OFFSET) & 0xFF;
		if (version != FrameDescriptor.PROTOCOL_VERSION) {
			throw new FrameFormatException("unsupported protocol version: version=" + version + " expected="
					+ FrameDescriptor.PROTOCOL_VERSION);
		}
	}

}
