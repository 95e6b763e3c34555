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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A bare JeroMQ socket in a context of its own, playing a broken or hostile peer in
 * tests: it sends whatever parts it is given. Used by the test thread only.
 */
final class RawPeer implements AutoCloseable {

	private final ZContext context = new ZContext(1);

	private final ZMQ.Socket socket;

	private RawPeer(SocketType type) {
		this.context.setLinger(0);
		this.socket = this.context.createSocket(type);
		this.socket.setLinger(0);
		// As the transport does: JeroMQ now and then leaves a handshake hanging.
		this.socket.setHandshakeIvl(1000);
	}

	/**
	 * Connects a DEALER socket.
	 * @param endpoint where to
	 * @param routingId its routing id
	 * @param curve the server's public key and this peer's key pair, or {@code null}
	 * @return the peer
	 */
	static RawPeer dealer(String endpoint, String routingId, @Nullable CurveClient curve) {
		RawPeer peer = new RawPeer(SocketType.DEALER);
		peer.socket.setIdentity(routingId.getBytes(StandardCharsets.US_ASCII));
		peer.socket.setReconnectIVL(50);
		if (curve != null) {
			peer.socket.setCurveServerKey(ZMQ.Curve.z85Decode(curve.serverPublicKey()));
			peer.socket.setCurvePublicKey(ZMQ.Curve.z85Decode(curve.keys().publicKey()));
			peer.socket.setCurveSecretKey(ZMQ.Curve.z85Decode(curve.keys().secretKey()));
		}
		peer.socket.connect(endpoint);
		return peer;
	}

	/**
	 * Binds a ROUTER socket on a loopback port the system picks.
	 * @return the peer
	 */
	static RawPeer router() {
		RawPeer peer = new RawPeer(SocketType.ROUTER);
		peer.socket.bind("tcp://127.0.0.1:*");
		return peer;
	}

	/**
	 * Returns where a bound peer listens.
	 * @return the endpoint
	 */
	String endpoint() {
		return this.socket.getLastEndpoint();
	}

	/**
	 * Sends a message of any parts.
	 * @param parts the parts
	 */
	void send(byte[]... parts) {
		for (int i = 0; i < parts.length; i++) {
			this.socket.send(parts[i], (i < parts.length - 1) ? ZMQ.SNDMORE : 0);
		}
	}

	/**
	 * Sends a frame the way the transport does.
	 * @param routingId the routing id to put first, on a ROUTER, or {@code null}
	 * @param frame the frame
	 */
	void sendFrame(byte @Nullable [] routingId, Frame frame) {
		byte[] header = ZmqMessages.header(frame);
		if (routingId != null) {
			send(routingId, header, frame.payload());
		}
		else {
			send(header, frame.payload());
		}
	}

	/**
	 * Sends a READY frame, as a worker joining on its own does.
	 */
	void sendReady() {
		sendFrame(null, Frame.of(FrameType.READY, 0, 0, 0L, new byte[0]));
	}

	/**
	 * Waits for a message.
	 * @param timeoutMs how long, in milliseconds
	 * @return its parts, or an empty list when none came
	 */
	List<byte[]> receive(int timeoutMs) {
		this.socket.setReceiveTimeOut(timeoutMs);
		List<byte[]> parts = new ArrayList<>();
		byte[] part = this.socket.recv();
		while (part != null) {
			parts.add(part);
			part = this.socket.hasReceiveMore() ? this.socket.recv() : null;
		}
		return parts;
	}

	@Override
	public void close() {
		this.socket.close();
		this.context.close();
	}

	/**
	 * CURVE keys of a client.
	 *
	 * @param serverPublicKey the server's public key
	 * @param keys the client's key pair
	 */
	record CurveClient(String serverPublicKey, CurveKeys keys) {

	}

}
