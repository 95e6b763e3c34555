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
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

/**
 * The worker's end of a ZeroMQ link: a DEALER socket connected to the group's ROUTER
 * socket with the routing id from the settings, used by the worker's serving thread
 * itself: {@link #receive(long)} waits in a blocking JeroMQ receive with a timeout and
 * {@link #send(Frame)} hands the frame to ZeroMQ at once, so that a request crosses no
 * thread of the link's own. A blocking receive selects on the socket's mailbox and then
 * reads it, so it does not spin on a wake-up byte JeroMQ has not counted yet, as a loop
 * polling {@code getEvents()} would.
 *
 * <p>
 * A heartbeat goes to the parent whenever nothing else was sent for the heartbeat
 * interval: sent by the serving thread while it waits for a frame, and by a small
 * heartbeat thread while the serving thread is elsewhere, say in a handler that runs for
 * minutes, or while the worker starts up. The socket is guarded by a lock, held by the
 * serving thread for each receive or send and taken by the heartbeat thread only when it
 * is free: never two threads on the socket at once, and the lock's memory barrier is what
 * JeroMQ asks of a socket that moves between threads. The serving thread gives up on the
 * parent when, waiting for a frame, it has heard nothing for the heartbeat timeout.
 *
 * <p>
 * An idle worker wakes about once per heartbeat interval, since each wake-up costs CPU,
 * in the thread and in the JIT compiler that the repeated wake-ups keep busy. The parent
 * leads: a heartbeat from the parent is answered at once when the worker has sent nothing
 * for half an interval, and the worker's own timer waits a little past the interval, so
 * that in an idle link the answer goes instead of a heartbeat of its own, on the same
 * wake-up. Once nothing but heartbeats has moved for a heartbeat timeout, the heartbeats
 * of both ends go further apart, see
 * {@link ZmqOptions#idleHeartbeatIntervalNs(long, long)}. The serving thread waits for
 * the next frame until a heartbeat or the parent's silence is due, at most
 * {@link #MAX_WAIT_MS}, and the heartbeat thread sleeps while the serving thread waits on
 * the socket, woken when it leaves. No thread of the link is ever interrupted, and
 * {@link #receive(long)} and {@link #send(Frame)} refuse to touch the socket on an
 * interrupted thread: JeroMQ closes its pipes for good when a thread is interrupted
 * inside it.
 *
 * <p>
 * The parent's silence is counted from the worker's first frame, or from the first thing
 * heard from the parent if that comes earlier: a worker still starting up, which has sent
 * nothing yet, waits as long as it needs.
 *
 * <p>
 * {@link #receive(long)}, {@link #poll()} and {@link #send(Frame)} are for the serving
 * thread; another thread may send, one at a time with it. Frames the parent sent before
 * it went are still received; after them, receiving fails with
 * {@link LinkClosedException}. Frames that do not decode are logged, dropped and reported
 * to the {@link #onBadFrame(BadFrameListener) listener}.
 *
 * <p>
 * A worker the group launches connects with {@link #connect(Map)} and the settings its
 * parent gave it. A worker host builds its settings with
 * {@link #remoteSettings(String, String)}.
 */
public final class ZmqChildLink implements ChildLink {

	/** The transport name in the settings. */
	public static final String TRANSPORT_NAME = ZmqTransport.NAME;

	/** Key of the endpoint to connect to, {@code tcp://host:port}. */
	public static final String ENDPOINT_KEY = "zmq.endpoint";

	/** Key of the group name. */
	public static final String GROUP_KEY = "zmq.group";

	/** Key of the routing id; a random one is made when absent. */
	public static final String ROUTING_ID_KEY = "zmq.routing-id";

	/** Key of the heartbeat interval in milliseconds. */
	public static final String HEARTBEAT_INTERVAL_KEY = "zmq.heartbeat-interval-ms";

	/** Key of the heartbeat timeout in milliseconds. */
	public static final String HEARTBEAT_TIMEOUT_KEY = "zmq.heartbeat-timeout-ms";

	/** Key of the largest frame in bytes, header included. */
	public static final String MAX_MESSAGE_SIZE_KEY = "zmq.max-message-size";

	/** Key of the send high-water mark in messages. */
	public static final String SEND_HIGH_WATER_MARK_KEY = "zmq.send-high-water-mark";

	/** Key of the group's CURVE public key, in Z85. */
	public static final String SERVER_PUBLIC_KEY_KEY = "zmq.server-public-key";

	/** Key of the worker's CURVE public key, in Z85. */
	public static final String PUBLIC_KEY_KEY = "zmq.public-key";

	/** Key of the worker's CURVE secret key, in Z85. */
	public static final String SECRET_KEY_KEY = "zmq.secret-key";

	/**
	 * How long {@link #close()} waits for the serving thread to let go of the socket, and
	 * for the heartbeat thread to end, in milliseconds.
	 */
	static final long IO_JOIN_TIMEOUT_MS = 5_000L;

	/**
	 * How long closing may take to send the frames still queued and the goodbye, in
	 * milliseconds; bounded, so that a parent that does not read cannot hold up the exit.
	 */
	static final int CLOSE_LINGER_MS = 2_000;

	/**
	 * How long a send that ZeroMQ refused waits, reading, before it tries again, in
	 * milliseconds.
	 */
	static final long BLOCKED_RETRY_MS = 10L;

	/**
	 * Longest single wait of the serving thread on the socket, in milliseconds, so that a
	 * close from another thread is seen within it.
	 */
	static final long MAX_WAIT_MS = 1_000L;

	/** How often ZeroMQ tries to connect again, at first and at most, in milliseconds. */
	static final int RECONNECT_INTERVAL_MS = 100;

	/** Longest time between two attempts to connect, in milliseconds. */
	static final int RECONNECT_INTERVAL_MAX_MS = 2_000;

	private static final byte[] EMPTY = new byte[0];

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Log logger = LogFactory.getLog(ZmqChildLink.class);

	private final String group;

	private final String endpoint;

	private final ZmqContext context;

	private final ZMQ.Socket dealer;

	private final int maxMessageSize;

	private final long heartbeatIntervalNs;

	private final long heartbeatTimeoutNs;

	/**
	 * How long past the interval the worker's own heartbeat waits, so that the parent's
	 * heartbeat, answered at once, comes first: a quarter interval, less with a timeout
	 * close to the interval.
	 */
	private final long heartbeatLateNs;

	/** The heartbeat interval of an idle link. */
	private final long idleHeartbeatIntervalNs;

	/**
	 * Guarded by {@link #socketLock}: when a frame other than a heartbeat last went
	 * either way, to slow the heartbeats of an idle link.
	 */
	private long lastBusyNs;

	/** How often the heartbeat thread looks again while the socket is taken. */
	private final long sliceMs;

	/** Whoever touches the socket holds this. */
	private final ReentrantLock socketLock = new ReentrantLock();

	/**
	 * Guarded by {@link #socketLock}: frames read while a send waited for room, for the
	 * next receive.
	 */
	private final ArrayDeque<Frame> early = new ArrayDeque<>();

	private final byte[] heartbeatHeader = ZmqMessages.header(Frame.of(FrameType.HEARTBEAT, 0, 0L));

	private final Thread heartbeatThread;

	private final Thread shutdownHook;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile BadFrameListener badFrameListener = (requestId, problem) -> {
	};

	/** When something was last sent to the parent; written under the socket lock. */
	private volatile long lastSentNs;

	/** Guarded by {@link #socketLock}: when the parent was last heard. */
	private long lastHeardNs;

	/** Guarded by {@link #socketLock}: whether the parent's silence counts. */
	private boolean counting;

	/** Guarded by {@link #socketLock}: the socket's receive timeout as last set. */
	private int receiveTimeoutMs = -1;

	/**
	 * Set while the serving thread is in {@link #receive(long)}, where it sends its own
	 * heartbeats.
	 */
	private volatile boolean receiving;

	/** Set while the heartbeat thread sleeps until {@link #receiving} is cleared. */
	private volatile boolean dormant;

	/** Wake-ups of the serving thread from waits on the socket, for tests. */
	private volatile long waits;

	/**
	 * The end of the link from the parent's side: its goodbye, its silence, or a message
	 * off the protocol. Written under the socket lock.
	 */
	private volatile @Nullable LinkClosedException end;

	/** Whether the parent said goodbye, so that none is sent back. */
	private volatile boolean goodbye;

	private ZmqChildLink(String group, String endpoint, ZmqContext context, ZMQ.Socket dealer, int maxMessageSize,
			Duration heartbeatInterval, Duration heartbeatTimeout) {
		this.group = group;
		this.endpoint = endpoint;
		this.context = context;
		this.dealer = dealer;
		this.maxMessageSize = maxMessageSize;
		this.heartbeatIntervalNs = heartbeatInterval.toNanos();
		this.heartbeatTimeoutNs = heartbeatTimeout.toNanos();
		this.sliceMs = Math.max(1L, heartbeatInterval.toMillis() / 4);
		this.idleHeartbeatIntervalNs = ZmqOptions.idleHeartbeatIntervalNs(this.heartbeatIntervalNs,
				this.heartbeatTimeoutNs);
		this.heartbeatLateNs = Math.min(this.heartbeatIntervalNs / 4,
				(this.heartbeatTimeoutNs - this.heartbeatIntervalNs) / 4);
		long nowNs = System.nanoTime();
		// The first heartbeat goes at once: a launched worker is heard, and counted,
		// while it starts up.
		this.lastSentNs = nowNs - this.heartbeatIntervalNs;
		this.lastHeardNs = nowNs;
		this.lastBusyNs = nowNs;
		this.heartbeatThread = new Thread(this::keepBeating, "ipc-worker-zmq-" + group + "-worker-heartbeat");
		this.heartbeatThread.setDaemon(true);
		this.shutdownHook = new Thread(this::close, "ipc-worker-zmq-" + group + "-worker-exit");
	}

	/**
	 * Connects to the group. ZeroMQ connects in the background and again whenever the
	 * connection breaks; frames sent meanwhile wait.
	 * @param settings the settings, from the parent's link or from
	 * {@link #remoteSettings(String, String)}
	 * @return the link
	 * @throws IOException when the settings are incomplete or wrong, or the socket cannot
	 * be set up
	 */
	public static ZmqChildLink connect(Map<String, String> settings) throws IOException {
		String group = required(settings, GROUP_KEY);
		ZmqEndpoint endpoint;
		Duration interval = Duration
			.ofMillis(number(settings, HEARTBEAT_INTERVAL_KEY, ZmqOptions.DEFAULT_HEARTBEAT_INTERVAL.toMillis()));
		Duration timeout = Duration
			.ofMillis(number(settings, HEARTBEAT_TIMEOUT_KEY, ZmqOptions.DEFAULT_HEARTBEAT_TIMEOUT.toMillis()));
		int maxMessageSize = (int) number(settings, MAX_MESSAGE_SIZE_KEY, ZmqOptions.DEFAULT_MAX_MESSAGE_SIZE);
		int sendHighWaterMark = (int) number(settings, SEND_HIGH_WATER_MARK_KEY,
				ZmqOptions.DEFAULT_SEND_HIGH_WATER_MARK);
		String serverPublicKey = settings.get(SERVER_PUBLIC_KEY_KEY);
		String publicKey = settings.get(PUBLIC_KEY_KEY);
		String secretKey = settings.get(SECRET_KEY_KEY);
		try {
			endpoint = checkEndpoint(required(settings, ENDPOINT_KEY), serverPublicKey != null);
			checkHeartbeat(interval, timeout);
			if ((serverPublicKey == null) != (publicKey == null) || (publicKey == null) != (secretKey == null)) {
				throw new IllegalArgumentException("CURVE needs all of " + SERVER_PUBLIC_KEY_KEY + ", " + PUBLIC_KEY_KEY
						+ " and " + SECRET_KEY_KEY + ", or none");
			}
			if (serverPublicKey != null) {
				CurveKeys.decode(serverPublicKey, "server public key");
				new CurveKeys(publicKey, secretKey);
			}
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("zmq link settings of group '" + group + "' are wrong: " + ex.getMessage(), ex);
		}
		String routingId = settings.get(ROUTING_ID_KEY);
		if (routingId == null || routingId.isEmpty()) {
			routingId = newRoutingId("r");
		}
		ZmqContext context = new ZmqContext("ipc-worker-zmq-" + group + "-worker");
		ZMQ.Socket dealer = null;
		try {
			dealer = context.createSocket(SocketType.DEALER);
			dealer.setIdentity(routingId.getBytes(StandardCharsets.US_ASCII));
			dealer.setSndHWM(sendHighWaterMark);
			dealer.setMaxMsgSize(maxMessageSize);
			dealer.setReconnectIVL(RECONNECT_INTERVAL_MS);
			dealer.setReconnectIVLMax(RECONNECT_INTERVAL_MAX_MS);
			// A hanging handshake is dropped and made again: see ZmqOptions.
			dealer.setHandshakeIvl(ZmqOptions.handshakeTimeoutMs(timeout));
			dealer.setIPv6(endpoint.isIpv6());
			if (serverPublicKey != null) {
				dealer.setCurveServerKey(CurveKeys.decode(serverPublicKey, "server public key"));
				dealer.setCurvePublicKey(CurveKeys.decode(publicKey, "public key"));
				dealer.setCurveSecretKey(CurveKeys.decode(secretKey, "secret key"));
			}
			if (!dealer.connect(endpoint.toString())) {
				throw new IOException("cannot connect to " + endpoint + ": errno " + dealer.errno());
			}
		}
		catch (IOException | RuntimeException ex) {
			if (dealer != null) {
				dealer.close();
			}
			context.close();
			throw (ex instanceof IOException io) ? io
					: new IOException("cannot connect to group '" + group + "' at " + endpoint + ": " + ex, ex);
		}
		ZmqChildLink link = new ZmqChildLink(group, endpoint.toString(), context, dealer, maxMessageSize, interval,
				timeout);
		link.heartbeatThread.start();
		Runtime.getRuntime().addShutdownHook(link.shutdownHook);
		return link;
	}

	/**
	 * Starts the settings of a worker host that joins a group on its own: it connects to
	 * the group's endpoint and introduces itself with its READY frame. For example:
	 *
	 * <pre>
	 * Map&lt;String, String&gt; settings = ZmqChildLink.remoteSettings("tcp://10.0.0.5:5555", "thumbnails")
	 *     .curve(serverPublicKey, new CurveKeys(workerPublicKey, workerSecretKey))
	 *     .toMap();
	 * ChildLink link = ZmqChildLink.connect(settings);
	 * </pre>
	 * @param endpoint the group's endpoint, {@code tcp://host:port}
	 * @param group the group name
	 * @return settings to complete
	 */
	public static RemoteSettings remoteSettings(String endpoint, String group) {
		return new RemoteSettings(endpoint, group);
	}

	/**
	 * Makes the settings of a worker the group launches.
	 */
	static Map<String, String> localSettings(String endpoint, String group, byte[] routingId, ZmqOptions options,
			@Nullable String serverPublicKey, @Nullable CurveKeys workerKeys) {
		Map<String, String> settings = new LinkedHashMap<>();
		settings.put(WorkerLink.TRANSPORT_KEY, TRANSPORT_NAME);
		settings.put(ENDPOINT_KEY, endpoint);
		settings.put(GROUP_KEY, group);
		settings.put(ROUTING_ID_KEY, new String(routingId, StandardCharsets.US_ASCII));
		settings.put(HEARTBEAT_INTERVAL_KEY, Long.toString(options.heartbeatInterval().toMillis()));
		settings.put(HEARTBEAT_TIMEOUT_KEY, Long.toString(options.heartbeatTimeout().toMillis()));
		settings.put(MAX_MESSAGE_SIZE_KEY, Integer.toString(options.maxMessageSize()));
		settings.put(SEND_HIGH_WATER_MARK_KEY, Integer.toString(options.sendHighWaterMark()));
		if (serverPublicKey != null && workerKeys != null) {
			settings.put(SERVER_PUBLIC_KEY_KEY, serverPublicKey);
			settings.put(PUBLIC_KEY_KEY, workerKeys.publicKey());
			settings.put(SECRET_KEY_KEY, workerKeys.secretKey());
		}
		return settings;
	}

	@Override
	public @Nullable Frame receive(long timeoutNs) throws InterruptedException {
		checkNotInterrupted();
		long startNs = System.nanoTime();
		this.socketLock.lock();
		this.receiving = true;
		try {
			while (true) {
				checkReceivable();
				Frame early = this.early.pollFirst();
				if (early != null) {
					return early;
				}
				long nowNs = System.nanoTime();
				long remainingNs = (timeoutNs <= 0) ? 0 : timeoutNs - (nowNs - startNs);
				if (remainingNs <= 0) {
					return receiveNow();
				}
				// Never past the next heartbeat or the parent's silence, nor longer than
				// MAX_WAIT_MS, so that a close from another thread is seen.
				long untilNs = Math.min(remainingNs,
						this.lastSentNs + heartbeatIntervalNs(nowNs) + this.heartbeatLateNs - nowNs);
				if (this.counting) {
					untilNs = Math.min(untilNs, this.lastHeardNs + this.heartbeatTimeoutNs - nowNs);
				}
				long waitMs = Math.min(MAX_WAIT_MS, Math.max(1L, TimeUnit.NANOSECONDS.toMillis(untilNs + 999_999L)));
				ZmqMessages.Received message = ZmqMessages.receive(this.dealer, false, receiveFlags(waitMs));
				this.waits++;
				if (message != null) {
					Frame frame = accept(message);
					if (frame != null) {
						return frame;
					}
					continue;
				}
				waited(System.nanoTime());
			}
		}
		finally {
			this.receiving = false;
			// Read after the write above, as the heartbeat thread writes dormant before
			// it
			// reads receiving: one of the two sees the other.
			if (this.dormant) {
				LockSupport.unpark(this.heartbeatThread);
			}
			this.socketLock.unlock();
		}
	}

	/**
	 * Returns how often the serving thread has woken from a wait on the socket, for
	 * tests.
	 * @return the number of wake-ups
	 */
	long waits() {
		return this.waits;
	}

	@Override
	public @Nullable Frame poll() {
		if (Thread.currentThread().isInterrupted()) {
			// Not into JeroMQ on an interrupted thread; the next receive reports it.
			return null;
		}
		this.socketLock.lock();
		try {
			checkReceivable();
			Frame early = this.early.pollFirst();
			return (early != null) ? early : receiveNow();
		}
		finally {
			this.socketLock.unlock();
		}
	}

	@Override
	public void send(Frame frame) throws InterruptedException {
		checkNotInterrupted();
		if (this.closed.get()) {
			throw new LinkClosedException(describe() + " is closed");
		}
		long size = (long) FrameDescriptor.HEADER_LENGTH + frame.payload().length;
		if (size > this.maxMessageSize) {
			throw new IpcMessageTooLargeException(this.group,
					frame.type().name().toLowerCase(Locale.ROOT).replace('_', ' '), size, this.maxMessageSize);
		}
		byte[] header = ZmqMessages.header(frame);
		this.socketLock.lock();
		try {
			if (!this.counting) {
				// The parent's silence counts from the worker's first frame, not from
				// before the worker started up.
				this.counting = true;
				this.lastHeardNs = System.nanoTime();
			}
			while (true) {
				checkSendable();
				if (ZmqMessages.send(this.dealer, null, header, frame.payload()) == ZmqMessages.SendResult.SENT) {
					long sentNs = System.nanoTime();
					this.lastSentNs = sentNs;
					if (frame.type() != FrameType.HEARTBEAT) {
						this.lastBusyNs = sentNs;
					}
					return;
				}
				// ZeroMQ holds as much for the parent as it takes: read meanwhile, so
				// that
				// a parent that is gone is found, and keep what came for the next
				// receive.
				ZmqMessages.Received message = ZmqMessages.receive(this.dealer, false, receiveFlags(BLOCKED_RETRY_MS));
				if (message != null) {
					Frame received = accept(message);
					if (received != null) {
						this.early.addLast(received);
					}
				}
				else {
					waited(System.nanoTime());
				}
			}
		}
		finally {
			this.socketLock.unlock();
		}
	}

	@Override
	public void onBadFrame(BadFrameListener listener) {
		this.badFrameListener = listener;
	}

	/**
	 * Says goodbye to the parent, unless it is gone, then releases the socket, the
	 * heartbeat thread and the ZeroMQ context, giving ZeroMQ at most
	 * {@link #CLOSE_LINGER_MS} to send what it holds. Idempotent. Also run when the JVM
	 * exits without closing the link, so that a frame sent just before
	 * {@code System.exit}, such as a worker's boot failure, still reaches the parent.
	 * From another thread than the serving thread, waits for it to let go of the socket,
	 * which it does within {@link #MAX_WAIT_MS}.
	 */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		if (Thread.currentThread() != this.shutdownHook) {
			try {
				Runtime.getRuntime().removeShutdownHook(this.shutdownHook);
			}
			catch (IllegalStateException ex) {
				// The JVM is exiting: the hook may be what runs this.
			}
		}
		LockSupport.unpark(this.heartbeatThread);
		// A worker that stops because it was interrupted closes on that thread: JeroMQ
		// must not see the interrupt, which would break its pipes, so it is set aside.
		boolean interrupted = Thread.interrupted();
		try {
			release();
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private void release() {
		boolean locked = false;
		try {
			locked = this.socketLock.tryLock(IO_JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return;
		}
		if (!locked) {
			logger.error("The socket of " + describe() + " was not let go within " + IO_JOIN_TIMEOUT_MS
					+ " ms; leaving its ZeroMQ context open rather than hang");
			return;
		}
		try {
			if (!this.goodbye && this.end == null) {
				// Closed by the worker: the goodbye tells the parent at once, and goes
				// out, with what was sent last, within the linger.
				ZmqMessages.send(this.dealer, null, null, EMPTY);
				this.dealer.setLinger(CLOSE_LINGER_MS);
			}
			this.dealer.close();
		}
		finally {
			this.socketLock.unlock();
		}
		if (this.heartbeatThread != Thread.currentThread()) {
			try {
				this.heartbeatThread.join(IO_JOIN_TIMEOUT_MS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		this.context.close();
	}

	// ---------------------------------------------------------------------------------
	// Under the socket lock
	// ---------------------------------------------------------------------------------

	private @Nullable Frame receiveNow() {
		while (true) {
			ZmqMessages.Received message = ZmqMessages.receive(this.dealer, false, ZMQ.DONTWAIT);
			if (message == null) {
				return null;
			}
			Frame frame = accept(message);
			if (frame != null) {
				return frame;
			}
		}
	}

	/**
	 * Sets the socket's receive timeout when it changes.
	 * @return the flags of a receive that waits up to that timeout
	 */
	private int receiveFlags(long waitMs) {
		int timeoutMs = (int) Math.min(Integer.MAX_VALUE, waitMs);
		if (timeoutMs != this.receiveTimeoutMs) {
			this.dealer.setReceiveTimeOut(timeoutMs);
			this.receiveTimeoutMs = timeoutMs;
		}
		return 0;
	}

	/**
	 * After a wait in which nothing came: sends a heartbeat when one is due, and gives up
	 * on a parent silent past the heartbeat timeout. Only a wait that came back empty
	 * counts: after a long handler, what the parent sent meanwhile is read first.
	 */
	private void waited(long nowNs) {
		if (nowNs - this.lastSentNs >= heartbeatIntervalNs(nowNs)) {
			sendHeartbeat(nowNs);
		}
		if (this.counting && nowNs - this.lastHeardNs > this.heartbeatTimeoutNs) {
			LinkClosedException gone = new LinkClosedException("parent of " + describe()
					+ " is gone: nothing heard from it for " + TimeUnit.NANOSECONDS.toMillis(nowNs - this.lastHeardNs)
					+ " ms, more than the heartbeat timeout of "
					+ TimeUnit.NANOSECONDS.toMillis(this.heartbeatTimeoutNs) + " ms");
			this.end = gone;
			throw gone;
		}
	}

	/** The interval of the serving thread's own heartbeats, longer on an idle link. */
	private long heartbeatIntervalNs(long nowNs) {
		return (nowNs - this.lastBusyNs >= this.heartbeatTimeoutNs) ? this.idleHeartbeatIntervalNs
				: this.heartbeatIntervalNs;
	}

	private void sendHeartbeat(long nowNs) {
		if (ZmqMessages.send(this.dealer, null, this.heartbeatHeader, EMPTY) == ZmqMessages.SendResult.SENT) {
			this.lastSentNs = nowNs;
		}
	}

	/**
	 * Takes a received message.
	 * @return the frame to hand to the worker, or {@code null} for a heartbeat or a bad
	 * frame, which was reported
	 * @throws LinkClosedException for the parent's goodbye or a message off the protocol
	 */
	private @Nullable Frame accept(ZmqMessages.Received message) {
		this.counting = true;
		this.lastHeardNs = System.nanoTime();
		if (!ZmqMessages.hasFrameParts(message)) {
			LinkClosedException gone = new LinkClosedException(
					"parent of " + describe() + " sent a message of " + message.partCount() + " parts, expected "
							+ ZmqMessages.FRAME_PARTS + "; the link is ended rather than trusted further");
			logger.error(gone.getMessage());
			this.end = gone;
			throw gone;
		}
		Frame frame;
		try {
			frame = ZmqMessages.decode(message, this.maxMessageSize, this.group);
		}
		catch (FrameFormatException | IpcMessageTooLargeException ex) {
			long requestId = ZmqMessages.requestId(message);
			logger.warn("Dropped a bad frame from the parent (request " + requestId + ") on " + describe(), ex);
			this.badFrameListener.onBadFrame(requestId, ex);
			return null;
		}
		if (frame == null) {
			this.goodbye = true;
			LinkClosedException gone = new LinkClosedException("parent of " + describe() + " closed the link");
			this.end = gone;
			throw gone;
		}
		if (frame.type() == FrameType.HEARTBEAT) {
			long nowNs = System.nanoTime();
			if (nowNs - this.lastSentNs >= this.heartbeatIntervalNs / 2) {
				// Answered on this wake-up, so that the worker's own timer need not fire.
				sendHeartbeat(nowNs);
			}
			return null;
		}
		this.lastBusyNs = this.lastHeardNs;
		return frame;
	}

	private void checkReceivable() {
		if (this.closed.get()) {
			throw new LinkClosedException(describe() + " is closed");
		}
		LinkClosedException end = this.end;
		if (end != null) {
			throw new LinkClosedException(end.getMessage(), end);
		}
	}

	private void checkSendable() {
		checkReceivable();
	}

	// ---------------------------------------------------------------------------------
	// The heartbeat thread
	// ---------------------------------------------------------------------------------

	/**
	 * Sends the heartbeats the serving thread cannot, while it is away from the socket.
	 * Wakes when the next one is due. While the serving thread waits in
	 * {@link #receive(long)}, which sends them itself, this sleeps until it leaves; while
	 * it holds the socket otherwise, this looks again a slice later.
	 */
	private void keepBeating() {
		long sliceNs = TimeUnit.MILLISECONDS.toNanos(this.sliceMs);
		while (!this.closed.get()) {
			long dueInNs = this.lastSentNs + this.heartbeatIntervalNs - System.nanoTime();
			if (dueInNs > 0) {
				LockSupport.parkNanos(this, dueInNs);
				continue;
			}
			if (this.receiving) {
				// Written before receiving is read again: see receive(long). The bound is
				// only a safety net.
				this.dormant = true;
				if (this.receiving && !this.closed.get()) {
					LockSupport.parkNanos(this, this.heartbeatTimeoutNs);
				}
				this.dormant = false;
				continue;
			}
			if (this.socketLock.tryLock()) {
				try {
					long nowNs = System.nanoTime();
					if (!this.closed.get() && this.end == null && nowNs - this.lastSentNs >= this.heartbeatIntervalNs) {
						sendHeartbeat(nowNs);
					}
				}
				catch (RuntimeException ex) {
					logger.warn("Could not send a heartbeat on " + describe(), ex);
				}
				finally {
					this.socketLock.unlock();
				}
				if (System.nanoTime() - this.lastSentNs >= this.heartbeatIntervalNs) {
					// ZeroMQ took nothing: try again a slice later, not at once.
					LockSupport.parkNanos(this, sliceNs);
				}
			}
			else {
				LockSupport.parkNanos(this, sliceNs);
			}
		}
	}

	private static void checkNotInterrupted() throws InterruptedException {
		if (Thread.interrupted()) {
			// Into JeroMQ on an interrupted thread, a write to one of its pipes would
			// close the pipe and break the context for good.
			throw new InterruptedException("interrupted; the ZeroMQ socket was not touched");
		}
	}

	private String describe() {
		return "zmq link to group '" + this.group + "' at " + this.endpoint;
	}

	private static ZmqEndpoint checkEndpoint(String endpoint, boolean curve) {
		ZmqEndpoint parsed = ZmqEndpoint.parse(endpoint, ENDPOINT_KEY);
		if (parsed.port().equals("*")) {
			throw new IllegalArgumentException(ENDPOINT_KEY + "=" + endpoint + " has no port to connect to");
		}
		if (!curve && !parsed.isLoopback()) {
			throw new IllegalArgumentException(endpoint + " can be reached from other machines, so the link must be"
					+ " authenticated and encrypted with CURVE: give the group's server public key and the"
					+ " worker's key pair (" + ZmqOptions.SERVER_PUBLIC_KEY_PROPERTY + ", "
					+ ZmqOptions.WORKER_PUBLIC_KEY_PROPERTY + ", " + ZmqOptions.WORKER_SECRET_KEY_PROPERTY + ")");
		}
		return parsed;
	}

	private static void checkHeartbeat(Duration interval, Duration timeout) {
		if (interval.toMillis() < 1 || timeout.compareTo(interval) <= 0) {
			throw new IllegalArgumentException("the heartbeat timeout (" + timeout
					+ ") must be longer than the heartbeat interval (" + interval + "), which is at least 1ms");
		}
	}

	private static String newRoutingId(String prefix) {
		byte[] random = new byte[16];
		RANDOM.nextBytes(random);
		return prefix + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
	}

	private static String required(Map<String, String> settings, String key) throws IOException {
		String value = settings.get(key);
		if (value == null || value.isEmpty()) {
			throw new IOException("zmq link setting missing: key=" + key);
		}
		return value;
	}

	private static long number(Map<String, String> settings, String key, long defaultValue) throws IOException {
		String value = settings.get(key);
		if (value == null || value.isEmpty()) {
			return defaultValue;
		}
		try {
			return Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IOException("zmq link setting is not a number: " + key + "=" + value, ex);
		}
	}

	/**
	 * The settings of a worker host that joins a group on its own, built from plain
	 * values. Without CURVE, only a loopback endpoint is accepted.
	 */
	public static final class RemoteSettings {

		private final String endpoint;

		private final String group;

		private @Nullable String serverPublicKey;

		private @Nullable CurveKeys workerKeys;

		private Duration heartbeatInterval = ZmqOptions.DEFAULT_HEARTBEAT_INTERVAL;

		private Duration heartbeatTimeout = ZmqOptions.DEFAULT_HEARTBEAT_TIMEOUT;

		private int maxMessageSize = ZmqOptions.DEFAULT_MAX_MESSAGE_SIZE;

		private int sendHighWaterMark = ZmqOptions.DEFAULT_SEND_HIGH_WATER_MARK;

		private @Nullable String routingId;

		private RemoteSettings(String endpoint, String group) {
			this.endpoint = endpoint;
			this.group = group;
		}

		/**
		 * Authenticates and encrypts the link with CURVE.
		 * @param serverPublicKey the group's public key, in Z85
		 * @param workerKeys the worker host's key pair, whose public key the group
		 * authorizes
		 * @return these settings
		 */
		public RemoteSettings curve(String serverPublicKey, CurveKeys workerKeys) {
			CurveKeys.decode(serverPublicKey, "server public key");
			this.serverPublicKey = serverPublicKey;
			this.workerKeys = workerKeys;
			return this;
		}

		/**
		 * Sets the heartbeat times: the group's, or an interval well below its timeout.
		 * @param interval how often to send a heartbeat when nothing else was sent
		 * @param timeout how long until a silent parent counts as gone
		 * @return these settings
		 */
		public RemoteSettings heartbeat(Duration interval, Duration timeout) {
			checkHeartbeat(interval, timeout);
			this.heartbeatInterval = interval;
			this.heartbeatTimeout = timeout;
			return this;
		}

		/**
		 * Sets the largest frame; use the group's.
		 * @param maxMessageSize the largest frame, header included, in bytes
		 * @return these settings
		 */
		public RemoteSettings maxMessageSize(int maxMessageSize) {
			this.maxMessageSize = maxMessageSize;
			return this;
		}

		/**
		 * Sets how many messages ZeroMQ queues for the parent before sends wait.
		 * @param sendHighWaterMark the number of messages
		 * @return these settings
		 */
		public RemoteSettings sendHighWaterMark(int sendHighWaterMark) {
			this.sendHighWaterMark = sendHighWaterMark;
			return this;
		}

		/**
		 * Sets the routing id instead of a random one. Two connections with the same
		 * routing id cannot both be connected.
		 * @param routingId printable ASCII, at most 255 characters
		 * @return these settings
		 */
		public RemoteSettings routingId(String routingId) {
			if (routingId.isEmpty() || routingId.length() > 255
					|| !StandardCharsets.US_ASCII.newEncoder().canEncode(routingId)) {
				throw new IllegalArgumentException("a routing id is 1 to 255 ASCII characters: " + routingId);
			}
			this.routingId = routingId;
			return this;
		}

		/**
		 * Returns the settings, for {@link ZmqChildLink#connect(Map)}.
		 * @return the settings
		 * @throws IllegalArgumentException when the endpoint is not loopback and CURVE is
		 * not set, or is not an endpoint
		 */
		public Map<String, String> toMap() {
			checkEndpoint(this.endpoint, this.serverPublicKey != null);
			Map<String, String> settings = new LinkedHashMap<>();
			settings.put(WorkerLink.TRANSPORT_KEY, TRANSPORT_NAME);
			settings.put(ENDPOINT_KEY, this.endpoint);
			settings.put(GROUP_KEY, this.group);
			settings.put(ROUTING_ID_KEY, (this.routingId != null) ? this.routingId : newRoutingId("r"));
			settings.put(HEARTBEAT_INTERVAL_KEY, Long.toString(this.heartbeatInterval.toMillis()));
			settings.put(HEARTBEAT_TIMEOUT_KEY, Long.toString(this.heartbeatTimeout.toMillis()));
			settings.put(MAX_MESSAGE_SIZE_KEY, Integer.toString(this.maxMessageSize));
			settings.put(SEND_HIGH_WATER_MARK_KEY, Integer.toString(this.sendHighWaterMark));
			CurveKeys workerKeys = this.workerKeys;
			if (this.serverPublicKey != null && workerKeys != null) {
				settings.put(SERVER_PUBLIC_KEY_KEY, this.serverPublicKey);
				settings.put(PUBLIC_KEY_KEY, workerKeys.publicKey());
				settings.put(SECRET_KEY_KEY, workerKeys.secretKey());
			}
			return settings;
		}

	}

}
