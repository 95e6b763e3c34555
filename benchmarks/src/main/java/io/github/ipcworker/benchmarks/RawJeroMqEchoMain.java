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

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The other end of the raw JeroMQ baseline ({@link RawJeroMqPeer}): a ROUTER socket that
 * binds, writes its endpoint after {@link #BOUND}, and sends each message back to the
 * peer it came from, waiting in JeroMQ's blocking receive in between, until an empty
 * message. Then it closes its socket and context (linger 0) and exits; the end of its
 * standard input ends it too, should its parent die first.
 */
public final class RawJeroMqEchoMain {

	/** The start of the line written once the socket is bound; the endpoint follows. */
	public static final String BOUND = "@bench-jeromq-bound";

	private RawJeroMqEchoMain() {
	}

	/**
	 * Echoes.
	 * @param args the endpoint to bind, such as {@code tcp://127.0.0.1:*}
	 */
	public static void main(String[] args) {
		ChildMains.exitWhenParentCloses();
		try (ZContext context = RawJeroMqPeer.newContext("jeromq-echo")) {
			ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
			router.setLinger(0);
			router.setHandshakeIvl(RawJeroMqPeer.HANDSHAKE_TIMEOUT_MS);
			if (!router.bind(args[0])) {
				throw new IllegalStateException("cannot bind " + args[0]);
			}
			System.out.println(BOUND + " " + router.getLastEndpoint());
			System.out.flush();
			while (true) {
				byte[] routingId = router.recv(0);
				byte[] message = (routingId != null) ? router.recv(0) : null;
				if (message == null || message.length == 0) {
					break;
				}
				router.send(routingId, ZMQ.SNDMORE);
				router.send(message, 0);
			}
			context.destroySocket(router);
		}
		System.exit(0);
	}

}
