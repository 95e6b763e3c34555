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

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Settings of the ZeroMQ transport of one group. The constructor checks them and fails,
 * naming the property to set, on values the transport cannot use, above all on an
 * endpoint reachable from other machines without CURVE keys.
 *
 * @param bindEndpoint where the group's ROUTER socket listens, {@code tcp://host:port};
 * the port may be {@code *} for one the system picks
 * @param heartbeatInterval how often each end sends a heartbeat when it has sent nothing
 * else; once nothing but heartbeats has moved for a heartbeat timeout, they go further
 * apart, see {@link #idleHeartbeatIntervalNs(long, long)}
 * @param heartbeatTimeout how long an end waits without hearing anything from the other
 * before it counts it as gone; longer than the interval
 * @param maxMessageSize the largest frame, header included, in bytes, either way;
 * enforced by the sender and by the receiver
 * @param serverKeys the group's CURVE key pair, or {@code null} for no CURVE (loopback
 * only)
 * @param authorizedKeys the public keys of the worker hosts allowed to join, in Z85; the
 * keys the transport makes for its own workers are allowed besides
 * @param sendHighWaterMark how many messages ZeroMQ queues for one peer before sends to
 * it wait
 * @param maxWorkersPerKey how many remote workers with the same CURVE public key may be
 * joined at once; one more is refused, so that one key cannot open thousands
 * @param maxRemoteWorkers how many remote workers may be joined to the group at once
 */
public record ZmqOptions(String bindEndpoint, Duration heartbeatInterval, Duration heartbeatTimeout, int maxMessageSize,
		@Nullable CurveKeys serverKeys, Set<String> authorizedKeys, int sendHighWaterMark, int maxWorkersPerKey,
		int maxRemoteWorkers) {

	/** Property of the bind endpoint. */
	public static final String BIND_PROPERTY = "ipc.worker.zmq.bind";

	/** Property of the group's CURVE public key. */
	public static final String SERVER_PUBLIC_KEY_PROPERTY = "ipc.worker.zmq.server-public-key";

	/** Property of the group's CURVE secret key. */
	public static final String SERVER_SECRET_KEY_PROPERTY = "ipc.worker.zmq.server-secret-key";

	/** Property of the file holding the group's CURVE secret key. */
	public static final String SERVER_SECRET_KEY_FILE_PROPERTY = "ipc.worker.zmq.server-secret-key-file";

	/** Property of the file holding a worker host's CURVE secret key. */
	public static final String WORKER_SECRET_KEY_FILE_PROPERTY = "ipc.worker.zmq.worker-secret-key-file";

	/** Property of the file listing more worker host public keys allowed to join. */
	public static final String AUTHORIZED_KEYS_FILE_PROPERTY = "ipc.worker.zmq.authorized-keys-file";

	/** Property of the worker hosts' public keys allowed to join. */
	public static final String AUTHORIZED_KEYS_PROPERTY = "ipc.worker.zmq.authorized-keys";

	/** Property of a worker host's CURVE public key. */
	public static final String WORKER_PUBLIC_KEY_PROPERTY = "ipc.worker.zmq.worker-public-key";

	/** Property of a worker host's CURVE secret key. */
	public static final String WORKER_SECRET_KEY_PROPERTY = "ipc.worker.zmq.worker-secret-key";

	/** Property of the heartbeat interval. */
	public static final String HEARTBEAT_INTERVAL_PROPERTY = "ipc.worker.zmq.heartbeat-interval";

	/** Property of the heartbeat timeout. */
	public static final String HEARTBEAT_TIMEOUT_PROPERTY = "ipc.worker.zmq.heartbeat-timeout";

	/** Property of the send high-water mark. */
	public static final String SEND_HIGH_WATER_MARK_PROPERTY = "ipc.worker.zmq.send-high-water-mark";

	/** Property of the most remote workers joined at once with one CURVE key. */
	public static final String MAX_WORKERS_PER_KEY_PROPERTY = "ipc.worker.zmq.max-workers-per-key";

	/**
	 * Property of the most remote workers joined to a group at once, under
	 * {@code ipc.worker.groups.<name>}.
	 */
	public static final String MAX_REMOTE_WORKERS_PROPERTY = "max-remote-workers";

	/** Default most remote workers per CURVE key. */
	public static final int DEFAULT_MAX_WORKERS_PER_KEY = 64;

	/** Default most remote workers per group. */
	public static final int DEFAULT_MAX_REMOTE_WORKERS = 256;

	/** Default bind endpoint: a port the system picks, on loopback. */
	public static final String DEFAULT_BIND_ENDPOINT = "tcp://127.0.0.1:*";

	/** How many times further apart heartbeats go on an idle link, at most. */
	static final int IDLE_HEARTBEAT_STRETCH = 4;

	/** Default heartbeat interval. */
	public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	/** Default heartbeat timeout. */
	public static final Duration DEFAULT_HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

	/** Default largest frame: the default of {@code ipc.worker.max-message-size}. */
	public static final int DEFAULT_MAX_MESSAGE_SIZE = 64 << 20;

	/**
	 * Shortest handshake timeout in ms: a CURVE handshake takes a few round trips.
	 */
	static final long MIN_HANDSHAKE_TIMEOUT_MS = 250L;

	/** Default send high-water mark, ZeroMQ's own. */
	public static final int DEFAULT_SEND_HIGH_WATER_MARK = 1000;

	/**
	 * Checks the settings.
	 * @param bindEndpoint where to listen
	 * @param heartbeatInterval how often to send heartbeats
	 * @param heartbeatTimeout how long until a silent peer counts as gone
	 * @param maxMessageSize the largest frame
	 * @param serverKeys the CURVE key pair, or {@code null}
	 * @param authorizedKeys the allowed worker keys
	 * @param sendHighWaterMark messages queued per peer
	 * @param maxWorkersPerKey remote workers joined at once per CURVE key
	 * @param maxRemoteWorkers remote workers joined at once
	 * @throws IllegalArgumentException when a value cannot be used, naming its property
	 */
	public ZmqOptions {
		ZmqEndpoint endpoint = ZmqEndpoint.parse(bindEndpoint, BIND_PROPERTY);
		if (heartbeatInterval.toMillis() < 1) {
			throw new IllegalArgumentException(
					HEARTBEAT_INTERVAL_PROPERTY + " must be at least 1ms: " + heartbeatInterval);
		}
		if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
			throw new IllegalArgumentException(HEARTBEAT_TIMEOUT_PROPERTY + " (" + heartbeatTimeout
					+ ") must be longer than " + HEARTBEAT_INTERVAL_PROPERTY + " (" + heartbeatInterval + ")");
		}
		if (maxMessageSize < FrameDescriptor.HEADER_LENGTH) {
			throw new IllegalArgumentException("ipc.worker.max-message-size must be at least "
					+ FrameDescriptor.HEADER_LENGTH + " bytes: " + maxMessageSize);
		}
		if (sendHighWaterMark < 1) {
			throw new IllegalArgumentException(
					SEND_HIGH_WATER_MARK_PROPERTY + " must be at least 1: " + sendHighWaterMark);
		}
		if (maxWorkersPerKey < 1) {
			throw new IllegalArgumentException(
					MAX_WORKERS_PER_KEY_PROPERTY + " must be at least 1: " + maxWorkersPerKey);
		}
		if (maxRemoteWorkers < 1) {
			throw new IllegalArgumentException("ipc.worker.groups.<name>." + MAX_REMOTE_WORKERS_PROPERTY
					+ " must be at least 1: " + maxRemoteWorkers);
		}
		Set<String> keys = new LinkedHashSet<>();
		for (String key : authorizedKeys) {
			String trimmed = key.trim();
			CurveKeys.decode(trimmed, AUTHORIZED_KEYS_PROPERTY + " entry " + trimmed);
			keys.add(trimmed);
		}
		authorizedKeys = Set.copyOf(keys);
		if (serverKeys == null && !authorizedKeys.isEmpty()) {
			throw new IllegalArgumentException(AUTHORIZED_KEYS_PROPERTY + " is set, but without CURVE it cannot be"
					+ " checked: set " + SERVER_PUBLIC_KEY_PROPERTY + " and " + SERVER_SECRET_KEY_PROPERTY);
		}
		if (serverKeys == null && !endpoint.isLoopback()) {
			throw new IllegalArgumentException(BIND_PROPERTY + "=" + bindEndpoint
					+ " can be reached from other machines, so workers must prove who they are with CURVE: set "
					+ SERVER_PUBLIC_KEY_PROPERTY + " and " + SERVER_SECRET_KEY_PROPERTY + " (or "
					+ SERVER_SECRET_KEY_FILE_PROPERTY + "; make a pair with"
					+ " io.github.ipcworker.transport.zmq.CurveKeys) and list the worker hosts' public keys in "
					+ AUTHORIZED_KEYS_PROPERTY + ", or bind to loopback, such as " + DEFAULT_BIND_ENDPOINT);
		}
	}

	/**
	 * Checks the settings, with the default caps on remote workers.
	 * @param bindEndpoint where to listen
	 * @param heartbeatInterval how often to send heartbeats
	 * @param heartbeatTimeout how long until a silent peer counts as gone
	 * @param maxMessageSize the largest frame
	 * @param serverKeys the CURVE key pair, or {@code null}
	 * @param authorizedKeys the allowed worker keys
	 * @param sendHighWaterMark messages queued per peer
	 * @throws IllegalArgumentException when a value cannot be used, naming its property
	 */
	public ZmqOptions(String bindEndpoint, Duration heartbeatInterval, Duration heartbeatTimeout, int maxMessageSize,
			@Nullable CurveKeys serverKeys, Set<String> authorizedKeys, int sendHighWaterMark) {
		this(bindEndpoint, heartbeatInterval, heartbeatTimeout, maxMessageSize, serverKeys, authorizedKeys,
				sendHighWaterMark, DEFAULT_MAX_WORKERS_PER_KEY, DEFAULT_MAX_REMOTE_WORKERS);
	}

	/**
	 * Returns the default settings: loopback, no CURVE.
	 * @return the defaults
	 */
	public static ZmqOptions defaults() {
		return new ZmqOptions(DEFAULT_BIND_ENDPOINT, DEFAULT_HEARTBEAT_INTERVAL, DEFAULT_HEARTBEAT_TIMEOUT,
				DEFAULT_MAX_MESSAGE_SIZE, null, Set.of(), DEFAULT_SEND_HIGH_WATER_MARK);
	}

	/**
	 * Makes the group's key pair from the two key properties.
	 * @param publicKey the value of {@value #SERVER_PUBLIC_KEY_PROPERTY}, or {@code null}
	 * @param secretKey the value of {@value #SERVER_SECRET_KEY_PROPERTY}, or {@code null}
	 * @return the key pair, or {@code null} when neither is set
	 * @throws IllegalArgumentException when only one is set or they are not a key pair,
	 * naming the properties
	 */
	public static @Nullable CurveKeys serverKeys(@Nullable String publicKey, @Nullable String secretKey) {
		boolean hasPublic = publicKey != null && !publicKey.isBlank();
		boolean hasSecret = secretKey != null && !secretKey.isBlank();
		if (!hasPublic && !hasSecret) {
			return null;
		}
		if (!hasPublic || !hasSecret) {
			throw new IllegalArgumentException("set both " + SERVER_PUBLIC_KEY_PROPERTY + " and "
					+ SERVER_SECRET_KEY_PROPERTY + ", or neither; only "
					+ (hasPublic ? SERVER_PUBLIC_KEY_PROPERTY : SERVER_SECRET_KEY_PROPERTY) + " is set");
		}
		try {
			return new CurveKeys(publicKey.trim(), secretKey.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(SERVER_PUBLIC_KEY_PROPERTY + " and " + SERVER_SECRET_KEY_PROPERTY
					+ " are not a CURVE key pair: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Returns these settings with another bind endpoint.
	 * @param bindEndpoint where to listen
	 * @return the new settings
	 */
	public ZmqOptions withBindEndpoint(String bindEndpoint) {
		return new ZmqOptions(bindEndpoint, this.heartbeatInterval, this.heartbeatTimeout, this.maxMessageSize,
				this.serverKeys, this.authorizedKeys, this.sendHighWaterMark, this.maxWorkersPerKey,
				this.maxRemoteWorkers);
	}

	/**
	 * Returns these settings with other heartbeat times.
	 * @param interval how often to send heartbeats
	 * @param timeout how long until a silent peer counts as gone
	 * @return the new settings
	 */
	public ZmqOptions withHeartbeat(Duration interval, Duration timeout) {
		return new ZmqOptions(this.bindEndpoint, interval, timeout, this.maxMessageSize, this.serverKeys,
				this.authorizedKeys, this.sendHighWaterMark, this.maxWorkersPerKey, this.maxRemoteWorkers);
	}

	/**
	 * Returns these settings with another largest frame.
	 * @param maxMessageSize the largest frame, header included, in bytes
	 * @return the new settings
	 */
	public ZmqOptions withMaxMessageSize(int maxMessageSize) {
		return new ZmqOptions(this.bindEndpoint, this.heartbeatInterval, this.heartbeatTimeout, maxMessageSize,
				this.serverKeys, this.authorizedKeys, this.sendHighWaterMark, this.maxWorkersPerKey,
				this.maxRemoteWorkers);
	}

	/**
	 * Returns these settings with CURVE.
	 * @param serverKeys the group's key pair
	 * @param authorizedKeys the worker hosts' public keys allowed to join
	 * @return the new settings
	 */
	public ZmqOptions withCurve(CurveKeys serverKeys, Set<String> authorizedKeys) {
		return new ZmqOptions(this.bindEndpoint, this.heartbeatInterval, this.heartbeatTimeout, this.maxMessageSize,
				serverKeys, authorizedKeys, this.sendHighWaterMark, this.maxWorkersPerKey, this.maxRemoteWorkers);
	}

	/**
	 * Returns these settings with another send high-water mark.
	 * @param sendHighWaterMark messages queued per peer
	 * @return the new settings
	 */
	public ZmqOptions withSendHighWaterMark(int sendHighWaterMark) {
		return new ZmqOptions(this.bindEndpoint, this.heartbeatInterval, this.heartbeatTimeout, this.maxMessageSize,
				this.serverKeys, this.authorizedKeys, sendHighWaterMark, this.maxWorkersPerKey, this.maxRemoteWorkers);
	}

	/**
	 * Returns these settings with other caps on remote workers.
	 * @param maxWorkersPerKey remote workers joined at once per CURVE key
	 * @param maxRemoteWorkers remote workers joined at once
	 * @return the new settings
	 */
	public ZmqOptions withRemoteWorkerCaps(int maxWorkersPerKey, int maxRemoteWorkers) {
		return new ZmqOptions(this.bindEndpoint, this.heartbeatInterval, this.heartbeatTimeout, this.maxMessageSize,
				this.serverKeys, this.authorizedKeys, this.sendHighWaterMark, maxWorkersPerKey, maxRemoteWorkers);
	}

	/**
	 * Returns how long a connection's handshake may take before JeroMQ drops it and the
	 * worker connects again: a third of the heartbeat timeout, so that a worker whose
	 * connection is made again is still heard in time, and at least
	 * {@value #MIN_HANDSHAKE_TIMEOUT_MS} ms. JeroMQ 0.6.0 now and then leaves a fresh
	 * connection's handshake hanging (measured: 2 to 6 in 100 loopback connections); its
	 * default of 30 s would hold a worker back that long.
	 * @param heartbeatTimeout the heartbeat timeout
	 * @return the handshake timeout in milliseconds
	 */
	static int handshakeTimeoutMs(Duration heartbeatTimeout) {
		return (int) Math.min(Integer.MAX_VALUE, Math.max(MIN_HANDSHAKE_TIMEOUT_MS, heartbeatTimeout.toMillis() / 3));
	}

	/**
	 * Returns the heartbeat interval of an idle link, one where nothing but heartbeats
	 * has moved for a heartbeat timeout: up to {@value #IDLE_HEARTBEAT_STRETCH} times the
	 * interval but at most two fifths of the timeout, so that two heartbeats still fall
	 * within it, and never below the interval. With the defaults, 2 s: each heartbeat
	 * wakes a thread of each end and the I/O threads of JeroMQ on both, which is most of
	 * what an idle group costs, and silence is still found at the timeout.
	 * @param intervalNs the heartbeat interval
	 * @param timeoutNs the heartbeat timeout
	 * @return the interval when idle, in nanoseconds
	 */
	static long idleHeartbeatIntervalNs(long intervalNs, long timeoutNs) {
		return Math.max(intervalNs, Math.min(intervalNs * IDLE_HEARTBEAT_STRETCH, timeoutNs / 5 * 2));
	}

	/**
	 * Returns whether workers authenticate with CURVE.
	 * @return whether server keys are set
	 */
	public boolean curve() {
		return this.serverKeys != null;
	}

}
