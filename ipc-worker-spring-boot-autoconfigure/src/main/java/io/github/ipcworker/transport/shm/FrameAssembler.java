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
package io.github.ipcworker.transport.shm;

import java.nio.ByteBuffer;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import org.jspecify.annotations.Nullable;

/**
 * Consumer side of frames over a {@link OneToOneRing}: joins the fragments a
 * {@link FrameFragmenter} wrote into frames. An unfragmented frame is decoded straight
 * from the ring; a fragmented one is copied into a payload array sized from the frame
 * header in its first fragment, so each byte is copied once.
 *
 * <p>
 * Whatever does not make a frame is dropped and reported to the sink, and reading goes
 * on: a header that does not parse, a frame larger than the maximum message size (dropped
 * without being copied), fragments that do not add up to the declared length, and a
 * message that is cut short because the next one begins (its writer gave up). Not
 * thread-safe.
 */
final class FrameAssembler implements OneToOneRing.RecordHandler {

	private final int maxMessageSize;

	private final @Nullable String group;

	private final FrameSink sink;

	private final ByteBuffer header = ByteBuffer.allocate(FrameDescriptor.HEADER_LENGTH);

	private byte @Nullable [] payload;

	private int payloadFilled;

	private long requestId;

	private boolean skipping;

	/**
	 * Creates the consumer side of a ring.
	 * @param maxMessageSize the largest frame accepted, header included, in bytes
	 * @param group the group name for error messages, or {@code null}
	 * @param sink receives frames and reports
	 */
	FrameAssembler(int maxMessageSize, @Nullable String group, FrameSink sink) {
		this.maxMessageSize = maxMessageSize;
		this.group = group;
		this.sink = sink;
	}

	@Override
	public boolean onRecord(ByteBuffer buffer, int bodyOffset, int bodyLength, int flags) {
		boolean end = (flags & RecordDescriptor.FLAG_END) != 0;
		if ((flags & RecordDescriptor.FLAG_BEGIN) != 0) {
			if (this.payload != null) {
				drop(new FrameFormatException("message cut short by the next one: declared=" + this.payload.length
						+ " received=" + this.payloadFilled));
			}
			return begin(buffer, bodyOffset, bodyLength, end);
		}
		if (this.payload == null) {
			if (!this.skipping) {
				this.sink.onBadFrame(0,
						new FrameFormatException("message fragment without a beginning: length=" + bodyLength));
			}
			this.skipping = !end;
			return true;
		}
		return append(buffer, bodyOffset, bodyLength, end);
	}

	private boolean begin(ByteBuffer buffer, int offset, int length, boolean end) {
		this.skipping = false;
		this.requestId = (length >= FrameDescriptor.REQUEST_ID_FIELD_OFFSET + Long.BYTES)
				? (long) BufferAccess.LONG.get(buffer, offset + FrameDescriptor.REQUEST_ID_FIELD_OFFSET) : 0L;
		Frame frame;
		try {
			if (length < FrameDescriptor.HEADER_LENGTH) {
				throw new FrameFormatException("first fragment shorter than a frame header: length=" + length);
			}
			int payloadLength = FrameCodec.payloadLength(buffer, offset);
			long size = (long) FrameDescriptor.HEADER_LENGTH + payloadLength;
			if (size > this.maxMessageSize) {
				throw new IpcMessageTooLargeException(this.group, "received frame", size, this.maxMessageSize);
			}
			if (!end) {
				startMessage(buffer, offset, length, payloadLength);
				return true;
			}
			frame = FrameCodec.read(buffer, offset, length);
		}
		catch (FrameFormatException | IpcMessageTooLargeException ex) {
			this.sink.onBadFrame(this.requestId, ex);
			this.skipping = !end;
			return true;
		}
		return this.sink.onFrame(frame);
	}

	private void startMessage(ByteBuffer buffer, int offset, int length, int payloadLength) {
		int firstPart = length - FrameDescriptor.HEADER_LENGTH;
		if (firstPart > payloadLength) {
			throw new FrameFormatException(
					"fragment longer than its message: declared=" + payloadLength + " received=" + firstPart);
		}
		this.header.put(0, buffer, offset, FrameDescriptor.HEADER_LENGTH);
		byte[] payload = new byte[payloadLength];
		buffer.get(offset + FrameDescriptor.HEADER_LENGTH, payload, 0, firstPart);
		this.payload = payload;
		this.payloadFilled = firstPart;
	}

	private boolean append(ByteBuffer buffer, int offset, int length, boolean end) {
		byte[] payload = this.payload;
		if (length > payload.length - this.payloadFilled) {
			drop(new FrameFormatException("fragments longer than their message: declared=" + payload.length
					+ " received=" + ((long) this.payloadFilled + length)));
			this.skipping = !end;
			return true;
		}
		buffer.get(offset, payload, this.payloadFilled, length);
		this.payloadFilled += length;
		if (!end) {
			return true;
		}
		if (this.payloadFilled != payload.length) {
			drop(new FrameFormatException(
					"message ended short: declared=" + payload.length + " received=" + this.payloadFilled));
			return true;
		}
		this.payload = null;
		Frame frame;
		try {
			frame = FrameCodec.readHeader(this.header, 0, payload);
		}
		catch (FrameFormatException ex) {
			this.sink.onBadFrame(this.requestId, ex);
			return true;
		}
		return this.sink.onFrame(frame);
	}

	private void drop(RuntimeException problem) {
		this.payload = null;
		this.sink.onBadFrame(this.requestId, problem);
	}

	/**
	 * Receives what a {@link FrameAssembler} makes of the records it reads.
	 */
	interface FrameSink {

		/**
		 * A frame is complete.
		 * @param frame the frame
		 * @return whether to go on reading
		 */
		boolean onFrame(Frame frame);

		/**
		 * Bytes were dropped because they do not make a frame.
		 * @param requestId the request id from the dropped frame's header, or 0 when
		 * unknown
		 * @param problem what was wrong
		 */
		void onBadFrame(long requestId, RuntimeException problem);

	}

}
