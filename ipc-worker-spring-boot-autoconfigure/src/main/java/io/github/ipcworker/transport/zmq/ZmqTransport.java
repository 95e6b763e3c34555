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
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.transport.Transport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * The ZeroMQ transport of a group: one ROUTER socket, bound to
 * {@link ZmqOptions#bindEndpoint()}, to which each worker connects a DEALER socket with a
 * routing id of its own. The group picks the worker for each request; the transport only
 * routes by routing id, one worker at a time, never fanning out. Workers the group
 * launches get their routing id (and CURVE keys) in their
 * {@link ZmqWorkerLink#childSettings() settings}; workers on other hosts join on their
 * own through {@link #acceptRemoteWorkers(RemoteWorkerListener)}.
 *
 * <p>
 * Threads: JeroMQ sockets are not thread-safe and not interrupt-safe, so the ROUTER
 * socket belongs to one I/O thread of the transport's own, which senders never touch:
 * they queue frames in their link and wake the I/O thread. The I/O thread hands received
 * frames to the links' listeners itself, as shared memory's reader thread does, and a
 * listener that moves the next call on sends it from there at once
 * ({@link ZmqWorkerLink#trySend}); listeners hand work off and never block. With CURVE, a
 * further thread authenticates connecting workers (see {@link CurveGuard}). The JeroMQ
 * context adds its own I/O and reaper threads. {@link #close()} ends and joins them all.
 *
 * <p>
 * Liveness: each end sends a heartbeat when it has sent nothing else for
 * {@link ZmqOptions#heartbeatInterval()}: the group from its I/O thread, a worker from
 * its serving thread while it waits, or from a heartbeat thread while it runs a handler
 * (see {@link ZmqChildLink}), so a worker busy in a long request still answers. On a link
 * where nothing but heartbeats has moved for the timeout, both ends space them further
 * apart, see {@link ZmqOptions#idleHeartbeatIntervalNs(long, long)}. A worker not heard
 * from for {@link ZmqOptions#heartbeatTimeout()} is given up: its link's listener hears
 * {@link io.github.ipcworker.transport.FrameListener#onClosed(Throwable)} with a
 * {@link io.github.ipcworker.transport.LinkClosedException}. A worker that hears nothing
 * from the group for its timeout gives up too; one that closes in order says goodbye.
 *
 * <p>
 * Local workers connect over TCP on loopback. JeroMQ 0.6.0 has no Unix domain sockets:
 * its {@code ipc://} is TCP on loopback too, on a port derived from the endpoint's name,
 * which measured no faster and which another local user could take first; a port the
 * system picks on {@code 127.0.0.1} cannot be taken.
 */
public final class ZmqTransport implements Transport {

	/** The transport's name. */
	public static final String NAME = "zmq";

	/** Frames each link queues before its senders wait; ZeroMQ queues more per peer. */
	static final int SEND_QUEUE_CAPACITY = 64;

	/**
	 * How long {@link #close()} waits for each of the transport's threads, in ms.
	 */
	static final long THREAD_JOIN_TIMEOUT_MS = 5_000L;

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Log logger = LogFactory.getLog(ZmqTransport.class);

	private final String group;

	private final ZmqOptions options;

	private final ZmqContext context;

	private final String endpoint;

	private final String localEndpoint;

	private final Set<String> localKeys = ConcurrentHashMap.newKeySet();

	private final RouterLoop loop;

	private final Thread ioThread;

	private final @Nullable CurveGuard guard;

	private final @Nullable Thread guardThread;

	private final AtomicBoolean closed = new AtomicBoolean();

	private final Object remoteMonitor = new Object();

	private @Nullable ExecutorService joins;

	/** Set when the CURVE guard ended before the transport was closed. */
	private volatile @Nullable IllegalStateException guardFailure;

	/**
	 * Creates the transport of a group and binds its socket.
	 * @param group the group name
	 * @param options the settings
	 * @throws IllegalStateException when the socket cannot be bound, naming the property
	 */
	public ZmqTransport(String group, ZmqOptions options) {
		this.group = group;
		this.options = options;
		String threadPrefix = "ipc-worker-zmq-" + group;
		ZmqContext context = new ZmqContext(threadPrefix);
		ZMQ.Socket router = null;
		CurveGuard guard = null;
		SocketSelector selector = null;
		String endpoint;
		try {
			router = context.createSocket(SocketType.ROUTER);
			router.setRouterMandatory(true);
			router.setHandshakeIvl(ZmqOptions.handshakeTimeoutMs(options.heartbeatTimeout()));
			router.setSndHWM(options.sendHighWaterMark());
			// Per part: a larger payload closes the connection before it is read.
			router.setMaxMsgSize(options.maxMessageSize());
			router.setIPv6(ZmqEndpoint.parse(options.bindEndpoint(), ZmqOptions.BIND_PROPERTY).isIpv6());
			CurveKeys serverKeys = options.serverKeys();
			if (serverKeys != null) {
				router.setCurveServer(true);
				router.setCurveSecretKey(CurveKeys.decode(serverKeys.secretKey(), "server secret key"));
				// Bound before the socket: without a handler, JeroMQ lets all in.
				guard = new CurveGuard(group, context, router, options.bindEndpoint(), options.authorizedKeys(),
						this.localKeys);
			}
			bind(router, options.bindEndpoint());
			endpoint = router.getLastEndpoint();
			if (guard != null) {
				guard.bound(endpoint);
			}
			selector = new SocketSelector(router);
		}
		catch (IOException | RuntimeException ex) {
			if (guard != null) {
				guard.close();
			}
			if (router != null) {
				router.close();
			}
			if (selector != null) {
				selector.close();
			}
			context.close();
			if (ex instanceof IOException) {
				throw new IllegalStateException(
						"Could not set up the zmq transport of group '" + group + "': " + ex.getMessage(), ex);
			}
			throw (RuntimeException) ex;
		}
		this.context = context;
		this.endpoint = endpoint;
		this.localEndpoint = ZmqEndpoint.parse(endpoint, ZmqOptions.BIND_PROPERTY).localConnectEndpoint();
		this.guard = guard;
		this.loop = new RouterLoop(group, options, router, selector, this.localKeys);
		this.ioThread = new Thread(this.loop, threadPrefix + "-io");
		this.ioThread.setDaemon(true);
		this.ioThread.start();
		if (guard != null) {
			CurveGuard started = guard;
			Thread guardThread = new Thread(() -> {
				try {
					started.run();
				}
				finally {
					guardEnded();
				}
			}, threadPrefix + "-curve");
			guardThread.setDaemon(true);
			guardThread.start();
			this.guardThread = guardThread;
		}
		else {
			this.guardThread = null;
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Group '" + group + "' listens for workers at " + endpoint
					+ (options.curve() ? " with CURVE" : ""));
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	/**
	 * Returns the endpoint the socket is bound to, with the port the system picked.
	 * @return the endpoint, such as {@code tcp://127.0.0.1:40123}
	 */
	public String endpoint() {
		return this.endpoint;
	}

	/**
	 * Prepares the link to a worker the group is about to launch: a fresh routing id and,
	 * with CURVE, a fresh key pair that is authorized until the link ends.
	 * @param workerIndex the worker's index in the group
	 * @return the link
	 * @throws IOException when the transport's I/O thread has failed
	 * @throws IllegalStateException when the transport is closed
	 */
	@Override
	public ZmqWorkerLink open(int workerIndex) throws IOException {
		checkUsable();
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		// Unguessable, so that without CURVE another local process cannot pose as the
		// worker; printable, for ZeroMQ's tools.
		byte[] routingId = ("w" + workerIndex + "-" + HexFormat.of().formatHex(random))
			.getBytes(StandardCharsets.US_ASCII);
		CurveKeys serverKeys = this.options.serverKeys();
		CurveKeys workerKeys = (serverKeys != null) ? CurveKeys.generate() : null;
		Map<String, String> settings = ZmqChildLink.localSettings(this.localEndpoint, this.group, routingId,
				this.options, (serverKeys != null) ? serverKeys.publicKey() : null, workerKeys);
		ZmqWorkerLink link = new ZmqWorkerLink(this.loop, this.group, workerIndex, Integer.toString(workerIndex),
				routingId, (workerKeys != null) ? workerKeys.publicKey() : null, false, settings,
				this.options.maxMessageSize(), SEND_QUEUE_CAPACITY);
		if (workerKeys != null) {
			this.localKeys.add(workerKeys.publicKey());
		}
		this.loop.register(link);
		return link;
	}

	/**
	 * Starts turning workers that connect on their own into links: a DEALER socket with a
	 * routing id the transport does not know that sends a READY frame. With CURVE, only
	 * workers whose public key is in {@link ZmqOptions#authorizedKeys()} can connect at
	 * all. The listener is called on a thread of the transport's, one worker at a time.
	 * @param listener told of each worker that joins
	 * @throws IllegalStateException when already accepting, or closed
	 */
	@Override
	public void acceptRemoteWorkers(RemoteWorkerListener listener) throws IOException {
		checkUsable();
		synchronized (this.remoteMonitor) {
			if (this.joins != null) {
				throw new IllegalStateException(
						"the zmq transport of group '" + this.group + "' already accepts remote workers");
			}
			ThreadPoolExecutor joins = new ThreadPoolExecutor(1, 1, 0L, TimeUnit.MILLISECONDS,
					new LinkedBlockingQueue<>(), (runnable) -> {
						Thread thread = new Thread(runnable, "ipc-worker-zmq-" + this.group + "-joins");
						thread.setDaemon(true);
						return thread;
					});
			this.joins = joins;
			this.loop.acceptRemoteWorkers(listener, joins);
		}
	}

	/**
	 * Closes the links still open, says goodbye to their workers, then ends the
	 * transport's threads, closes its sockets and terminates its context. Idempotent.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		for (ZmqWorkerLink link : this.loop.links()) {
			link.close();
		}
		this.loop.stop();
		boolean ended = join(this.ioThread);
		CurveGuard guard = this.guard;
		Thread guardThread = this.guardThread;
		if (guard != null && guardThread != null) {
			guard.stop();
			ended &= join(guardThread);
		}
		ExecutorService joins;
		synchronized (this.remoteMonitor) {
			joins = this.joins;
		}
		if (joins != null) {
			joins.shutdown();
			try {
				ended &= joins.awaitTermination(THREAD_JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (!ended) {
			// Terminating the context would wait for sockets a stuck thread still holds.
			logger.error("Threads of the zmq transport of group '" + this.group + "' did not end within "
					+ THREAD_JOIN_TIMEOUT_MS + " ms; leaving its ZeroMQ context open rather than hang");
			return;
		}
		this.context.close();
	}

	/**
	 * Fails the transport closed when the CURVE guard ends before the transport: without
	 * a ZAP handler, JeroMQ may let in any client that knows the server's key.
	 */
	private void guardEnded() {
		if (this.closed.get()) {
			return;
		}
		String reason = "the CURVE guard of the zmq transport of group '" + this.group + "' has ended";
		this.guardFailure = new IllegalStateException(reason);
		this.loop.refuseJoins(reason);
		logger.error("The CURVE guard of group '" + this.group + "' ended before the transport; no new worker is"
				+ " admitted and messages without a CURVE user id are dropped until the group is restarted");
	}

	/**
	 * Returns the CURVE guard, for tests that end it.
	 * @return the guard, or {@code null} without CURVE
	 */
	@Nullable CurveGuard curveGuard() {
		return this.guard;
	}

	private void checkUsable() throws IOException {
		if (this.closed.get()) {
			throw new IllegalStateException("zmq transport of group '" + this.group + "' is closed");
		}
		IllegalStateException guardFailure = this.guardFailure;
		if (guardFailure != null) {
			throw new IOException(guardFailure.getMessage(), guardFailure);
		}
		Throwable failure = this.loop.failure();
		if (failure != null) {
			throw new IOException("the I/O thread of the zmq transport of group '" + this.group + "' failed", failure);
		}
	}

	private void bind(ZMQ.Socket router, String endpoint) {
		boolean bound;
		String problem;
		try {
			bound = router.bind(endpoint);
			problem = "errno " + router.errno();
		}
		catch (ZMQException ex) {
			bound = false;
			problem = ex.getMessage();
		}
		if (!bound) {
			throw new IllegalStateException("Could not bind group '" + this.group + "' to " + ZmqOptions.BIND_PROPERTY
					+ "=" + endpoint + ": " + problem);
		}
	}

	private static boolean join(Thread thread) {
		try {
			thread.join(THREAD_JOIN_TIMEOUT_MS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !thread.isAlive();
	}

}
