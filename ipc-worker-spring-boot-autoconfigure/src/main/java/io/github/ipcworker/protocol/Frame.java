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

/**
 * One decoded frame; see {@link FrameDescriptor} for the fields. The payload array is
 * shared, not copied: whoever builds a frame hands its payload over.
 *
 * @param type the kind of frame
 * @param flags payload flags ({@link FrameDescriptor#FLAG_RAW},
 * {@link FrameDescriptor#FLAG_NULL})
 * @param workerIndex the worker's index in its group
 * @param requestId the request the frame belongs to, or 0
 * @param sequence the stream item number, item count or credit, by type
 * @param executionTimeNs nanoseconds the handler ran, measured in the worker
 * @param payload the payload bytes
 */
public record Frame(FrameType type, int flags, int workerIndex, long requestId, long sequence, long executionTimeNs,
		byte[] payload) {

	private static final byte[] EMPTY = new byte[0];

	/**
	 * Creates a frame without payload.
	 * @param type the kind of frame
	 * @param workerIndex the worker's index
	 * @param requestId the request id, or 0
	 * @return the frame
	 */
	public static Frame of(FrameType type, int workerIndex, long requestId) {
		return new Frame(type, 0, workerIndex, requestId, 0, 0, EMPTY);
	}

	/**
	 * Creates a frame with a payload.
	 * @param type the kind of frame
	 * @param flags the payload flags
	 * @param workerIndex the worker's index
	 * @param requestId the request id, or 0
	 * @param payload the payload, handed over
	 * @return the frame
	 */
	public static Frame of(FrameType type, int flags, int workerIndex, long requestId, byte[] payload) {
		return new Frame(type, flags, workerIndex, requestId, 0, 0, payload);
	}

	/**
	 * Returns the length of this frame on the wire, header included.
	 * @return the encoded length in bytes
	 */
	public int encodedLength() {
		return FrameDescriptor.HEADER_LENGTH + this.payload.length;
	}

	/**
	 * Returns whether a flag is set.
	 * @param flag the flag
	 * @return whether it is set
	 */
	public boolean hasFlag(int flag) {
		return (this.flags & flag) != 0;
	}

	@Override
	public String toString() {
		return "Frame[" + this.type + " worker=" + this.workerIndex + " request=" + this.requestId + " seq="
				+ this.sequence + " flags=0x" + Integer.toHexString(this.flags) + " payload=" + this.payload.length
				+ "B]";
	}

}
