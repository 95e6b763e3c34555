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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameCodec;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;
import zmq.Msg;
import zmq.ZError;
import zmq.io.Metadata;

/**
 * Layout of the ZeroMQ messages between a group's ROUTER socket and its workers' DEALER
 * sockets, and the code that writes and reads them. ZeroMQ delivers all parts of a
 * message or none. A {@link Frame} travels as two parts:
 *
 * <pre>
 *  +------------------------------------+
 *  | Routing Id (1..255 bytes)          |  part 0, ROUTER side only
 *  +------------------------------------+
 *  | Frame Header (40 bytes)            |  part 1
 *  +------------------------------------+
 *  | Payload (0..n bytes)               |  part 2
 *  +------------------------------------+
 * </pre>
 *
 * <ul>
 * <li>Routing Id: the worker's identity. The ROUTER consumes it to pick the connection
 * when sending and adds it when receiving; the DEALER never sees it.</li>
 * <li>Frame Header: exactly {@link FrameDescriptor#HEADER_LENGTH} bytes laid out by
 * {@link FrameDescriptor}, the Payload Length field included.</li>
 * <li>Payload: exactly the header's Payload Length bytes; may be empty.</li>
 * </ul>
 *
 * An end that closes in order sends a goodbye: a message of one empty part (after the
 * routing id on the ROUTER side). No frame can look like it, since a frame always has two
 * parts and a 40-byte first one.
 *
 * <p>
 * Header and payload are separate parts, not one, so that a payload is never copied by
 * the transport: JeroMQ sends an array it is given as it is and receives each part into
 * an array of its own, which {@link FrameCodec#readHeader} adopts as the frame's payload.
 * One part would cost a copy of the payload to encode it behind the header and another to
 * decode it, 64 MiB twice for the largest message.
 *
 * <p>
 * Whatever else arrives (another number of parts, a header of another length, a header
 * that does not parse, a payload of another length than declared, a frame larger than the
 * maximum message size) is a bad frame: reported with the request id when the first part
 * is long enough to hold one, and dropped.
 */
final class ZmqMessages {

	/** Parts of a frame after the routing id: header and payload. */
	static final int FRAME_PARTS = 2;

	private static final byte[] EMPTY = new byte[0];

	private ZmqMessages() {
	}

	/**
	 * Encodes a frame's header as the first part of its message.
	 * @param frame the frame
	 * @return the header part
	 */
	static byte[] header(Frame frame) {
		byte[] header = new byte[FrameDescriptor.HEADER_LENGTH];
		FrameCodec.writeHeader(ByteBuffer.wrap(header), 0, frame);
		return header;
	}

	/**
	 * Sends a frame's parts, or a goodbye for a {@code null} header, without waiting.
	 * @param socket a ROUTER or DEALER socket, used by the calling thread only
	 * @param routingId the peer's routing id on a ROUTER, {@code null} on a DEALER
	 * @param header the header part, or {@code null} for a goodbye
	 * @param payload the payload part, handed over to JeroMQ
	 * @return what became of the message
	 */
	static SendResult send(ZMQ.Socket socket, byte @Nullable [] routingId, byte @Nullable [] header, byte[] payload) {
		try {
			if (routingId != null && !socket.sendMsg(new Msg(routingId), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
				return SendResult.FULL;
			}
			// Once the first part is taken, ZeroMQ takes the rest of the message: the
			// high-water mark counts whole messages.
			if (header == null) {
				return socket.sendMsg(new Msg(EMPTY), ZMQ.DONTWAIT) ? SendResult.SENT : SendResult.FULL;
			}
			if (!socket.sendMsg(new Msg(header), ZMQ.SNDMORE | ZMQ.DONTWAIT)) {
				return SendResult.FULL;
			}
			return socket.sendMsg(new Msg(payload), ZMQ.DONTWAIT) ? SendResult.SENT : SendResult.FULL;
		}
		catch (ZMQException ex) {
			if (ex.getErrorCode() == ZError.EHOSTUNREACH) {
				return SendResult.UNREACHABLE;
			}
			throw ex;
		}
	}

	/**
	 * Receives the next message, if there is one, without waiting. Parts beyond a frame's
	 * are read and dropped, only counted.
	 * @param socket a ROUTER or DEALER socket, used by the calling thread only
	 * @param routed whether the first part is a routing id (on a ROUTER)
	 * @return the message, or {@code null} when none is waiting
	 */
	static @Nullable Received receive(ZMQ.Socket socket, boolean routed) {
		return receive(socket, routed, ZMQ.DONTWAIT);
	}

	/**
	 * Receives the next message, waiting for its first part as the flags and the socket's
	 * receive timeout say. Parts beyond a frame's are read and dropped, only counted.
	 * @param socket a ROUTER or DEALER socket, used by the calling thread only
	 * @param routed whether the first part is a routing id (on a ROUTER)
	 * @param flags {@link ZMQ#DONTWAIT} not to wait, 0 to wait up to the socket's receive
	 * timeout
	 * @return the message, or {@code null} when none came
	 */
	static @Nullable Received receive(ZMQ.Socket socket, boolean routed, int flags) {
		Msg msg = socket.recvMsg(flags);
		if (msg == null) {
			return null;
		}
		byte[] routingId = null;
		if (routed) {
			routingId = msg.data();
			msg = msg.hasMore() ? socket.recvMsg(ZMQ.DONTWAIT) : null;
		}
		List<byte[]> parts = new ArrayList<>(FRAME_PARTS);
		int partCount = 0;
		Metadata metadata = null;
		while (msg != null) {
			partCount++;
			if (parts.size() < FRAME_PARTS) {
				parts.add(msg.data());
			}
			if (metadata == null) {
				metadata = msg.getMetadata();
			}
			// The other parts of a message arrive with its first, so none is waited for.
			msg = msg.hasMore() ? socket.recvMsg(ZMQ.DONTWAIT) : null;
		}
		String userId = (metadata != null) ? metadata.get(Metadata.USER_ID) : null;
		String peerAddress = (metadata != null) ? metadata.get(Metadata.PEER_ADDRESS) : null;
		return new Received(routingId, parts, partCount, userId, peerAddress);
	}

	/**
	 * Decodes a received message.
	 * @param message the message
	 * @param maxMessageSize the largest frame accepted, header included, in bytes
	 * @param group the group name for error messages, or {@code null}
	 * @return the frame, or {@code null} for a goodbye
	 * @throws FrameFormatException when the message is not a frame
	 * @throws IpcMessageTooLargeException when the frame is larger than the maximum
	 */
	static @Nullable Frame decode(Received message, int maxMessageSize, @Nullable String group) {
		List<byte[]> parts = message.parts();
		if (message.partCount() == 1 && parts.get(0).length == 0) {
			return null;
		}
		if (message.partCount() != FRAME_PARTS) {
			throw new FrameFormatException("message of " + message.partCount() + " parts, expected " + FRAME_PARTS);
		}
		byte[] header = parts.get(0);
		byte[] payload = parts.get(1);
		if (header.length != FrameDescriptor.HEADER_LENGTH) {
			throw new FrameFormatException(
					"header part of " + header.length + " bytes, expected " + FrameDescriptor.HEADER_LENGTH);
		}
		long size = (long) FrameDescriptor.HEADER_LENGTH + payload.length;
		if (size > maxMessageSize) {
			throw new IpcMessageTooLargeException(group, "received frame", size, maxMessageSize);
		}
		return FrameCodec.readHeader(ByteBuffer.wrap(header), 0, payload);
	}

	/**
	 * Returns whether a message has the parts of a frame or of a goodbye. Any other
	 * number of parts is not a mistake in one frame but a peer that does not speak the
	 * protocol, or one that tries to fill memory with parts: its link ends.
	 * @param message the message
	 * @return whether it has two parts, or one empty part
	 */
	static boolean hasFrameParts(Received message) {
		return message.partCount() == FRAME_PARTS || (message.partCount() == 1 && message.parts().get(0).length == 0);
	}

	/**
	 * Reads the request id of a message that may not decode, to report it.
	 * @param message the message
	 * @return the request id from its first part, or 0 when that part is too short
	 */
	static long requestId(Received message) {
		if (message.parts().isEmpty()) {
			return 0L;
		}
		byte[] first = message.parts().get(0);
		if (first.length < FrameDescriptor.REQUEST_ID_FIELD_OFFSET + Long.BYTES) {
			return 0L;
		}
		return ByteBuffer.wrap(first).order(ByteOrder.LITTLE_ENDIAN).getLong(FrameDescriptor.REQUEST_ID_FIELD_OFFSET);
	}

	/**
	 * What became of a message handed to a socket.
	 */
	enum SendResult {

		/** Queued by ZeroMQ for sending. */
		SENT,

		/** Not taken: the peer's high-water mark is reached; try again later. */
		FULL,

		/** Not taken: no peer with that routing id is connected (ROUTER only). */
		UNREACHABLE

	}

	/**
	 * A received message.
	 *
	 * @param routingId the sender's routing id, on a ROUTER
	 * @param parts the first {@link #FRAME_PARTS} parts after the routing id
	 * @param partCount how many parts followed the routing id
	 * @param userId the CURVE public key of the sender, as the ZAP handler named it, or
	 * {@code null} without CURVE
	 * @param peerAddress the sender's IP address and port, when known
	 */
	record Received(byte @Nullable [] routingId, List<byte[]> parts, int partCount, @Nullable String userId,
			@Nullable String peerAddress) {

	}

}
