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
package io.github.ipcworker.transport.zmq;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.locks.LockSupport;

import org.zeromq.ZMQ;

/**
 * Sleeps until one of some ZeroMQ sockets may have something to receive, a timeout
 * passes, or another thread calls {@link #wakeUp()}.
 *
 * <p>
 * Each socket's {@link ZMQ.Socket#getFD() descriptor} is registered with a selector of
 * this class's own. The descriptor only says that the socket has commands to process, not
 * that a message is waiting: after waking, the owner asks {@link ZMQ.Socket#getEvents()}
 * and receives until it reports nothing more, and only then sleeps again (ZeroMQ's
 * {@code ZMQ_FD} contract). Sending processes commands too, so a send after that check
 * may take the signal of a message that arrived meanwhile: the owner asks again before it
 * sleeps.
 *
 * <p>
 * A readable descriptor may also be a signal JeroMQ does not take yet: its sender writes
 * the signal byte first and counts it after, and until it counts it, JeroMQ (0.6.0)
 * leaves the byte in the pipe, which stays readable. A sender preempted in between, as it
 * often is on a busy machine (the write wakes the receiver), would make the owner spin on
 * the descriptor until the scheduler's next tick (several milliseconds) and starve the
 * very sender it waits for. So an owner that woke on a descriptor and found nothing says
 * so with {@link #turnDone(boolean, boolean)}, and the next {@link #await(long)} first
 * sleeps a moment, longer each time in a row, giving the sender the CPU.
 *
 * <p>
 * Why not a ZeroMQ wake-up socket: a thread that sends on any JeroMQ socket writes to a
 * NIO pipe, and a thread interrupted at that moment closes the pipe for good (JeroMQ is
 * not interrupt-safe). Callers of a link are application threads that may be interrupted
 * at any time; {@link Selector#wakeup()} is safe from any thread, interrupted or not, and
 * is remembered when nobody sleeps yet.
 */
final class SocketSelector implements Closeable {

	/** First pause after a fruitless wake-up, in nanoseconds. */
	static final long MIN_PAUSE_NS = 5_000L;

	/** Longest pause after fruitless wake-ups in a row, in nanoseconds. */
	static final long MAX_PAUSE_NS = 500_000L;

	private final Selector selector;

	/** Owner's thread only: fruitless wake-ups in a row. */
	private int fruitless;

	/**
	 * Registers the sockets. Called by the thread that owns them.
	 * @param sockets the sockets
	 * @throws IOException when the selector cannot be opened
	 */
	SocketSelector(ZMQ.Socket... sockets) throws IOException {
		this.selector = Selector.open();
		try {
			for (ZMQ.Socket socket : sockets) {
				socket.getFD().register(this.selector, SelectionKey.OP_READ);
			}
		}
		catch (IOException | RuntimeException ex) {
			this.selector.close();
			throw ex;
		}
	}

	/**
	 * Sleeps until a socket may have news, the timeout passes or {@link #wakeUp()} is
	 * called. Never interrupted: the owning thread is not interrupted by design.
	 * @param timeoutMs how long to sleep at most, in milliseconds; 0 only checks
	 * @return whether a socket's descriptor was readable
	 */
	boolean await(long timeoutMs) {
		long pauseNs = pauseNs();
		if (pauseNs > 0) {
			LockSupport.parkNanos(pauseNs);
		}
		try {
			int ready = (timeoutMs <= 0) ? this.selector.selectNow() : this.selector.select(timeoutMs);
			this.selector.selectedKeys().clear();
			return ready > 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Tells whether the turn after the last {@link #await(long)} found anything to do.
	 * Called by the owner's thread.
	 * @param readable what that {@code await} returned
	 * @param progress whether the turn received or sent anything
	 */
	void turnDone(boolean readable, boolean progress) {
		this.fruitless = (readable && !progress) ? this.fruitless + 1 : 0;
	}

	/**
	 * Returns how long the next {@link #await(long)} sleeps before it looks.
	 * @return the pause in nanoseconds, 0 when the last turn was not fruitless
	 */
	long pauseNs() {
		return (this.fruitless == 0) ? 0 : Math.min(MAX_PAUSE_NS, MIN_PAUSE_NS << Math.min(this.fruitless - 1, 16));
	}

	/**
	 * Ends the current or the next {@link #await(long)} at once. Safe from any thread.
	 */
	void wakeUp() {
		this.selector.wakeup();
	}

	@Override
	public void close() {
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// Nothing left to release.
		}
	}

}
