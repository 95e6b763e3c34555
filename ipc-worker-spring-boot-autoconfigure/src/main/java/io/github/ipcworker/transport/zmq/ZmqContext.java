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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A JeroMQ context whose own threads (one I/O thread and the reaper) are named after
 * their owner and joined on {@link #close()}, so that none outlives the transport or link
 * that made it. Sockets are closed by the threads that own them before the context is
 * closed; the context's linger is 0, so terminating it does not wait for unsent messages.
 */
final class ZmqContext implements Closeable {

	/**
	 * How long {@link #close()} waits for each JeroMQ thread to end, in ms.
	 */
	static final long THREAD_JOIN_TIMEOUT_MS = 2_000L;

	private static final Log logger = LogFactory.getLog(ZmqContext.class);

	private final ZContext context;

	private final List<Thread> threads = new CopyOnWriteArrayList<>();

	/**
	 * Creates a context.
	 * @param threadPrefix the start of its threads' names
	 */
	ZmqContext(String threadPrefix) {
		this.context = new ZContext(1);
		this.context.setLinger(0);
		// Threads start with the first socket, so the factory is in place before them.
		this.context.setThreadFactor((runnable, name) -> {
			Thread thread = new Thread(runnable, threadPrefix + "-jeromq-" + name);
			thread.setDaemon(true);
			this.threads.add(thread);
			return thread;
		});
		this.context.setUncaughtExceptionHandler(
				(thread, ex) -> logger.error("JeroMQ thread " + thread.getName() + " failed", ex));
		this.context.setNotificationExceptionHandler(
				(thread, ex) -> logger.error("JeroMQ thread " + thread.getName() + " failed to notify", ex));
	}

	/**
	 * Creates a socket with linger 0: a closed socket drops what it has not sent.
	 * @param type the socket type
	 * @return the socket, owned from now on by the calling thread or by one it hands it
	 * to
	 */
	ZMQ.Socket createSocket(SocketType type) {
		ZMQ.Socket socket = this.context.createSocket(type);
		socket.setLinger(0);
		return socket;
	}

	/**
	 * Terminates the context and waits for its threads. Every socket must be closed
	 * first, or termination waits for it.
	 */
	@Override
	public void close() {
		this.context.close();
		for (Thread thread : this.threads) {
			try {
				thread.join(THREAD_JOIN_TIMEOUT_MS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (thread.isAlive()) {
				logger.warn("JeroMQ thread " + thread.getName() + " did not end within " + THREAD_JOIN_TIMEOUT_MS
						+ " ms of closing its context");
			}
		}
	}

}
