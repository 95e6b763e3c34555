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
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The parent's end of a ZeroMQ link to one worker: a routing id on the group's ROUTER
 * socket, a bounded queue of frames to send, a queue of frames received, and a thread
 * that hands those to the listener. The socket itself belongs to the transport's I/O
 * thread (see {@link ZmqTransport}); senders only queue and wake it.
 *
 * <p>
 * A link made by {@link ZmqTransport#open(int)} is for a worker the group launches: its
 * {@link #childSettings() settings} hold the endpoint, the routing id and, with CURVE, a
 * key pair made for this worker alone. Frames sent before the worker connects wait in the
 * queue. A link made for a worker that joined on its own has its READY frame queued as
 * the first frame received.
 *
 * <p>
 * The worker counts as gone when it says goodbye, or, once it has been heard at all, when
 * nothing was heard from it for the heartbeat timeout; the I/O thread sends it a
 * heartbeat whenever nothing else was sent for the heartbeat interval.
 */
public final class ZmqWorkerLink implements WorkerLink {

	/**
	 * How long {@link #close()} waits for the delivering thread to end, in milliseconds.
	 */
	static final long DELIVERER_JOIN_TIMEOUT_MS = 2_000L;

	private static final Log logger = LogFactory.getLog(ZmqWorkerLink.class);

	/** An empty payload, shared: JeroMQ only reads the arrays it sends. */
	static final byte[] EMPTY = new byte[0];

	private final RouterLoop loop;

	private final String group;

	private final int workerIndex;

	private final String name;

	private final byte[] routingId;

	private final String routingKey;

	private final @Nullable String publicKey;

	private final boolean remote;

	private final Map<String, String> childSettings;

	private final int maxMessageSize;

	private final SendQueue sendQueue;

	private final byte[] heartbeatHeader;

	/** Frames, bad-frame reports and the end, in order, for the delivering thread. */
	private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();

	private final Object lifecycleMonitor = new Object();

	private volatile @Nullable Thread deliverer;

	private volatile boolean closed;

	private volatile @Nullable LinkClosedException workerGone;

	/** Whether the link waits in the I/O thread's queue of work. */
	final AtomicBoolean scheduled = new AtomicBoolean();

	/** I/O thread only: whether the worker was heard at least once. */
	boolean heard;

	/** I/O thread only: when the worker was last heard. */
	long lastHeardNs;

	/** I/O thread only: when something was last sent to the worker. */
	long lastSentNs;

	/** I/O thread only: whether the routing id was given up. */
	boolean released;

	ZmqWorkerLink(RouterLoop loop, String group, int workerIndex, String name, byte[] routingId,
			@Nullable String publicKey, boolean remote, Map<String, String> childSettings, int maxMessageSize,
			int sendQueueCapacity) {
		this.loop = loop;
		this.group = group;
		this.workerIndex = workerIndex;
		this.name = name;
		this.routingId = routingId;
		this.routingKey = RouterLoop.routingKey(routingId);
		this.publicKey = publicKey;
		this.remote = remote;
		this.childSettings = Map.copyOf(childSettings);
		this.maxMessageSize = maxMessageSize;
		this.sendQueue = new SendQueue(sendQueueCapacity);
		this.heartbeatHeader = ZmqMessages.header(Frame.of(FrameType.HEARTBEAT, workerIndex, 0L));
	}

	/**
	 * Returns what the worker needs to connect: for a worker the group launches, the
	 * endpoint, routing id, heartbeat times and, with CURVE, the server's public key and
	 * the worker's own key pair. Holds a secret key: hand it to the worker on its
	 * standard input, never on a command line or in a log. For a worker that joined on
	 * its own, only the transport's name.
	 * @return the settings
	 */
	@Override
	public Map<String, String> childSettings() {
		return this.childSettings;
	}

	/**
	 * Returns whether the worker joined on its own rather than being launched.
	 * @return whether it is a remote worker
	 */
	public boolean isRemote() {
		return this.remote;
	}

	/**
	 * Starts the delivering thread. The listener's
	 * {@link FrameListener#onClosed(Throwable)} is called exactly once, after the last
	 * frame: with {@code null} when the worker said goodbye or this link was closed, with
	 * a {@link LinkClosedException} when the worker fell silent past the heartbeat
	 * timeout, or with whatever else ended the link. A listener that throws an exception
	 * is logged and keeps receiving; one that throws an {@link Error} (say, out of memory
	 * while it reads an answer) closes the link and hears {@code onClosed} with that
	 * error, so that the worker is replaced rather than left with no one to hear it.
	 * @param listener the listener
	 * @throws LinkClosedException when the link is closed
	 * @throws IllegalStateException when the link is already started
	 */
	@Override
	public void start(FrameListener listener) {
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				throw new LinkClosedException(describe() + " is closed");
			}
			if (this.deliverer != null) {
				throw new IllegalStateException(describe() + " is already started");
			}
			Thread deliverer = new Thread(() -> deliver(listener),
					"ipc-worker-" + this.group + "-" + this.name + "-reader");
			deliverer.setDaemon(true);
			this.deliverer = deliverer;
			deliverer.start();
		}
	}

	@Override
	public void send(Frame frame, Duration timeout) throws TimeoutException, InterruptedException {
		checkOpen();
		long size = (long) FrameDescriptor.HEADER_LENGTH + frame.payload().length;
		if (size > this.maxMessageSize) {
			throw new IpcMessageTooLargeException(this.group,
					frame.type().name().toLowerCase(Locale.ROOT).replace('_', ' '), size, this.maxMessageSize);
		}
		this.sendQueue.put(new SendQueue.Outbound(ZmqMessages.header(frame), frame.payload()), toNanos(timeout),
				frame + " to " + describe());
		this.loop.schedule(this);
	}

	/**
	 * Closes the link: the worker is told goodbye, frames not yet sent or delivered are
	 * dropped, senders waiting for room fail, and the listener hears
	 * {@link FrameListener#onClosed(Throwable)} with {@code null}. Idempotent.
	 */
	@Override
	public void close() {
		Thread deliverer;
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			deliverer = this.deliverer;
		}
		this.sendQueue.close(new LinkClosedException(describe() + " is closed"));
		this.inbox.clear();
		this.inbox.add(new Closed(null));
		this.loop.schedule(this);
		if (deliverer != null && deliverer != Thread.currentThread()) {
			try {
				deliverer.join(DELIVERER_JOIN_TIMEOUT_MS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (deliverer.isAlive()) {
				logger.warn("Thread " + deliverer.getName() + " did not end within " + DELIVERER_JOIN_TIMEOUT_MS
						+ " ms; is its frame listener blocked?");
			}
		}
		this.loop.closed(this);
	}

	// ---------------------------------------------------------------------------------
	// Called by the transport's I/O thread
	// ---------------------------------------------------------------------------------

	byte[] routingId() {
		return this.routingId;
	}

	String routingKey() {
		return this.routingKey;
	}

	@Nullable String publicKey() {
		return this.publicKey;
	}

	boolean isClosed() {
		return this.closed;
	}

	boolean isWorkerGone() {
		return this.workerGone != null;
	}

	SendQueue sendQueue() {
		return this.sendQueue;
	}

	byte[] heartbeatHeader() {
		return this.heartbeatHeader;
	}

	/**
	 * Queues a frame, a bad-frame report or the end for the listener.
	 */
	void received(Object item) {
		if (!this.closed) {
			this.inbox.add(item);
		}
	}

	/**
	 * The worker is gone: senders fail from now on and the listener hears of it after the
	 * frames already received.
	 * @param cause the failure, or {@code null} when the worker said goodbye
	 */
	void workerGone(@Nullable LinkClosedException cause) {
		LinkClosedException failure = (cause != null) ? cause
				: new LinkClosedException("worker of " + describe() + " closed its end");
		this.workerGone = failure;
		this.sendQueue.close(failure);
		received(new Closed(cause));
	}

	String describe() {
		return "zmq link to " + (this.remote ? "remote " : "") + "worker " + this.name + " of group '" + this.group
				+ "'";
	}

	int workerIndex() {
		return this.workerIndex;
	}

	private void checkOpen() {
		if (this.closed) {
			throw new LinkClosedException(describe() + " is closed");
		}
		LinkClosedException gone = this.workerGone;
		if (gone != null) {
			throw new LinkClosedException(gone.getMessage(), gone);
		}
	}

	private void deliver(FrameListener listener) {
		Throwable cause;
		try {
			cause = deliverUntilClosed(listener);
		}
		catch (Throwable ex) {
			// An Error from the listener: nothing more can be delivered, so the link
			// closes, and the listener hears why instead of the orderly close.
			cause = ex;
			logger.error("Frame listener of " + describe() + " failed; closing the link", ex);
			try {
				close();
			}
			catch (Throwable closing) {
				ex.addSuppressed(closing);
			}
		}
		try {
			listener.onClosed(cause);
		}
		catch (Throwable ex) {
			logger.error("Frame listener failed on close of " + describe(), ex);
		}
	}

	private @Nullable Throwable deliverUntilClosed(FrameListener listener) {
		while (true) {
			Object item;
			try {
				item = this.inbox.take();
			}
			catch (InterruptedException ex) {
				// A listener that interrupted its own thread does not end the delivery;
				// only the end of the inbox does.
				continue;
			}
			if (item instanceof Closed closing) {
				return closing.cause();
			}
			try {
				if (item instanceof Frame frame) {
					listener.onFrame(frame);
				}
				else if (item instanceof BadFrame bad) {
					listener.onBadFrame(bad.requestId(), bad.problem());
				}
			}
			catch (RuntimeException ex) {
				logger.error("Frame listener of " + describe() + " failed on " + item, ex);
			}
		}
	}

	private static long toNanos(Duration duration) {
		try {
			return Math.max(0, duration.toNanos());
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	/**
	 * A frame that was dropped because it does not decode.
	 *
	 * @param requestId the request id read from it, or 0
	 * @param problem what was wrong
	 */
	record BadFrame(long requestId, RuntimeException problem) {

	}

	/**
	 * The end of the frames.
	 *
	 * @param cause why, or {@code null} for an orderly end
	 */
	record Closed(@Nullable Throwable cause) {

	}

}
