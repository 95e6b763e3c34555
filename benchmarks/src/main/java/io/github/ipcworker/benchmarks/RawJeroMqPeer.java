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
package io.github.ipcworker.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The raw JeroMQ baseline: a DEALER socket in this JVM and a ROUTER socket in a second
 * JVM ({@link RawJeroMqEchoMain}) that sends every message straight back, over
 * {@code tcp://127.0.0.1}. Bare JeroMQ: a message is one part holding the payload, with
 * no frame header, codec, dispatch or thread of ipc-worker's on either side. Both ends
 * wait in JeroMQ's blocking receive, and each JVM has JeroMQ's one I/O thread.
 *
 * <p>
 * The ROUTER binds a port the system picks and the DEALER connects, ZeroMQ's usual way
 * round and ipc-worker's. Both sockets give up on a handshake after
 * {@link #HANDSHAKE_TIMEOUT_MS}, as ipc-worker's do after theirs: with JeroMQ 0.6.0, a
 * few fresh loopback connections in a hundred stalled in their handshake in our tries,
 * and without a timeout such a connection stays silent for ever instead of being made
 * again.
 *
 * <p>
 * Not thread-safe: a JeroMQ socket belongs to one thread, so one thread sends and
 * receives.
 */
final class RawJeroMqPeer implements AutoCloseable {

	/** Where the echo's ROUTER binds: loopback, on a port the system picks. */
	static final String BIND_ENDPOINT = "tcp://127.0.0.1:*";

	/** How long either socket waits for a connection's handshake before it retries. */
	static final int HANDSHAKE_TIMEOUT_MS = 1000;

	private static final Duration ECHO_START_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration ECHO_EXIT_TIMEOUT = Duration.ofSeconds(5);

	private static final byte[] STOP = new byte[0];

	private final ZContext context;

	private final ZMQ.Socket dealer;

	private final JavaProcess echo;

	private RawJeroMqPeer(ZContext context, ZMQ.Socket dealer, JavaProcess echo) {
		this.context = context;
		this.dealer = dealer;
		this.echo = echo;
	}

	/**
	 * Starts the echo JVM and connects the DEALER to it.
	 * @param timeout how long a send or a receive may wait before it fails
	 * @return the peer; its first message leaves once the connection is up
	 * @throws IOException when the echo JVM cannot be started
	 * @throws InterruptedException when interrupted while the echo starts
	 */
	static RawJeroMqPeer start(Duration timeout) throws IOException, InterruptedException {
		JavaProcess echo = JavaProcess.start("jeromq-echo", RawJeroMqEchoMain.class, List.of(), List.of(BIND_ENDPOINT),
				RawJeroMqEchoMain.BOUND);
		ZContext context = null;
		try {
			echo.awaitMarker(ECHO_START_TIMEOUT);
			context = newContext("bench-jeromq");
			ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
			dealer.setLinger(0);
			dealer.setHandshakeIvl(HANDSHAKE_TIMEOUT_MS);
			dealer.setSendTimeOut((int) timeout.toMillis());
			dealer.setReceiveTimeOut((int) timeout.toMillis());
			if (!dealer.connect(echo.markerArgument())) {
				throw new IllegalStateException("raw JeroMQ: cannot connect to " + echo.markerArgument());
			}
			return new RawJeroMqPeer(context, dealer, echo);
		}
		catch (RuntimeException | InterruptedException ex) {
			echo.close();
			if (context != null) {
				context.close();
			}
			throw ex;
		}
	}

	/**
	 * Makes a context of one I/O thread with linger 0, whose threads are daemons, so that
	 * a failed benchmark cannot keep its JVM.
	 * @param threadPrefix the start of its threads' names
	 * @return the context
	 */
	static ZContext newContext(String threadPrefix) {
		ZContext context = new ZContext(1);
		context.setLinger(0);
		context.setThreadFactor((runnable, name) -> {
			Thread thread = new Thread(runnable, threadPrefix + "-" + name);
			thread.setDaemon(true);
			return thread;
		});
		return context;
	}

	/**
	 * Sends a message; JeroMQ takes the array as it is, without a copy.
	 * @param message the bytes, not empty
	 * @throws IllegalStateException when JeroMQ does not take it within the timeout
	 */
	void send(byte[] message) {
		if (!this.dealer.send(message, 0)) {
			throw new IllegalStateException("raw JeroMQ: could not send a message of " + message.length
					+ " bytes in time (errno " + this.dealer.errno() + ")");
		}
	}

	/**
	 * Receives the next answer.
	 * @return the answer
	 * @throws IllegalStateException when none arrives within the timeout
	 */
	byte[] receive() {
		byte[] answer = this.dealer.recv(0);
		if (answer == null) {
			throw new IllegalStateException("raw JeroMQ: no answer in time (errno " + this.dealer.errno() + ")");
		}
		return answer;
	}

	/**
	 * Sends a message and waits for its echo.
	 * @param message the bytes, not empty
	 * @return the answer
	 */
	byte[] roundTrip(byte[] message) {
		send(message);
		return receive();
	}

	/**
	 * Asks the echo to close its socket and context and exit, waits for it (killing it if
	 * it does not exit), then closes this end's socket and context.
	 */
	@Override
	public void close() {
		try {
			if (this.echo.process().isAlive() && this.dealer.send(STOP, ZMQ.DONTWAIT)) {
				this.echo.process().waitFor(ECHO_EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.echo.close();
			this.context.destroySocket(this.dealer);
			this.context.close();
		}
	}

}
