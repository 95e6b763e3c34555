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
import java.time.Duration;
import java.util.Map;

import io.github.ipcworker.protocol.Frame;

/**
 * The parent's end of the connection to one worker process. Created before the process
 * starts, so that its {@link #childSettings() settings} can be handed to the process.
 */
public interface WorkerLink extends Closeable {

	/**
	 * Key of the transport's name in {@link #childSettings()}, from which the worker
	 * process tells which transport to connect with.
	 */
	String TRANSPORT_KEY = "transport";

	/**
	 * Returns what the worker process needs to connect its end, for example the path of a
	 * shared-memory file. Passed to the worker in its launch specification, where the
	 * transport named under {@link #TRANSPORT_KEY} connects the worker's end from them.
	 * @return the settings, including {@link #TRANSPORT_KEY}
	 */
	Map<String, String> childSettings();

	/**
	 * Starts delivering the worker's frames to a listener, on a thread of the link's own.
	 * @param listener the listener
	 */
	void start(FrameListener listener);

	/**
	 * Sends a frame. Thread-safe. Waits while the link's outgoing buffer is full.
	 * @param frame the frame
	 * @param timeout how long to wait for room at most
	 * @throws LinkClosedException when the link is closed, before or while waiting
	 * @throws java.util.concurrent.TimeoutException when no room was found in time
	 * @throws InterruptedException when interrupted while waiting
	 */
	void send(Frame frame, Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException;

	/**
	 * Sends a frame only if that takes no waiting: nothing else is being sent and the
	 * whole frame fits at once. Never sends part of a frame. For threads that must not
	 * block, such as the one that completes answers and moves the next queued request on.
	 * @param frame the frame
	 * @return whether the frame was sent; when not, nothing of it was
	 * @throws LinkClosedException when the link is closed
	 */
	default boolean trySend(Frame frame) {
		return false;
	}

	/**
	 * Lets a caller that waits for an answer read the link on its own thread, delivering
	 * every frame that arrives to the listener exactly as the link's own reader would,
	 * until {@code done} holds or {@code maxNs} passes. On a fast link this saves the
	 * hand-off from the reader thread to the caller, and on a machine with few cores it
	 * keeps the number of spinning threads down. One caller reads at a time; the others
	 * return at once and wait as usual.
	 * @param done tells when the caller has its answer
	 * @param maxNs how long to read at most, in nanoseconds
	 * @return whether {@code done} holds on return
	 */
	default boolean awaitInline(java.util.function.BooleanSupplier done, long maxNs) {
		return done.getAsBoolean();
	}

	/**
	 * Releases everything the link holds: threads, sockets, mapped files. Idempotent. A
	 * sender waiting for room fails with {@link LinkClosedException}.
	 */
	@Override
	void close();

}
