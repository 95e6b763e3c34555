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

import org.jspecify.annotations.Nullable;

/**
 * The kinds of frame exchanged between a group and its worker processes, with their wire
 * ids. Ids are never reused; a receiver drops a frame whose id it does not know.
 */
public enum FrameType {

	/** Parent to worker: a request; the payload is the encoded request. */
	REQUEST(0x01),

	/**
	 * Worker to parent: the single response to a request; the payload is the encoded
	 * response and the execution time is set.
	 */
	RESPONSE(0x02),

	/**
	 * Worker to parent: one item of a streamed response; the sequence numbers items from
	 * 0.
	 */
	STREAM_ITEM(0x03),

	/**
	 * Worker to parent: a streamed response is complete; the sequence holds the item
	 * count and the execution time is set.
	 */
	STREAM_END(0x04),

	/**
	 * Worker to parent: a request failed; the payload is a {@link RemoteErrorCodec remote
	 * error} and the sequence holds the number of stream items sent before it.
	 */
	ERROR(0x05),

	/** Parent to worker: the caller no longer wants the answer to a request. */
	CANCEL(0x06),

	/** Parent to worker: finish and exit. */
	SHUTDOWN(0x07),

	/**
	 * Worker to parent: the worker has started and serves requests; the payload is a
	 * {@link ReadyInfo}.
	 */
	READY(0x08),

	/** Either way: a sign of life on transports that cannot see the peer's process. */
	HEARTBEAT(0x09),

	/**
	 * Worker to parent: the worker could not start; the payload is a remote error whose
	 * message is the worker's own error text.
	 */
	BOOT_FAILED(0x0A),

	/**
	 * Parent to worker: permission to send the given number (in the sequence field) of
	 * further stream items for a request.
	 */
	CREDIT(0x0B);

	private static final FrameType[] BY_ID = new FrameType[16];

	static {
		for (FrameType type : values()) {
			BY_ID[type.id] = type;
		}
	}

	private final int id;

	FrameType(int id) {
		this.id = id;
	}

	/**
	 * Returns the id of this type on the wire.
	 * @return the id
	 */
	public int id() {
		return this.id;
	}

	/**
	 * Returns the type with the given wire id.
	 * @param id the id read from a frame
	 * @return the type, or {@code null} for an unknown id
	 */
	public static @Nullable FrameType fromId(int id) {
		return (id >= 0 && id < BY_ID.length) ? BY_ID[id] : null;
	}

}
