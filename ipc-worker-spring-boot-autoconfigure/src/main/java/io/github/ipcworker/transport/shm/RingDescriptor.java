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
 * Layout of the control block in front of each ring's data. Each field sits alone in a
 * region of {@link #FIELD_REGION_LENGTH} bytes: the producer and the consumer write
 * different fields, and two cache lines per field keep the adjacent-line prefetcher from
 * making them share one anyway.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |    0
 *  +                        Head Position                          +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      (unused to 128)                         ...   8
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |  128
 *  +                        Tail Position                          +
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      (unused to 256)                         ...  136
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                       Consumer Sleeping                       |  256
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                      (unused to 384)                         ...  260
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                    Data (capacity bytes)                     ...  384
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 * <li>Head Position: bytes consumed since the ring was created; written by the consumer
 * only.</li>
 * <li>Tail Position: bytes produced since the ring was created; written by the producer
 * only. A record at position {@code p} starts at data offset
 * {@code p & (capacity - 1)}.</li>
 * <li>Consumer Sleeping: 1 while the consumer sleeps on the doorbell, else 0. Set by the
 * consumer, cleared by whichever side wakes it.</li>
 * </ul>
 *
 * Positions are 64-bit and only grow, so they never wrap in practice (at 10 GB/s a ring
 * would need 58 years).
 */
final class RingDescriptor {

	/** Length of a cache line on the machines the transport targets. */
	static final int CACHE_LINE_LENGTH = 64;

	/** Space reserved for each field of the control block. */
	static final int FIELD_REGION_LENGTH = 2 * CACHE_LINE_LENGTH;

	/** Offset of the 64-bit head (consumer) position. */
	static final int HEAD_POSITION_FIELD_OFFSET = 0;

	/** Offset of the 64-bit tail (producer) position. */
	static final int TAIL_POSITION_FIELD_OFFSET = HEAD_POSITION_FIELD_OFFSET + FIELD_REGION_LENGTH;

	/** Offset of the 32-bit consumer-sleeping flag. */
	static final int CONSUMER_SLEEPING_FIELD_OFFSET = TAIL_POSITION_FIELD_OFFSET + FIELD_REGION_LENGTH;

	/** Length of the control block; the ring's data starts here. */
	static final int CONTROL_LENGTH = CONSUMER_SLEEPING_FIELD_OFFSET + FIELD_REGION_LENGTH;

	private RingDescriptor() {
	}

	/**
	 * Returns the length of a whole ring, control block and data.
	 * @param capacity the data capacity in bytes
	 * @return the length in bytes
	 */
	static int ringLength(int capacity) {
		return CONTROL_LENGTH + capacity;
	}

}
