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
 * Why not a ZeroMQ wake-up socket: a thread that sends on any JeroMQ socket writes to a
 * NIO pipe, and a thread interrupted at that moment closes the pipe for good (JeroMQ is
 * not interrupt-safe). Callers of a link are application threads that may be interrupted
 * at any time; {@link Selector#wakeup()} is safe from any thread, interrupted or not, and
 * is remembered when nobody sleeps yet.
 */
final class SocketSelector implements Closeable {

	private final Selector selector;

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
	 */
	void await(long timeoutMs) {
		try {
			if (timeoutMs <= 0) {
				this.selector.selectNow();
			}
			else {
				this.selector.select(timeoutMs);
			}
			this.selector.selectedKeys().clear();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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
