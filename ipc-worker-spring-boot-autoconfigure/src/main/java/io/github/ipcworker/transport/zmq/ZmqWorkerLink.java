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
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
 * socket and a bounded queue of frames to send. The socket belongs to the transport's I/O
 * thread (see {@link ZmqTransport}), which also calls the listener, as shared memory's
 * reader thread does: a frame is completed where it is read, with no further hand-off.
 * Senders on other threads queue and wake it; the I/O thread itself, when a listener
 * moves the next call on with {@link #trySend(Frame)}, sends at once.
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
	 * How long {@link #close()} waits for the listener to hear of the end, in
	 * milliseconds.
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

	/**
	 * I/O thread only: frames, bad-frame reports and the end received before the listener
	 * was started, or before those received earlier were delivered.
	 */
	private final ArrayDeque<Object> pending = new ArrayDeque<>();

	private final Object lifecycleMonitor = new Object();

	/**
	 * Held while the listener is called, so that it never hears two things at once: the
	 * I/O thread calls it, except for the end of a link closed after the I/O thread
	 * ended.
	 */
	private final Object deliveryMonitor = new Object();

	private volatile @Nullable FrameListener listener;

	/** Counted down once the listener has heard {@code onClosed}. */
	private final CountDownLatch ended = new CountDownLatch(1);

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

	/**
	 * I/O thread only: when a frame other than a heartbeat last went either way, to slow
	 * the heartbeats of an idle link.
	 */
	long lastBusyNs;

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
	 * Starts delivering the worker's frames to the listener, on the transport's I/O
	 * thread: the listener must hand work off and never block. The listener's
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
			if (this.listener != null) {
				throw new IllegalStateException(describe() + " is already started");
			}
			this.listener = listener;
		}
		// The I/O thread delivers what came before the listener.
		this.loop.schedule(this);
	}

	@Override
	public void send(Frame frame, Duration timeout) throws TimeoutException, InterruptedException {
		checkOpen();
		long size = (long) FrameDescriptor.HEADER_LENGTH + frame.payload().length;
		if (size > this.maxMessageSize) {
			throw new IpcMessageTooLargeException(this.group,
					frame.type().name().toLowerCase(Locale.ROOT).replace('_', ' '), size, this.maxMessageSize);
		}
		SendQueue.Outbound message = new SendQueue.Outbound(ZmqMessages.header(frame), frame.payload());
		if (this.loop.isLoopThread()) {
			// The I/O thread is what makes room: waiting for it here would wait for
			// nothing.
			if (!this.loop.sendNow(this, message)) {
				throw new TimeoutException("no room to send " + frame + " to " + describe()
						+ " on the I/O thread, which cannot wait for room");
			}
			return;
		}
		this.sendQueue.put(message, toNanos(timeout), frame + " to " + describe());
		this.loop.schedule(this);
	}

	/**
	 * Sends a frame without waiting. On the transport's I/O thread (a listener moving the
	 * next call on) it goes to ZeroMQ at once when the worker can take it; elsewhere it
	 * is queued when there is room and the I/O thread is woken, once for any number of
	 * frames queued meanwhile.
	 * @param frame the frame
	 * @return whether the frame was sent or queued; when not, nothing of it was
	 * @throws LinkClosedException when the link is closed or the worker gone
	 */
	@Override
	public boolean trySend(Frame frame) {
		checkOpen();
		if ((long) FrameDescriptor.HEADER_LENGTH + frame.payload().length > this.maxMessageSize) {
			// send(...) says why.
			return false;
		}
		SendQueue.Outbound message = new SendQueue.Outbound(ZmqMessages.header(frame), frame.payload());
		if (this.loop.isLoopThread()) {
			return this.loop.sendNow(this, message);
		}
		if (!this.sendQueue.offer(message)) {
			return false;
		}
		this.loop.schedule(this);
		return true;
	}

	/**
	 * Closes the link: the worker is told goodbye, frames not yet sent or delivered are
	 * dropped, senders waiting for room fail, and the listener hears
	 * {@link FrameListener#onClosed(Throwable)} with {@code null}. Idempotent.
	 */
	@Override
	public void close() {
		FrameListener listener;
		synchronized (this.lifecycleMonitor) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			listener = this.listener;
		}
		this.sendQueue.close(new LinkClosedException(describe() + " is closed"));
		this.loop.schedule(this);
		if (this.loop.isFinished()) {
			// Nobody else is left to tell the listener.
			end(null);
		}
		else if (listener != null && !this.loop.isLoopThread()) {
			try {
				if (!this.ended.await(DELIVERER_JOIN_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
					logger.warn("The listener of " + describe() + " did not hear of the close within "
							+ DELIVERER_JOIN_TIMEOUT_MS + " ms; is the I/O thread blocked by a listener?");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
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

	/**
	 * Returns how often the I/O thread of the link's transport has woken, for tests.
	 * @return the number of wake-ups
	 */
	long ioTurns() {
		return this.loop.turns();
	}

	byte[] heartbeatHeader() {
		return this.heartbeatHeader;
	}

	/**
	 * Hands a frame, a bad-frame report or the end to the listener, or keeps it until the
	 * listener is started. I/O thread only.
	 */
	void received(Object item) {
		if (this.closed) {
			return;
		}
		if (this.listener == null || !this.pending.isEmpty()) {
			this.pending.addLast(item);
			return;
		}
		deliver(item);
	}

	/**
	 * Delivers what was kept for the listener, once there is one; after a close, only the
	 * end. I/O thread only.
	 */
	void deliverPending() {
		if (this.listener == null) {
			return;
		}
		if (this.closed) {
			this.pending.clear();
			end(null);
			return;
		}
		Object item;
		while ((item = this.pending.pollFirst()) != null) {
			deliver(item);
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

	private void deliver(Object item) {
		FrameListener listener = this.listener;
		if (listener == null) {
			return;
		}
		if (item instanceof Closed closing) {
			end(closing.cause());
			return;
		}
		try {
			synchronized (this.deliveryMonitor) {
				if (this.ended.getCount() == 0) {
					return;
				}
				if (item instanceof Frame frame) {
					listener.onFrame(frame);
				}
				else if (item instanceof BadFrame bad) {
					listener.onBadFrame(bad.requestId(), bad.problem());
				}
			}
		}
		catch (RuntimeException ex) {
			logger.error("Frame listener of " + describe() + " failed on " + item, ex);
		}
		catch (Error ex) {
			// An Error from the listener (say, out of memory while it reads an answer):
			// nothing more can be delivered, so the link closes, and the listener hears
			// why instead of the orderly close, so that the worker is replaced.
			logger.error("Frame listener of " + describe() + " failed; closing the link", ex);
			try {
				close();
			}
			catch (Throwable closing) {
				ex.addSuppressed(closing);
			}
			end(ex);
		}
	}

	/**
	 * Tells the listener of the end, once.
	 */
	private void end(@Nullable Throwable cause) {
		FrameListener listener = this.listener;
		if (listener == null) {
			return;
		}
		synchronized (this.deliveryMonitor) {
			if (this.ended.getCount() == 0) {
				return;
			}
			try {
				listener.onClosed(cause);
			}
			catch (Throwable ex) {
				logger.error("Frame listener failed on close of " + describe(), ex);
			}
			finally {
				this.ended.countDown();
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
