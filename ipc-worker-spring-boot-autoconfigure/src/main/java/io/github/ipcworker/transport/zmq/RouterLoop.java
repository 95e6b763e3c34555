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
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport.RemoteWorkerListener;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.zeromq.ZMQ;

/**
 * The I/O thread of a group's ZeroMQ transport, the only thread that touches its ROUTER
 * socket. Each turn it sleeps on the socket and a wake-up (see {@link SocketSelector}),
 * then: passes the frames senders queued to ZeroMQ, receives what arrived and hands it to
 * the listener of the link of its routing id, on this thread, and, when the next one is
 * due, sends heartbeats and gives up on workers silent past the heartbeat timeout. An
 * idle group wakes the thread about once per heartbeat interval, not on a fixed tick:
 * each wake-up costs an idle group CPU, in the thread and in the JIT compiler that the
 * repeated wake-ups keep busy. Heartbeats due within a quarter interval go together, so
 * that the workers' heartbeats, which answer the group's, come back together too. On a
 * link where nothing but heartbeats has moved for a heartbeat timeout they go further
 * apart (see {@link ZmqOptions#idleHeartbeatIntervalNs(long, long)}); the worker, which
 * answers them, does the same. A listener that moves the next call on with
 * {@link ZmqWorkerLink#trySend} sends it from here at once; senders on other threads
 * queue and wake the thread, with at most one wake-up outstanding however many queue
 * meanwhile.
 *
 * <p>
 * The socket is a ROUTER with {@code ZMQ_ROUTER_MANDATORY}: a message to a worker whose
 * queue is at the high-water mark, or who is not connected, is refused rather than
 * silently dropped, and stays in the link's queue to be tried again. A message with an
 * unknown routing id that is a READY frame becomes a remote worker's link when the
 * transport accepts remote workers; any other is dropped: it comes from a worker the
 * group gave up on, which then hears nothing and gives up in turn.
 */
final class RouterLoop implements Runnable {

	/** Most messages received in one turn, so that sending and timers are not starved. */
	static final int RECEIVE_BATCH = 256;

	/**
	 * How soon to send again to a worker that could not take a message, in ms.
	 */
	static final long BLOCKED_RETRY_MS = 10L;

	/**
	 * How long closing the socket may take to send goodbyes still queued, in
	 * milliseconds. Bounded, so that terminating the context never waits on a worker that
	 * does not read.
	 */
	static final long GOODBYE_LINGER_MS = 100L;

	private static final Log logger = LogFactory.getLog(RouterLoop.class);

	private final String group;

	private final ZmqOptions options;

	private final ZMQ.Socket router;

	private final SocketSelector selector;

	private final Set<String> localKeys;

	private final long heartbeatIntervalNs;

	private final long heartbeatTimeoutNs;

	/** The heartbeat interval of an idle link. */
	private final long idleHeartbeatIntervalNs;

	/** Wake-ups of the thread, for tests. */
	private volatile long turns;

	/**
	 * How early a heartbeat may go, so that the heartbeats of all links go in one
	 * wake-up.
	 */
	private final long heartbeatEarlyNs;

	private final Map<String, ZmqWorkerLink> routes = new ConcurrentHashMap<>();

	/** Links not closed yet, with a routing id or not: the transport closes them. */
	private final Set<ZmqWorkerLink> open = ConcurrentHashMap.newKeySet();

	private final Queue<ZmqWorkerLink> work = new ConcurrentLinkedQueue<>();

	/** I/O thread only: links whose next message ZeroMQ did not take. */
	private final Set<ZmqWorkerLink> blocked = new HashSet<>();

	/** I/O thread only. */
	private final LogLimiter strangers = new LogLimiter();

	/** I/O thread only: remote workers joined so far, to name them. */
	private int remoteWorkers;

	/** I/O thread only: remote workers joined and not released yet. */
	private int remoteJoined;

	/** I/O thread only: remote workers joined and not released yet, by CURVE key. */
	private final Map<String, Integer> remoteByKey = new HashMap<>();

	/**
	 * Set when the CURVE guard has ended: no worker joins any more, since JeroMQ may
	 * admit connections it can no longer ask about.
	 */
	private volatile @Nullable String refusingJoins;

	private volatile @Nullable RemoteWorkers remote;

	private volatile boolean stopping;

	/** Set while a wake-up is outstanding: later senders need not wake the thread. */
	private final AtomicBoolean wakePending = new AtomicBoolean();

	private volatile @Nullable Thread thread;

	/** Set once the thread is done with the links: nobody delivers to them any more. */
	private volatile boolean finished;

	/** I/O thread only: the time of the current turn. */
	private long turnNs;

	/**
	 * I/O thread only: when a heartbeat or a silence check is due next. Sending and
	 * hearing only move the links' deadlines later; a link heard for the first time
	 * brings it forward.
	 */
	private long timersNs;

	private volatile @Nullable Throwable failure;

	/**
	 * Creates the loop of a bound ROUTER socket, from now on owned by the loop's thread.
	 * @param group the group name
	 * @param options the transport's settings
	 * @param router the socket
	 * @param selector a selector for the socket
	 * @param localKeys the keys of the transport's own workers, to forget when their
	 * links end
	 */
	RouterLoop(String group, ZmqOptions options, ZMQ.Socket router, SocketSelector selector, Set<String> localKeys) {
		this.group = group;
		this.options = options;
		this.router = router;
		this.selector = selector;
		this.localKeys = localKeys;
		this.heartbeatIntervalNs = options.heartbeatInterval().toNanos();
		this.heartbeatTimeoutNs = options.heartbeatTimeout().toNanos();
		this.heartbeatEarlyNs = this.heartbeatIntervalNs / 4;
		this.idleHeartbeatIntervalNs = ZmqOptions.idleHeartbeatIntervalNs(this.heartbeatIntervalNs,
				this.heartbeatTimeoutNs);
	}

	// ---------------------------------------------------------------------------------
	// Called by any thread
	// ---------------------------------------------------------------------------------

	/**
	 * Makes a link reachable by its routing id.
	 * @param link the link
	 */
	void register(ZmqWorkerLink link) {
		this.open.add(link);
		this.routes.put(link.routingKey(), link);
	}

	/**
	 * Forgets a closed link.
	 * @param link the link
	 */
	void closed(ZmqWorkerLink link) {
		this.open.remove(link);
	}

	/**
	 * Asks the I/O thread to look at a link: it has frames to send or was closed.
	 * @param link the link
	 */
	void schedule(ZmqWorkerLink link) {
		if (link.scheduled.compareAndSet(false, true)) {
			this.work.add(link);
			wakeUp();
		}
	}

	/**
	 * Wakes the thread unless a wake-up is outstanding already: the thread clears the
	 * mark before it looks for work, so what was queued before a skipped wake-up is seen.
	 */
	private void wakeUp() {
		if (this.wakePending.compareAndSet(false, true)) {
			this.selector.wakeUp();
		}
	}

	/**
	 * Returns whether the caller is the I/O thread.
	 * @return whether it is
	 */
	boolean isLoopThread() {
		return Thread.currentThread() == this.thread;
	}

	/**
	 * Returns how often the thread has woken, for tests.
	 * @return the number of turns
	 */
	long turns() {
		return this.turns;
	}

	/**
	 * Returns whether the thread has ended and delivers nothing any more.
	 * @return whether it has
	 */
	boolean isFinished() {
		return this.finished;
	}

	/**
	 * Sends a message on the I/O thread, after those the link has queued: at once when
	 * ZeroMQ takes it, otherwise it waits in the link's queue, as one sent with
	 * {@code send} would.
	 * @param link the link
	 * @param message the message
	 * @return whether it was sent or queued; {@code false} when the queue is full
	 */
	boolean sendNow(ZmqWorkerLink link, SendQueue.Outbound message) {
		if (!link.sendQueue().offer(message)) {
			return false;
		}
		if (!this.blocked.contains(link)) {
			flush(link, this.turnNs);
		}
		return true;
	}

	/**
	 * Starts turning unknown workers that send READY into links.
	 * @param listener told of each, on the executor
	 * @param executor runs the listener, so that it cannot hold up the I/O thread
	 */
	void acceptRemoteWorkers(RemoteWorkerListener listener, Executor executor) {
		this.remote = new RemoteWorkers(listener, executor);
	}

	/**
	 * Stops taking new workers for good; the links there are stay.
	 * @param reason why, for the log
	 */
	void refuseJoins(String reason) {
		this.refusingJoins = reason;
	}

	/**
	 * Returns the links not closed yet.
	 * @return the links
	 */
	Collection<ZmqWorkerLink> links() {
		return List.copyOf(this.open);
	}

	/**
	 * Asks the thread to send the goodbyes of closed links and end.
	 */
	void stop() {
		this.stopping = true;
		this.selector.wakeUp();
	}

	/**
	 * Returns what ended the thread other than {@link #stop()}.
	 * @return the failure, or {@code null}
	 */
	@Nullable Throwable failure() {
		return this.failure;
	}

	/**
	 * Returns the key of a routing id in the routing table: each byte as one character,
	 * so that distinct ids are distinct keys.
	 * @param routingId the routing id
	 * @return the key
	 */
	static String routingKey(byte[] routingId) {
		return new String(routingId, StandardCharsets.ISO_8859_1);
	}

	// ---------------------------------------------------------------------------------
	// The I/O thread
	// ---------------------------------------------------------------------------------

	@Override
	public void run() {
		this.thread = Thread.currentThread();
		try {
			this.timersNs = System.nanoTime();
			boolean moreToReceive = false;
			while (!this.stopping) {
				long waitMs = moreToReceive ? 0 : Math.min(this.blocked.isEmpty() ? Long.MAX_VALUE : BLOCKED_RETRY_MS,
						untilMs(this.timersNs - System.nanoTime()));
				boolean readable = this.selector.await(waitMs);
				this.turns++;
				// Cleared before the work is read: a sender that queues from now on wakes
				// the next turn.
				this.wakePending.set(false);
				long nowNs = System.nanoTime();
				this.turnNs = nowNs;
				boolean worked = doWork(nowNs);
				retryBlocked(nowNs);
				int received = receive(nowNs);
				moreToReceive = received == RECEIVE_BATCH;
				this.selector.turnDone(readable, worked || received > 0);
				if (nowNs - this.timersNs >= 0) {
					this.timersNs = checkWorkers(nowNs);
					// Sending may have taken the wake-up of a message that arrived
					// meanwhile.
					moreToReceive |= (this.router.getEvents() & ZMQ.Poller.POLLIN) != 0;
				}
			}
			// Goodbyes of the links closed with the transport.
			doWork(System.nanoTime());
		}
		catch (Throwable ex) {
			this.failure = ex;
			logger.error(
					"The I/O thread of the zmq transport of group '" + this.group + "' failed; its workers are cut off",
					ex);
		}
		finally {
			for (ZmqWorkerLink link : this.routes.values()) {
				if (!link.isWorkerGone()) {
					link.workerGone(new LinkClosedException("the zmq transport of group '" + this.group + "' is "
							+ ((this.failure != null) ? "broken" : "closed"), this.failure));
				}
			}
			this.routes.clear();
			this.finished = true;
			for (ZmqWorkerLink link : this.open) {
				if (link.isClosed()) {
					link.deliverPending();
				}
			}
			try {
				this.router.setLinger(GOODBYE_LINGER_MS);
				this.router.close();
			}
			finally {
				this.selector.close();
			}
		}
	}

	/**
	 * Serves the links that asked for the I/O thread.
	 * @return whether there were any
	 */
	private boolean doWork(long nowNs) {
		boolean worked = false;
		ZmqWorkerLink link;
		while ((link = this.work.poll()) != null) {
			worked = true;
			// Cleared first, so that a frame queued from now on schedules the link again.
			link.scheduled.set(false);
			if (link.isClosed()) {
				release(link, link.heard && !link.isWorkerGone());
			}
			else {
				flush(link, nowNs);
			}
			link.deliverPending();
		}
		return worked;
	}

	private void retryBlocked(long nowNs) {
		if (this.blocked.isEmpty()) {
			return;
		}
		for (ZmqWorkerLink link : new ArrayList<>(this.blocked)) {
			flush(link, nowNs);
		}
	}

	/**
	 * Passes a link's queued frames to ZeroMQ. A launched worker's frames wait until it
	 * has been heard: before, ZeroMQ would not know where to send them.
	 */
	private void flush(ZmqWorkerLink link, long nowNs) {
		if (!link.heard || link.released) {
			this.blocked.remove(link);
			return;
		}
		ZmqMessages.SendResult result = link.sendQueue()
			.flush((message) -> send(link, message.header(), message.payload(), nowNs));
		if (result == ZmqMessages.SendResult.SENT) {
			this.blocked.remove(link);
		}
		else {
			this.blocked.add(link);
		}
	}

	private ZmqMessages.SendResult send(ZmqWorkerLink link, byte @Nullable [] header, byte[] payload, long nowNs) {
		ZmqMessages.SendResult result = ZmqMessages.send(this.router, link.routingId(), header, payload);
		if (result == ZmqMessages.SendResult.SENT) {
			link.lastSentNs = nowNs;
			if (header != link.heartbeatHeader()) {
				link.lastBusyNs = nowNs;
			}
		}
		return result;
	}

	/**
	 * Receives up to {@link #RECEIVE_BATCH} messages.
	 * @return how many; all of a batch when more may be waiting
	 */
	private int receive(long nowNs) {
		for (int i = 0; i < RECEIVE_BATCH; i++) {
			if ((this.router.getEvents() & ZMQ.Poller.POLLIN) == 0) {
				return i;
			}
			ZmqMessages.Received message = ZmqMessages.receive(this.router, true);
			if (message == null) {
				return i;
			}
			route(message, nowNs);
		}
		return RECEIVE_BATCH;
	}

	private void route(ZmqMessages.Received message, long nowNs) {
		byte[] routingId = message.routingId();
		if (this.options.curve() && (message.userId() == null || message.userId().isEmpty())) {
			// Only a connection the ZAP handler did not vouch for comes without a
			// user id: fail closed.
			logLimited("no user id", "Dropped a message to group '" + this.group + "' from " + message.peerAddress()
					+ " that came without a CURVE user id; is the CURVE guard gone?");
			return;
		}
		ZmqWorkerLink link = (routingId != null) ? this.routes.get(routingKey(routingId)) : null;
		if (link == null) {
			stranger(message, nowNs);
			return;
		}
		String publicKey = link.publicKey();
		if (publicKey != null && !publicKey.equals(message.userId())) {
			// With CURVE, a routing id can only be taken over by a connection with
			// another authorized key once the worker's own connection is gone.
			logLimited("key " + message.userId(), "Dropped a message for " + link.describe()
					+ " that came with another CURVE key: " + message.userId());
			return;
		}
		if (!ZmqMessages.hasFrameParts(message)) {
			// Not one bad frame but a peer off the protocol: say goodbye and forget its
			// routing id, so that nothing more it sends reaches the link.
			LinkClosedException cause = new LinkClosedException(
					link.describe() + " got a message of " + message.partCount() + " parts from its worker, expected "
							+ ZmqMessages.FRAME_PARTS + "; the worker is cut off");
			logLimited("parts " + link.routingKey(), cause.getMessage());
			release(link, true);
			link.workerGone(cause);
			return;
		}
		boolean firstContact = !link.heard;
		link.heard = true;
		link.lastHeardNs = nowNs;
		if (firstContact) {
			// Its heartbeats and silence count from now: the worker that just spoke needs
			// no heartbeat before an interval has passed.
			link.lastSentNs = nowNs;
			link.lastBusyNs = nowNs;
			this.timersNs = nowNs;
		}
		Frame frame;
		try {
			frame = ZmqMessages.decode(message, this.options.maxMessageSize(), this.group);
		}
		catch (FrameFormatException | IpcMessageTooLargeException ex) {
			logLimited("bad frame " + link.routingKey(),
					"Dropped a bad frame from the worker of " + link.describe() + ": " + ex.getMessage());
			link.received(new ZmqWorkerLink.BadFrame(ZmqMessages.requestId(message), ex));
			return;
		}
		if (frame == null) {
			release(link, false);
			link.workerGone(null);
			return;
		}
		if (frame.type() != FrameType.HEARTBEAT) {
			link.lastBusyNs = nowNs;
			link.received(frame);
		}
		if (firstContact || this.blocked.contains(link)) {
			flush(link, nowNs);
		}
	}

	/**
	 * Handles a message from a routing id no link has: a worker asking to join, or one
	 * the group no longer knows.
	 */
	private void stranger(ZmqMessages.Received message, long nowNs) {
		Frame frame;
		try {
			frame = ZmqMessages.decode(message, this.options.maxMessageSize(), this.group);
		}
		catch (FrameFormatException | IpcMessageTooLargeException ex) {
			frame = null;
		}
		String address = (message.peerAddress() != null) ? message.peerAddress() : "an unknown address";
		boolean ready = frame != null && frame.type() == FrameType.READY;
		RemoteWorkers remote = this.remote;
		String refusing = this.refusingJoins;
		if (ready && refusing != null) {
			logLimited("join " + host(address),
					"Ignored a worker at " + address + " that asked to join group '" + this.group + "': " + refusing);
		}
		else if (ready && remote != null && message.routingId() != null && !this.stopping) {
			String full = full(message.userId());
			if (full == null) {
				join(message.routingId(), message.userId(), address, frame, remote, nowNs);
			}
			else {
				// The host hears nothing, gives up after its heartbeat timeout and tries
				// again after its rejoin delay: refused at that pace, it cannot spin.
				// Per cap and key: one key at its cap must not hide the group at its own.
				// full() checks the group's cap first: below it, the key is at its own.
				boolean keyCap = this.remoteJoined < this.options.maxRemoteWorkers();
				logLimited("full " + (keyCap ? "key " + message.userId() : "group") + " " + host(address),
						"Refused a worker at " + address + " that asked to join group '" + this.group + "': " + full);
			}
		}
		else if (ready) {
			// By host, not port: a worker connects again from another port.
			logLimited("join " + host(address), "Ignored a worker at " + address + " that asked to join group '"
					+ this.group + "': the group takes no remote workers");
		}
		else if (logger.isDebugEnabled()) {
			String suffix = this.strangers.admit("stranger " + host(address));
			if (suffix != null) {
				logger.debug("Ignored a message from an unknown worker at " + address + " for group '" + this.group
						+ "', maybe one given up on" + suffix);
			}
		}
	}

	/**
	 * Returns why a remote worker with a key cannot join now, or {@code null} when it
	 * can.
	 */
	private @Nullable String full(@Nullable String publicKey) {
		if (this.remoteJoined >= this.options.maxRemoteWorkers()) {
			return this.remoteJoined + " remote workers are joined already, ipc.worker.groups." + this.group + "."
					+ ZmqOptions.MAX_REMOTE_WORKERS_PROPERTY + "=" + this.options.maxRemoteWorkers();
		}
		int byKey = (publicKey != null) ? this.remoteByKey.getOrDefault(publicKey, 0) : 0;
		if (publicKey != null && byKey >= this.options.maxWorkersPerKey()) {
			return byKey + " remote workers with key " + publicKey + " are joined already, "
					+ ZmqOptions.MAX_WORKERS_PER_KEY_PROPERTY + "=" + this.options.maxWorkersPerKey();
		}
		return null;
	}

	private void join(byte[] routingId, @Nullable String publicKey, String address, Frame ready, RemoteWorkers remote,
			long nowNs) {
		this.remoteWorkers++;
		ZmqWorkerLink link = new ZmqWorkerLink(this, this.group, 0, "remote" + this.remoteWorkers, routingId, publicKey,
				true, Map.of(WorkerLink.TRANSPORT_KEY, ZmqTransport.NAME), this.options.maxMessageSize(),
				ZmqTransport.SEND_QUEUE_CAPACITY);
		link.heard = true;
		link.lastHeardNs = nowNs;
		link.lastSentNs = nowNs;
		link.lastBusyNs = nowNs;
		this.timersNs = nowNs;
		this.remoteJoined++;
		if (publicKey != null) {
			this.remoteByKey.merge(publicKey, 1, Integer::sum);
		}
		register(link);
		link.received(ready);
		logger.info("Worker at " + address + " joined group '" + this.group + "' as " + link.describe());
		remote.executor().execute(() -> {
			if (link.isClosed()) {
				// The transport closed meanwhile.
				return;
			}
			try {
				remote.listener().joined(link, address);
			}
			catch (RuntimeException ex) {
				logger.error("Could not add the worker at " + address + " to group '" + this.group + "'", ex);
				link.close();
			}
		});
	}

	/**
	 * Sends heartbeats to workers that were sent nothing for an interval, or will be
	 * within a quarter of one, and gives up on workers heard from before but not for the
	 * timeout.
	 * @return when this is due again: the earliest heartbeat or silence deadline, at most
	 * an idle link's interval away
	 */
	private long checkWorkers(long nowNs) {
		long nextNs = nowNs + this.idleHeartbeatIntervalNs;
		for (Iterator<ZmqWorkerLink> links = this.routes.values().iterator(); links.hasNext();) {
			ZmqWorkerLink link = links.next();
			if (!link.heard || link.released || link.isClosed()) {
				continue;
			}
			long silentNs = nowNs - link.lastHeardNs;
			if (silentNs > this.heartbeatTimeoutNs) {
				release(link, false);
				link.workerGone(new LinkClosedException(link.describe() + " heard nothing from the worker for "
						+ TimeUnit.NANOSECONDS.toMillis(silentNs) + " ms, more than the heartbeat timeout of "
						+ this.options.heartbeatTimeout().toMillis() + " ms"));
				continue;
			}
			long intervalNs = (nowNs - link.lastBusyNs >= this.heartbeatTimeoutNs) ? this.idleHeartbeatIntervalNs
					: this.heartbeatIntervalNs;
			if (nowNs - link.lastSentNs >= intervalNs - this.heartbeatEarlyNs) {
				// Heartbeats overtake queued frames; order only matters among frames.
				send(link, link.heartbeatHeader(), ZmqWorkerLink.EMPTY, nowNs);
			}
			// A heartbeat ZeroMQ did not take is tried again a quarter interval later.
			long heartbeatNs = (link.lastSentNs == nowNs || nowNs - link.lastSentNs < intervalNs)
					? link.lastSentNs + intervalNs : nowNs + this.heartbeatEarlyNs;
			long silenceNs = link.lastHeardNs + this.heartbeatTimeoutNs + 1;
			nextNs = earlier(earlier(nextNs, heartbeatNs), silenceNs);
		}
		return nextNs;
	}

	private static long earlier(long aNs, long bNs) {
		return (aNs - bNs <= 0) ? aNs : bNs;
	}

	/** A wait in whole milliseconds that does not end before the deadline. */
	private static long untilMs(long remainingNs) {
		return (remainingNs <= 0) ? 0 : Math.max(1L, TimeUnit.NANOSECONDS.toMillis(remainingNs + 999_999L));
	}

	/**
	 * Gives up a link's routing id, saying goodbye first when asked, and forgets the key
	 * made for a launched worker, so that nobody can connect with it any more.
	 */
	private void release(ZmqWorkerLink link, boolean goodbye) {
		if (link.released) {
			return;
		}
		link.released = true;
		if (goodbye) {
			ZmqMessages.send(this.router, link.routingId(), null, ZmqWorkerLink.EMPTY);
		}
		this.routes.remove(link.routingKey(), link);
		this.blocked.remove(link);
		String publicKey = link.publicKey();
		if (publicKey != null && !link.isRemote()) {
			this.localKeys.remove(publicKey);
		}
		if (link.isRemote()) {
			this.remoteJoined--;
			if (publicKey != null) {
				this.remoteByKey.computeIfPresent(publicKey, (key, count) -> (count > 1) ? count - 1 : null);
			}
		}
	}

	private static String host(String address) {
		int colon = address.lastIndexOf(':');
		return (colon > 0) ? address.substring(0, colon) : address;
	}

	private void logLimited(String subject, String message) {
		String suffix = this.strangers.admit(subject);
		if (suffix != null) {
			logger.warn(message + suffix);
		}
	}

	/**
	 * Who hears of remote workers joining, and where.
	 */
	private record RemoteWorkers(RemoteWorkerListener listener, Executor executor) {

	}

}
