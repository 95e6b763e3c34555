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
import java.util.Locale;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Producer side of frames over a {@link OneToOneRing}: writes a frame, encoded straight
 * into the ring, as one record, or as several fragments when it is longer than a record
 * body may be. The whole frame header goes into the first fragment, so that the reader
 * can size the message from it. A frame may be far larger than the ring: it is written
 * piece by piece as the reader frees room. Not thread-safe.
 */
final class FrameFragmenter {

	private final OneToOneRing ring;

	private final int maxMessageSize;

	private final @Nullable String group;

	private @Nullable Frame frame;

	private boolean headerWritten;

	private int payloadWritten;

	/**
	 * Creates the producer side of a ring.
	 * @param ring the ring
	 * @param maxMessageSize the largest frame, header included, in bytes
	 * @param group the group name for error messages, or {@code null}
	 */
	FrameFragmenter(OneToOneRing ring, int maxMessageSize, @Nullable String group) {
		this.ring = ring;
		this.maxMessageSize = maxMessageSize;
		this.group = group;
	}

	/**
	 * Starts writing a frame; {@link #writeAvailable()} writes it.
	 * @param frame the frame
	 * @throws IpcMessageTooLargeException when the frame is larger than the maximum
	 * message size
	 * @throws IllegalStateException when the previous frame is not finished or abandoned
	 */
	void begin(Frame frame) {
		long size = (long) FrameDescriptor.HEADER_LENGTH + frame.payload().length;
		if (size > this.maxMessageSize) {
			throw new IpcMessageTooLargeException(this.group, describe(frame), size, this.maxMessageSize);
		}
		if (this.frame != null) {
			throw new IllegalStateException("previous frame not finished: " + this.frame);
		}
		this.frame = frame;
		this.headerWritten = false;
		this.payloadWritten = 0;
	}

	/**
	 * Writes as much of the current frame as the ring has room for.
	 * @return {@code true} when the whole frame is written, {@code false} when the ring
	 * is full and the rest must wait
	 * @throws IllegalStateException when no frame was begun
	 */
	boolean writeAvailable() {
		Frame frame = this.frame;
		if (frame == null) {
			throw new IllegalStateException("no frame begun");
		}
		byte[] payload = frame.payload();
		ByteBuffer buffer = this.ring.buffer();
		while (true) {
			int headerLength = this.headerWritten ? 0 : FrameDescriptor.HEADER_LENGTH;
			int chunk = Math.min(payload.length - this.payloadWritten, this.ring.maxBodyLength() - headerLength);
			int bodyOffset = this.ring.tryClaim(headerLength + chunk);
			if (bodyOffset == OneToOneRing.INSUFFICIENT_CAPACITY) {
				return false;
			}
			int flags = 0;
			if (headerLength > 0) {
				FrameCodec.writeHeader(buffer, bodyOffset, frame);
				this.headerWritten = true;
				flags = RecordDescriptor.FLAG_BEGIN;
			}
			buffer.put(bodyOffset + headerLength, payload, this.payloadWritten, chunk);
			this.payloadWritten += chunk;
			boolean last = this.payloadWritten == payload.length;
			this.ring.commit(last ? flags | RecordDescriptor.FLAG_END : flags);
			if (last) {
				this.frame = null;
				return true;
			}
		}
	}

	/**
	 * Gives up the current frame, if any. Fragments already written stay in the ring: the
	 * reader drops them, with a report, when the next frame begins.
	 */
	void abandon() {
		this.frame = null;
	}

	private static String describe(Frame frame) {
		return frame.type().name().toLowerCase(Locale.ROOT).replace('_', ' ');
	}

}
