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

/**
 * Layout of a record in a {@link OneToOneRing}. A record is a header followed by its body
 * and starts at an offset aligned to {@link #ALIGNMENT}; the space from the end of the
 * body to the next aligned offset is unused:
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                          Body Length                          |  0
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                             Flags                         |P|E|B|  4
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                        Body (0..n bytes)                     ... 8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 * <li>Body Length: the number of body bytes, without header or alignment.</li>
 * <li>Flags: {@link #FLAG_BEGIN} on the first fragment of a message, {@link #FLAG_END} on
 * the last, both on a message sent in one record; {@link #FLAG_PADDING} alone on a record
 * that only fills the end of the buffer because the next record would not fit there.</li>
 * </ul>
 *
 * The ring's producer position is published after a record is complete, so the header
 * needs no ordered store of its own.
 */
final class RecordDescriptor {

	/** Offset of the 32-bit body length. */
	static final int LENGTH_FIELD_OFFSET = 0;

	/** Offset of the 32-bit flags. */
	static final int FLAGS_FIELD_OFFSET = LENGTH_FIELD_OFFSET + Integer.BYTES;

	/** Length of the header; the body starts here. */
	static final int HEADER_LENGTH = FLAGS_FIELD_OFFSET + Integer.BYTES;

	/** Alignment of every record, so that headers can be read with aligned accesses. */
	static final int ALIGNMENT = 8;

	/** Flag: the record holds the first fragment of a message. */
	static final int FLAG_BEGIN = 0x1;

	/** Flag: the record holds the last fragment of a message. */
	static final int FLAG_END = 0x2;

	/** Flag: the record fills the end of the buffer and carries nothing. */
	static final int FLAG_PADDING = 0x4;

	/** Flags of a message that fits in one record. */
	static final int FLAGS_UNFRAGMENTED = FLAG_BEGIN | FLAG_END;

	private RecordDescriptor() {
	}

	/**
	 * Returns the space a record with a given body takes in the ring, alignment included.
	 * @param bodyLength the body length in bytes
	 * @return the aligned record length in bytes
	 */
	static int recordLength(int bodyLength) {
		return align(HEADER_LENGTH + bodyLength);
	}

	/**
	 * Rounds a length up to {@link #ALIGNMENT}.
	 * @param length the length in bytes
	 * @return the aligned length
	 */
	static int align(int length) {
		return (length + ALIGNMENT - 1) & -ALIGNMENT;
	}

	/**
	 * Checks the flags of a record that carries a message fragment.
	 * @param flags the flags
	 * @throws IllegalArgumentException when unknown bits or the padding flag are set
	 */
	static void checkFragmentFlags(int flags) {
		if ((flags & ~FLAGS_UNFRAGMENTED) != 0) {
			throw new IllegalArgumentException("bad record flags: flags=0x" + Integer.toHexString(flags));
		}
	}

}
