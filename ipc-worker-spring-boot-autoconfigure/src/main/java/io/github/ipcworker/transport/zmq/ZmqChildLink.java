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
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

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
 * socket with the routing id from the settings, owned by an I/O thread of the link's own.
 * The I/O thread passes queued frames to ZeroMQ, queues received frames for
 * {@link #receive(long)}, sends a heartbeat whenever nothing else was sent for the
 * heartbeat interval, even while the worker's handler runs for minutes, and gives up on
 * the parent when nothing was heard from it for the heartbeat timeout.
 *
 * <p>
 * The parent's silence is counted from the worker's first frame, or from the first thing
 * heard from the parent if that comes earlier: a worker still starting up, which has sent
 * nothing yet, waits as long as it needs.
 *
 * <p>
 * {@link #receive(long)} and {@link #poll()} are for one thread; {@link #send(Frame)} may
 * be called from any thread. Frames the parent sent before it went are still received;
 * after them, receiving fails with {@link LinkClosedException}. Frames that do not decode
 * are logged, dropped and reported to the {@link #onBadFrame(BadFrameListener) listener}.
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

	/** How long {@link #close()} waits for the I/O thread, in milliseconds. */
	static final long IO_JOIN_TIMEOUT_MS = 5_000L;

	/**
	 * How long closing may take to send the frames still queued and the goodbye, in
	 * milliseconds; bounded, so that a parent that does not read cannot hold up the exit.
	 */
	static final int CLOSE_LINGER_MS = 2_000;

	/** How soon to try again to send when ZeroMQ took nothing, in milliseconds. */
	static final long BLOCKED_RETRY_MS = 10L;

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

	private final SocketSelector selector;

	private final int maxMessageSize;

	private final long heartbeatIntervalNs;

	private final long heartbeatTimeoutNs;

	private final SendQueue sendQueue = new SendQueue(ZmqTransport.SEND_QUEUE_CAPACITY);

	/** Frames, bad-frame reports and the end, in order, for the receiving thread. */
	private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

	private final byte[] heartbeatHeader = ZmqMessages.header(Frame.of(FrameType.HEARTBEAT, 0, 0L));

	private final Thread ioThread;

	private final Thread shutdownHook;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * Set once the worker sent its first frame: from then on the parent's silence counts.
	 */
	private volatile boolean sending;

	private volatile BadFrameListener badFrameListener = (requestId, problem) -> {
	};

	/** I/O thread only: when something was last sent to the parent. */
	private long lastSentNs;

	/** Receiving thread only: the end, once taken from the inbox. */
	private @Nullable LinkClosedException end;

	private ZmqChildLink(String group, String endpoint, ZmqContext context, ZMQ.Socket dealer, SocketSelector selector,
			int maxMessageSize, Duration heartbeatInterval, Duration heartbeatTimeout) {
		this.group = group;
		this.endpoint = endpoint;
		this.context = context;
		this.dealer = dealer;
		this.selector = selector;
		this.maxMessageSize = maxMessageSize;
		this.heartbeatIntervalNs = heartbeatInterval.toNanos();
		this.heartbeatTimeoutNs = heartbeatTimeout.toNanos();
		this.ioThread = new Thread(this::run, "ipc-worker-zmq-" + group + "-worker-io");
		this.ioThread.setDaemon(true);
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
		SocketSelector selector = null;
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
			selector = new SocketSelector(dealer);
		}
		catch (IOException | RuntimeException ex) {
			if (selector != null) {
				selector.close();
			}
			if (dealer != null) {
				dealer.close();
			}
			context.close();
			throw (ex instanceof IOException io) ? io
					: new IOException("cannot connect to group '" + group + "' at " + endpoint + ": " + ex, ex);
		}
		ZmqChildLink link = new ZmqChildLink(group, endpoint.toString(), context, dealer, selector, maxMessageSize,
				interval, timeout);
		link.ioThread.start();
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
		if (timeoutNs <= 0) {
			return poll();
		}
		long deadlineNs = System.nanoTime() + timeoutNs;
		while (true) {
			checkReceivable();
			Object item = this.inbox.poll(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (item == null) {
				return null;
			}
			Frame frame = take(item);
			if (frame != null) {
				return frame;
			}
		}
	}

	@Override
	public @Nullable Frame poll() {
		while (true) {
			checkReceivable();
			Object item = this.inbox.poll();
			if (item == null) {
				return null;
			}
			Frame frame = take(item);
			if (frame != null) {
				return frame;
			}
		}
	}

	@Override
	public void send(Frame frame) throws InterruptedException {
		if (this.closed.get()) {
			throw new LinkClosedException(describe() + " is closed");
		}
		long size = (long) FrameDescriptor.HEADER_LENGTH + frame.payload().length;
		if (size > this.maxMessageSize) {
			throw new IpcMessageTooLargeException(this.group,
					frame.type().name().toLowerCase(Locale.ROOT).replace('_', ' '), size, this.maxMessageSize);
		}
		try {
			this.sendQueue.put(new SendQueue.Outbound(ZmqMessages.header(frame), frame.payload()), Long.MAX_VALUE,
					frame + " to the parent");
		}
		catch (TimeoutException ex) {
			throw new IllegalStateException("cannot time out without a timeout", ex);
		}
		this.sending = true;
		this.selector.wakeUp();
	}

	@Override
	public void onBadFrame(BadFrameListener listener) {
		this.badFrameListener = listener;
	}

	/**
	 * Passes the frames still queued to ZeroMQ and says goodbye to the parent, unless it
	 * is gone, then releases the socket, the I/O thread and the ZeroMQ context, giving
	 * ZeroMQ at most {@link #CLOSE_LINGER_MS} to send what it holds. Idempotent. Also run
	 * when the JVM exits without closing the link, so that a frame sent just before
	 * {@code System.exit}, such as a worker's boot failure, still reaches the parent.
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
		this.selector.wakeUp();
		if (this.ioThread != Thread.currentThread()) {
			try {
				this.ioThread.join(IO_JOIN_TIMEOUT_MS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		LinkClosedException closed = new LinkClosedException(describe() + " is closed");
		this.sendQueue.close(closed);
		this.inbox.add(new ZmqWorkerLink.Closed(closed));
		if (this.ioThread.isAlive()) {
			logger.error("The I/O thread of " + describe() + " did not end within " + IO_JOIN_TIMEOUT_MS
					+ " ms; leaving its ZeroMQ context open rather than hang");
			return;
		}
		this.context.close();
	}

	// ---------------------------------------------------------------------------------
	// The I/O thread
	// ---------------------------------------------------------------------------------

	private void run() {
		LinkClosedException gone = null;
		boolean goodbye = false;
		try {
			long startNs = System.nanoTime();
			long lastHeardNs = startNs;
			this.lastSentNs = startNs - this.heartbeatIntervalNs;
			boolean counting = false;
			boolean blocked = false;
			boolean moreToReceive = false;
			long tickMs = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(this.heartbeatIntervalNs) / 4);
			while (!this.closed.get()) {
				boolean readable = this.selector.await(moreToReceive ? 0 : (blocked ? BLOCKED_RETRY_MS : tickMs));
				long nowNs = System.nanoTime();
				boolean sent = !this.sendQueue.isEmpty();
				if (!counting && this.sending) {
					// The silence counts from now, not from before the worker started up.
					counting = true;
					lastHeardNs = Math.max(lastHeardNs, nowNs);
				}
				blocked = this.sendQueue.flush(
						(message) -> send(message.header(), message.payload(), nowNs)) != ZmqMessages.SendResult.SENT;
				moreToReceive = false;
				int received = 0;
				for (int i = 0; i < RouterLoop.RECEIVE_BATCH; i++) {
					if ((this.dealer.getEvents() & ZMQ.Poller.POLLIN) == 0) {
						break;
					}
					ZmqMessages.Received message = ZmqMessages.receive(this.dealer, false);
					if (message == null) {
						break;
					}
					received++;
					counting = true;
					lastHeardNs = nowNs;
					if (!ZmqMessages.hasFrameParts(message)) {
						gone = new LinkClosedException("parent of " + describe() + " sent a message of "
								+ message.partCount() + " parts, expected " + ZmqMessages.FRAME_PARTS
								+ "; the link is ended rather than trusted further");
						logger.error(gone.getMessage());
						return;
					}
					if (!accept(message)) {
						goodbye = true;
						gone = new LinkClosedException("parent of " + describe() + " closed the link");
						return;
					}
					moreToReceive = i == RouterLoop.RECEIVE_BATCH - 1;
				}
				this.selector.turnDone(readable, sent || received > 0);
				if (counting && nowNs - lastHeardNs > this.heartbeatTimeoutNs) {
					gone = new LinkClosedException("parent of " + describe() + " is gone: nothing heard from it for "
							+ TimeUnit.NANOSECONDS.toMillis(nowNs - lastHeardNs) + " ms, more than the heartbeat"
							+ " timeout of " + TimeUnit.NANOSECONDS.toMillis(this.heartbeatTimeoutNs) + " ms");
					return;
				}
				if (nowNs - this.lastSentNs >= this.heartbeatIntervalNs) {
					send(this.heartbeatHeader, EMPTY, nowNs);
					// Sending may have taken the wake-up of a message that arrived
					// meanwhile.
					moreToReceive |= (this.dealer.getEvents() & ZMQ.Poller.POLLIN) != 0;
				}
			}
		}
		catch (RuntimeException ex) {
			if (!this.closed.get()) {
				logger.error("The I/O thread of " + describe() + " failed", ex);
				gone = new LinkClosedException("the I/O thread of " + describe() + " failed", ex);
			}
		}
		finally {
			if (gone != null) {
				this.sendQueue.close(gone);
				this.inbox.add(new ZmqWorkerLink.Closed(gone));
			}
			if (gone == null && !goodbye) {
				// Closed by the worker: what it sent last and a goodbye, which tells the
				// parent at once, go out within the linger.
				this.sendQueue
					.flush((message) -> ZmqMessages.send(this.dealer, null, message.header(), message.payload()));
				ZmqMessages.send(this.dealer, null, null, EMPTY);
				this.dealer.setLinger(CLOSE_LINGER_MS);
			}
			this.dealer.close();
			this.selector.close();
		}
	}

	private ZmqMessages.SendResult send(byte[] header, byte[] payload, long nowNs) {
		ZmqMessages.SendResult result = ZmqMessages.send(this.dealer, null, header, payload);
		if (result == ZmqMessages.SendResult.SENT) {
			this.lastSentNs = nowNs;
		}
		return result;
	}

	/**
	 * Queues a received message for the receiving thread.
	 * @return {@code false} for the parent's goodbye
	 */
	private boolean accept(ZmqMessages.Received message) {
		Frame frame;
		try {
			frame = ZmqMessages.decode(message, this.maxMessageSize, this.group);
		}
		catch (FrameFormatException | IpcMessageTooLargeException ex) {
			this.inbox.add(new ZmqWorkerLink.BadFrame(ZmqMessages.requestId(message), ex));
			return true;
		}
		if (frame == null) {
			return false;
		}
		if (frame.type() != FrameType.HEARTBEAT) {
			this.inbox.add(frame);
		}
		return true;
	}

	// ---------------------------------------------------------------------------------
	// The receiving thread
	// ---------------------------------------------------------------------------------

	/**
	 * Takes an item from the inbox: a frame to return, a bad frame to report, or the end.
	 */
	private @Nullable Frame take(Object item) {
		if (item instanceof Frame frame) {
			return frame;
		}
		if (item instanceof ZmqWorkerLink.BadFrame bad) {
			logger.warn("Dropped a bad frame from the parent (request " + bad.requestId() + ") on " + describe(),
					bad.problem());
			this.badFrameListener.onBadFrame(bad.requestId(), bad.problem());
			return null;
		}
		Throwable cause = ((ZmqWorkerLink.Closed) item).cause();
		this.end = (cause instanceof LinkClosedException closed) ? closed
				: new LinkClosedException(describe() + " is closed");
		throw this.end;
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
