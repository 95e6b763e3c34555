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
 * Layout of a frame, the unit every transport carries between a group and a worker. All
 * integers are little-endian. A frame is a fixed header followed by the payload:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |    Version    |     Type      |             Flags             |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Worker Index                          |  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  8
 *  +                          Request Id                           +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               | 16
 *  +                           Sequence                            +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               | 24
 *  +                     Execution Time (ns)                       +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Payload Length                         | 32
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                           Reserved                            | 36
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Payload (0..n bytes)                   ... 40
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 * <li>Version: {@link #PROTOCOL_VERSION} of the sender; a frame of another version is
 * rejected.</li>
 * <li>Type: a {@link FrameType} id.</li>
 * <li>Flags: {@link #FLAG_RAW} and {@link #FLAG_NULL}, describing the payload;
 * {@link #FLAG_STREAM} on a request whose caller reads a stream; {@link #FLAG_CONTEXT} on
 * a request that carries its caller's context in front of its payload.</li>
 * <li>Worker Index: the worker's index in its group.</li>
 * <li>Request Id: the request the frame belongs to, unique within a parent JVM; 0 for
 * frames that concern no request.</li>
 * <li>Sequence: stream item number, item count or credit, by type; on a streamed request,
 * the number of items the worker may send before it waits for credit.</li>
 * <li>Execution Time: nanoseconds the handler ran, measured in the worker.</li>
 * <li>Payload Length: the number of payload bytes that follow the header.</li>
 * <li>Reserved: zero.</li>
 * </ul>
 */
public final class FrameDescriptor {

	/** Version of this layout and of the frame semantics. */
	public static final int PROTOCOL_VERSION = 1;

	/** Offset of the version byte. */
	public static final int VERSION_FIELD_OFFSET = 0;

	/** Offset of the type byte. */
	public static final int TYPE_FIELD_OFFSET = VERSION_FIELD_OFFSET + Byte.BYTES;

	/** Offset of the 16-bit flags. */
	public static final int FLAGS_FIELD_OFFSET = TYPE_FIELD_OFFSET + Byte.BYTES;

	/** Offset of the 32-bit worker index. */
	public static final int WORKER_INDEX_FIELD_OFFSET = FLAGS_FIELD_OFFSET + Short.BYTES;

	/** Offset of the 64-bit request id. */
	public static final int REQUEST_ID_FIELD_OFFSET = WORKER_INDEX_FIELD_OFFSET + Integer.BYTES;

	/** Offset of the 64-bit sequence. */
	public static final int SEQUENCE_FIELD_OFFSET = REQUEST_ID_FIELD_OFFSET + Long.BYTES;

	/** Offset of the 64-bit execution time in nanoseconds. */
	public static final int EXECUTION_TIME_FIELD_OFFSET = SEQUENCE_FIELD_OFFSET + Long.BYTES;

	/** Offset of the 32-bit payload length. */
	public static final int PAYLOAD_LENGTH_FIELD_OFFSET = EXECUTION_TIME_FIELD_OFFSET + Long.BYTES;

	/** Offset of the 32-bit reserved field. */
	public static final int RESERVED_FIELD_OFFSET = PAYLOAD_LENGTH_FIELD_OFFSET + Integer.BYTES;

	/** Length of the header; the payload starts here. */
	public static final int HEADER_LENGTH = RESERVED_FIELD_OFFSET + Integer.BYTES;

	/** Flag: the payload is a {@code byte[]} value passed through without the codec. */
	public static final int FLAG_RAW = 0x1;

	/** Flag: the value is {@code null}; the payload is empty. */
	public static final int FLAG_NULL = 0x2;

	/**
	 * Flag on a request: the caller reads the answer as a stream, with flow control; the
	 * sequence holds the worker's initial credit.
	 */
	public static final int FLAG_STREAM = 0x4;

	/**
	 * Flag on a request: the payload starts with the caller's context (its trace), laid
	 * out by {@code io.github.ipcworker.context.ContextCodec}.
	 */
	public static final int FLAG_CONTEXT = 0x8;

	private static final int KNOWN_FLAGS = FLAG_RAW | FLAG_NULL | FLAG_STREAM | FLAG_CONTEXT;

	private FrameDescriptor() {
	}

	/**
	 * Checks that flags read from a frame are known.
	 * @param flags the flags
	 * @throws FrameFormatException when unknown bits are set
	 */
	public static void checkFlags(int flags) {
		if ((flags & ~KNOWN_FLAGS) != 0) {
			throw new FrameFormatException("unknown frame flags: flags=0x" + Integer.toHexString(flags));
		}
	}

}
