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
package io.github.ipcworker.transport;

import java.io.Closeable;

import io.github.ipcworker.protocol.Frame;
import org.jspecify.annotations.Nullable;

/**
 * The worker process's end of its connection to the parent. Used by one thread: the
 * worker's serving loop.
 */
public interface ChildLink extends Closeable {

	/**
	 * Waits for the next frame from the parent. Spins briefly, then sleeps without using
	 * CPU until a frame arrives or the timeout passes.
	 * @param timeoutNs how long to wait, in nanoseconds
	 * @return the frame, or {@code null} when the timeout passed
	 * @throws LinkClosedException when the parent's end is gone
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Nullable Frame receive(long timeoutNs) throws InterruptedException;

	/**
	 * Returns the next frame if one is there, without waiting.
	 * @return the frame, or {@code null}
	 * @throws LinkClosedException when the parent's end is gone
	 */
	@Nullable Frame poll();

	/**
	 * Sends a frame to the parent, waiting while the outgoing buffer is full.
	 * @param frame the frame
	 * @throws LinkClosedException when the parent's end is gone
	 * @throws InterruptedException when interrupted while waiting
	 */
	void send(Frame frame) throws InterruptedException;

	/**
	 * Sets who hears of frames from the parent that were dropped because they do not
	 * parse, so that the request they belonged to can still be answered. Called on the
	 * receiving thread, from within {@link #receive(long)} or {@link #poll()}.
	 * @param listener the listener, given the request id read from the frame (0 when
	 * unknown) and the problem
	 */
	void onBadFrame(BadFrameListener listener);

	/**
	 * Hears of frames that were dropped because they do not parse.
	 */
	@FunctionalInterface
	interface BadFrameListener {

		/**
		 * A frame was dropped.
		 * @param requestId the request id read from its header, or 0 when unknown
		 * @param problem what was wrong
		 */
		void onBadFrame(long requestId, RuntimeException problem);

	}

	/**
	 * Releases the link. Idempotent.
	 */
	@Override
	void close();

}
