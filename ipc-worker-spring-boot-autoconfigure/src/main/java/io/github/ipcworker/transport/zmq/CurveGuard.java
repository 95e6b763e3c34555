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

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import zmq.Msg;

/**
 * Decides which workers may connect to a group's CURVE-secured ROUTER socket, and tells
 * the log about those turned away. Runs on a thread of its own, so that authenticating a
 * connecting worker never waits for the group's I/O thread, nor the other way round.
 *
 * <p>
 * It answers ZeroMQ's authentication requests (ZAP, RFC 27) on {@value #ZAP_ENDPOINT} of
 * the transport's context: a worker whose public key is authorized gets status 200 and
 * its key as user id, which JeroMQ then attaches to each of its messages; any other gets
 * 400 and its connection is closed before a single message passes either way. The handler
 * is bound before the ROUTER socket and closed after it: JeroMQ admits every CURVE client
 * when no handler is bound.
 *
 * <p>
 * A worker without keys, or with another server public key, never reaches ZAP: its
 * handshake fails first. Those are seen on the ROUTER's monitor: a failed CURVE handshake
 * is logged as it is, without an address (the event has none); a connection that closes
 * before its greeting, where each end names its security mechanism, is a worker without
 * keys (see {@link #disconnected(Object)} for the limits of telling). Each kind of
 * refusal is logged at most once a {@link LogLimiter minute} per key or host, with the
 * count of those not logged.
 */
final class CurveGuard implements Runnable {

	/** Where JeroMQ sends ZAP requests, in the socket's own context. */
	static final String ZAP_ENDPOINT = "inproc://zeromq.zap.01";

	/** The ZAP domain of the group's ROUTER socket. */
	static final String ZAP_DOMAIN = "ipc-worker";

	/** How long the thread sleeps between checks that it should stop, in milliseconds. */
	static final long IDLE_WAIT_MS = 500L;

	private static final int MONITORED_EVENTS = ZMQ.EVENT_ACCEPTED | ZMQ.EVENT_DISCONNECTED
			| ZMQ.EVENT_HANDSHAKE_PROTOCOL | ZMQ.HANDSHAKE_FAILED_PROTOCOL | ZMQ.HANDSHAKE_FAILED_NO_DETAIL
			| ZMQ.HANDSHAKE_FAILED_AUTH;

	/** Connections tracked at most; then all are forgotten at once. */
	private static final int MAX_TRACKED_CONNECTIONS = 4096;

	private static final Log logger = LogFactory.getLog(CurveGuard.class);

	private final String group;

	private final Set<String> configuredKeys;

	private final Set<String> localKeys;

	private final ZMQ.Socket zap;

	private final ZMQ.Socket monitor;

	private final SocketSelector selector;

	/** Set before the thread starts, once the ROUTER socket is bound. */
	private String endpoint;

	private final LogLimiter refusals = new LogLimiter();

	/** Open connections, by channel. */
	private final Map<Object, Connection> connections = new HashMap<>();

	/**
	 * Greetings seen so far: one per connection whose mechanism matched CURVE.
	 */
	private long greetings;

	private volatile boolean stopping;

	/**
	 * Binds the ZAP handler and starts watching a ROUTER socket that is not bound yet.
	 * Called by the thread that owns the ROUTER socket; the sockets made here belong to
	 * the guard's thread once it starts.
	 * @param group the group name
	 * @param context the transport's context
	 * @param router the group's ROUTER socket, not bound yet
	 * @param endpoint the endpoint the ROUTER socket will be bound to, for log messages
	 * until {@link #bound(String)}
	 * @param configuredKeys the authorized worker keys from the settings
	 * @param localKeys the keys the transport made for its own workers, changed by others
	 * while the guard runs
	 * @throws IOException when the guard's selector cannot be opened
	 */
	CurveGuard(String group, ZmqContext context, ZMQ.Socket router, String endpoint, Set<String> configuredKeys,
			Set<String> localKeys) throws IOException {
		this.group = group;
		this.endpoint = endpoint;
		this.configuredKeys = configuredKeys;
		this.localKeys = localKeys;
		this.zap = context.createSocket(SocketType.REP);
		this.monitor = context.createSocket(SocketType.PAIR);
		try {
			if (!this.zap.bind(ZAP_ENDPOINT)) {
				throw new IllegalStateException("could not bind the ZAP handler at " + ZAP_ENDPOINT);
			}
			router.setZAPDomain(ZAP_DOMAIN);
			String monitorEndpoint = "inproc://ipc-worker-monitor-" + System.identityHashCode(router);
			if (!router.monitor(monitorEndpoint, MONITORED_EVENTS)) {
				throw new IllegalStateException("could not monitor the ROUTER socket of group '" + group + "'");
			}
			this.monitor.connect(monitorEndpoint);
			this.selector = new SocketSelector(this.zap, this.monitor);
		}
		catch (IOException | RuntimeException ex) {
			this.zap.close();
			this.monitor.close();
			throw ex;
		}
	}

	/**
	 * Tells the guard where the ROUTER socket was bound, port included. Called before the
	 * guard's thread starts.
	 * @param endpoint the bound endpoint
	 */
	void bound(String endpoint) {
		this.endpoint = endpoint;
	}

	/**
	 * Serves until {@link #stop()}, then closes its sockets.
	 */
	@Override
	public void run() {
		try {
			while (!this.stopping) {
				this.selector.await(IDLE_WAIT_MS);
				answerRequests();
				readEvents();
			}
		}
		catch (RuntimeException ex) {
			if (!this.stopping) {
				logger.error("The CURVE guard of group '" + this.group
						+ "' failed; no worker can connect until the group is restarted", ex);
			}
		}
		finally {
			close();
		}
	}

	/**
	 * Asks the thread to end. The ROUTER socket must be closed first.
	 */
	void stop() {
		this.stopping = true;
		this.selector.wakeUp();
	}

	/**
	 * Closes the sockets; by the guard's thread when it ends, or by the creating thread
	 * when the thread was never started.
	 */
	void close() {
		this.selector.close();
		this.zap.close();
		this.monitor.close();
	}

	private void answerRequests() {
		while ((this.zap.getEvents() & ZMQ.Poller.POLLIN) != 0) {
			List<byte[]> request = new ArrayList<>(7);
			Msg part = this.zap.recvMsg(ZMQ.DONTWAIT);
			while (part != null) {
				request.add(part.data());
				part = part.hasMore() ? this.zap.recvMsg(ZMQ.DONTWAIT) : null;
			}
			answer(request);
		}
	}

	/**
	 * Answers one ZAP request: version, request id, domain, address, routing id,
	 * mechanism, then the mechanism's credentials (for CURVE, the client's public key).
	 */
	private void answer(List<byte[]> request) {
		byte[] requestId = (request.size() > 1) ? request.get(1) : new byte[0];
		String address = (request.size() > 3) ? text(request.get(3)) : "?";
		String mechanism = (request.size() > 5) ? text(request.get(5)) : "?";
		String key = null;
		if (mechanism.equals("CURVE") && request.size() > 6 && request.get(6).length == CurveKeys.KEY_LENGTH) {
			key = ZMQ.Curve.z85Encode(request.get(6));
		}
		boolean admitted = key != null && (this.configuredKeys.contains(key) || this.localKeys.contains(key));
		if (!admitted) {
			refused("key " + key, "Refused worker with public key " + key + " from " + address + " for group '"
					+ this.group + "': the key is not in " + ZmqOptions.AUTHORIZED_KEYS_PROPERTY);
		}
		this.zap.sendMore("1.0");
		this.zap.sendMore(requestId);
		this.zap.sendMore(admitted ? "200" : "400");
		this.zap.sendMore(admitted ? "OK" : "not an authorized worker key");
		// The user id travels with each message of the connection: the link checks it.
		this.zap.sendMore(admitted ? key : "");
		this.zap.send(new byte[0]);
	}

	private void readEvents() {
		ZMQ.Event event;
		while ((event = ZMQ.Event.recv(this.monitor, ZMQ.DONTWAIT)) != null) {
			switch (event.getEvent()) {
				case ZMQ.EVENT_ACCEPTED -> accepted(event.resolveValue());
				case ZMQ.EVENT_HANDSHAKE_PROTOCOL -> this.greetings++;
				case ZMQ.EVENT_DISCONNECTED -> disconnected(event.resolveValue());
				case ZMQ.HANDSHAKE_FAILED_PROTOCOL, ZMQ.HANDSHAKE_FAILED_NO_DETAIL, ZMQ.HANDSHAKE_FAILED_AUTH -> {
					Object code = event.resolveValue();
					refused("handshake " + code,
							"Refused a connection to group '" + this.group + "' at " + this.endpoint
									+ ": its CURVE handshake failed (" + code + "); does the worker use this group's "
									+ ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY + "?");
				}
				default -> {
				}
			}
		}
	}

	private void accepted(@Nullable Object channel) {
		if (channel == null) {
			return;
		}
		if (this.connections.size() >= MAX_TRACKED_CONNECTIONS) {
			this.connections.clear();
		}
		this.connections.put(channel, new Connection(remoteHost(channel), this.greetings));
	}

	/**
	 * Logs a connection that closed before it got past the greeting, where each end names
	 * its security mechanism: a worker without CURVE keys. The greeting event does not
	 * say whose it is, so only a connection during whose life no greeting at all was seen
	 * is reported: never wrongly, but not always while others connect too.
	 */
	private void disconnected(@Nullable Object channel) {
		Connection connection = (channel != null) ? this.connections.remove(channel) : null;
		if (connection == null || connection.greetingsWhenAccepted() != this.greetings) {
			return;
		}
		String host = connection.host();
		// By host, not port: a worker connects again from another port.
		refused("no curve " + host,
				"Refused a connection " + ((host != null) ? "from " + host + " " : "") + "to group '" + this.group
						+ "' at " + this.endpoint + ": it did not offer CURVE; a worker without keys?");
	}

	/**
	 * Logs a refusal, at most once a minute for the same subject.
	 */
	private void refused(String subject, String message) {
		String suffix = this.refusals.admit(subject);
		if (suffix != null) {
			logger.warn(message + suffix);
		}
	}

	private static @Nullable String remoteHost(Object channel) {
		try {
			SocketAddress address = (channel instanceof SocketChannel socket) ? socket.getRemoteAddress() : null;
			return (address instanceof InetSocketAddress inet) ? inet.getHostString() : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

	private static String text(byte[] bytes) {
		return new String(bytes, StandardCharsets.UTF_8);
	}

	/**
	 * An open connection.
	 *
	 * @param host the host it comes from, when known
	 * @param greetingsWhenAccepted the greetings seen before it was accepted
	 */
	private record Connection(@Nullable String host, long greetingsWhenAccepted) {

	}

}
