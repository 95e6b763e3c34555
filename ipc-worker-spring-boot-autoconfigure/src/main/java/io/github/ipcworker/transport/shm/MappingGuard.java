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

import java.nio.MappedByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unmaps a link's buffer once the link is closed and no thread touches the buffer any
 * more: touching unmapped memory crashes the JVM, so an explicit unmap must come after
 * the last access, whichever thread makes it and however long it takes.
 *
 * <p>
 * Every access to the buffer after the link was published happens between
 * {@link #enter()} and {@link #exit()}: the reader thread for its whole life, a caller
 * reading inline, a sender for the whole frame, including its waits for room, and the
 * wake-up check before a doorbell is rung. {@link #close()} refuses new entries; the
 * buffer is unmapped by whoever comes last, {@code close()} when nobody is inside, else
 * the last thread to {@code exit()}. A thread blocked inside (in a listener, say) only
 * delays the unmap, and a link closed from inside one of its own accesses (a listener
 * closing it) is unmapped when that access ends.
 *
 * <p>
 * One atomic counter holds both: bit 0 is set once closed, the rest counts the threads
 * inside. Entering adds to it and then looks at bit 0, closing sets bit 0 and then looks
 * at the count, each with one atomic read-modify-write, so of a thread entering and a
 * thread closing at least one sees the other: either the entering thread sees the link
 * closed and leaves without touching the buffer, or the closing thread sees it inside and
 * leaves the unmap to it.
 */
final class MappingGuard {

	private static final int CLOSED = 1;

	private static final int INSIDE = 2;

	private final MappedByteBuffer buffer;

	private final AtomicInteger state = new AtomicInteger();

	private final AtomicBoolean released = new AtomicBoolean();

	/**
	 * Guards a buffer.
	 * @param buffer the buffer {@code FileChannel.map} returned
	 */
	MappingGuard(MappedByteBuffer buffer) {
		this.buffer = buffer;
	}

	/**
	 * Lets the calling thread touch the buffer until it calls {@link #exit()}, which it
	 * must do, in a {@code finally} block.
	 * @return {@code false} when the guard is closed: the buffer must not be touched, and
	 * {@link #exit()} must not be called
	 */
	boolean enter() {
		if ((this.state.addAndGet(INSIDE) & CLOSED) != 0) {
			exit();
			return false;
		}
		return true;
	}

	/**
	 * Tells that the calling thread no longer touches the buffer; unmaps it when the
	 * guard is closed and this was the last thread inside.
	 */
	void exit() {
		if (this.state.addAndGet(-INSIDE) == CLOSED) {
			release();
		}
	}

	/**
	 * Refuses new entries and unmaps the buffer now if no thread is inside, else when the
	 * last one exits. Idempotent.
	 */
	void close() {
		if (this.state.getAndUpdate((state) -> state | CLOSED) == 0) {
			release();
		}
	}

	/**
	 * Returns whether the buffer was unmapped, or left to the garbage collector.
	 * @return whether the guard released the buffer
	 */
	boolean isReleased() {
		return this.released.get();
	}

	private void release() {
		if (this.released.compareAndSet(false, true)) {
			Unmapper.unmap(this.buffer);
		}
	}

}
