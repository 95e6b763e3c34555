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
package io.github.ipcworker.pool;

import java.io.IOException;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.RemoteThrowable;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker processes serving one worker bean.
 * <p>
 * Dispatch: a request goes to the ready worker holding the fewest requests, as long as it
 * holds fewer than {@code prefetch}; otherwise it waits in a bounded FIFO queue, and a
 * caller finding that queue full waits up to {@code enqueue-timeout} for room before
 * {@link IpcBusyException}. When a worker answers, the oldest waiting request moves to
 * it.
 * <p>
 * Threads: callers send their own requests (no hand-off on the common path); each link
 * has a reader thread that completes calls; a sender thread sends requests taken from the
 * queue, so a reader never blocks on a full outgoing buffer (which, with large messages
 * in both directions, could deadlock against the worker); a timer thread fails
 * {@link #submit submitted} requests at their deadline.
 * <p>
 * Supervision: a worker whose process exits or whose link closes is dead; its requests
 * fail with {@link IpcWorkerCrashedException} and, while the group runs, a new process
 * takes its slot, after a back-off when the slot keeps failing.
 */
public final class WorkerGroup implements IpcGroup {

	private static final Log logger = LogFactory.getLog(WorkerGroup.class);

	/** Longest pause before replacing a worker that keeps dying. */
	private static final long MAX_RESTART_DELAY_MS = 10_000;

	/** A worker that lived shorter than this before dying counts as failing fast. */
	private static final long FAST_FAILURE_MS = 10_000;

	/** Grace for the frames of a dying worker (such as its start-up error) to be read. */
	private static final long EXIT_GRACE_MS = 300;

	/**
	 * How long a blocking caller reads its worker's link itself before it parks, in
	 * nanoseconds: long enough for a short handler's answer, short enough that a slow one
	 * costs little CPU.
	 */
	static final long INLINE_WAIT_NS = 200_000L;

	/** Exit code of a JVM ended by {@code -XX:+ExitOnOutOfMemoryError}. */
	private static final int EXIT_ON_OUT_OF_MEMORY = 3;

	/** The response type of calls whose answer is kept as a payload, undecoded. */
	private static final Type UNDECODED = Payload.class;

	/** Cancels streams their callers dropped without closing them. */
	private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

	/** Restart cause: the worker died on its own. */
	static final String CAUSE_CRASH = "crash";

	/** Restart cause: the worker ran out of memory. */
	static final String CAUSE_OUT_OF_MEMORY = "oom";

	/** Restart cause: the worker was killed while stuck past a request's timeout. */
	static final String CAUSE_STUCK = "timeout";

	/** Restart cause: the worker served its maximum number of requests. */
	static final String CAUSE_RECYCLED = "recycled";

	private enum Lifecycle {

		NEW, STARTING, RUNNING, STOPPING, STOPPED

	}

	private final GroupSettings settings;

	private final TransportFactory transportFactory;

	private final WorkerLauncher launcher;

	private final PayloadCodec codec;

	private final GroupObserver observer;

	private final LongSupplier requestIds;

	private final ContextPropagator context;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notFull = this.lock.newCondition();

	private final Condition drained = this.lock.newCondition();

	private final ArrayDeque<Call> queue = new ArrayDeque<>();

	private final @Nullable Worker[] workers;

	private final long[] restarts;

	private final int[] fastFailures;

	/**
	 * Workers that joined on their own, from worker hosts; they have no slot to refill.
	 */
	private final List<Worker> remotes = new ArrayList<>();

	/** The index the next worker that joins on its own gets: after the launched slots. */
	private int nextRemoteIndex;

	/** Workers leaving after max-requests-per-worker, answering what they hold. */
	private final List<Worker> retiring = new ArrayList<>();

	/** When unexpected worker deaths happened, within the restart window. */
	private final ArrayDeque<Long> deaths = new ArrayDeque<>();

	/** Whether the group stopped replacing workers after too many deaths. */
	private boolean gaveUp;

	private String lastDeath = "";

	private Lifecycle lifecycle = Lifecycle.NEW;

	/** Whether the workers' handler streams, as their READY frames said. */
	private volatile boolean streaming;

	private int inFlight;

	/** Counts assignments, to tell which worker was used last; guarded by the lock. */
	private long assignments;

	private @Nullable Transport transport;

	private @Nullable ExecutorService sender;

	private @Nullable ScheduledExecutorService timer;

	/**
	 * Creates a group; nothing runs until {@link #start()}.
	 * @param settings the group's settings
	 * @param transportFactory creates the transport at start
	 * @param launcher starts worker processes
	 * @param codec encodes requests and decodes responses
	 * @param observer sees outcomes, for metrics
	 * @param requestIds the source of request ids, unique in this JVM
	 * @param context carries the caller's context (its trace) with each request
	 */
	public WorkerGroup(GroupSettings settings, TransportFactory transportFactory, WorkerLauncher launcher,
			PayloadCodec codec, GroupObserver observer, LongSupplier requestIds, ContextPropagator context) {
		this.settings = settings;
		this.transportFactory = transportFactory;
		this.launcher = launcher;
		this.codec = codec;
		this.observer = observer;
		this.requestIds = requestIds;
		this.context = context;
		this.workers = new Worker[settings.workers()];
		this.nextRemoteIndex = settings.workers();
		this.restarts = new long[settings.workers()];
		this.fastFailures = new int[settings.workers()];
	}

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public String transport() {
		return this.settings.transport();
	}

	@Override
	public int size() {
		return this.settings.workers();
	}

	/**
	 * Returns the group's settings.
	 * @return the settings
	 */
	public GroupSettings settings() {
		return this.settings;
	}

	@Override
	public boolean isRunning() {
		this.lock.lock();
		try {
			return this.lifecycle == Lifecycle.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public List<IpcWorkerInfo> workers() {
		this.lock.lock();
		try {
			List<IpcWorkerInfo> infos = new ArrayList<>(this.workers.length);
			for (int i = 0; i < this.workers.length; i++) {
				Worker worker = this.workers[i];
				if (worker == null) {
					infos.add(new IpcWorkerInfo(i, -1, IpcWorkerInfo.State.STOPPED, null, 0, 0, this.restarts[i]));
				}
				else {
					infos.add(new IpcWorkerInfo(i, worker.pid(), worker.state, worker.startedAt(), worker.served,
							worker.inFlight.size(), this.restarts[i]));
				}
			}
			for (Worker remote : this.remotes) {
				infos.add(new IpcWorkerInfo(remote.index, remote.pid(), remote.state, remote.startedAt(), remote.served,
						remote.inFlight.size(), 0, remote.address));
			}
			return infos;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Override
	public Status status() {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING) {
				return Status.STOPPED;
			}
			int ready = liveWorkersLocked(false);
			if (ready == 0 || this.gaveUp) {
				return Status.DOWN;
			}
			// Remote workers add capacity; the launched slots are what the group
			// promises.
			return (ready >= this.workers.length) ? Status.UP : Status.DEGRADED;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many requests are in flight at the workers.
	 * @return the number of requests sent and not answered
	 */
	public int inFlight() {
		this.lock.lock();
		try {
			return this.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many requests wait for a worker.
	 * @return the queue length
	 */
	public int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Returns how many worker processes are ready.
	 * @return the number of ready workers
	 */
	public int liveWorkers() {
		this.lock.lock();
		try {
			return liveWorkersLocked(false);
		}
		finally {
			this.lock.unlock();
		}
	}

	// ---------------------------------------------------------------------------------
	// Lifecycle
	// ---------------------------------------------------------------------------------

	@Override
	public void start() {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.NEW && this.lifecycle != Lifecycle.STOPPED) {
				return;
			}
			this.lifecycle = Lifecycle.STARTING;
			this.transport = this.transportFactory.create(this.settings);
			// Both threads start now, so a group's thread count stays the same while it
			// runs.
			ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
					new LinkedBlockingQueue<>(), (task) -> daemon(task, "ipc-worker-" + name() + "-sender"));
			sender.prestartAllCoreThreads();
			this.sender = sender;
			ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
					(task) -> daemon(task, "ipc-worker-" + name() + "-timer"));
			timer.setRemoveOnCancelPolicy(true);
			timer.prestartAllCoreThreads();
			this.timer = timer;
		}
		finally {
			this.lock.unlock();
		}
		long deadlineNs = System.nanoTime() + this.settings.startupTimeout().toNanos();
		List<Worker> started = new ArrayList<>();
		try {
			for (int i = 0; i < this.workers.length; i++) {
				Worker worker = launch(i);
				started.add(worker);
			}
			for (Worker worker : started) {
				awaitReady(worker, deadlineNs);
			}
		}
		catch (RuntimeException ex) {
			terminate();
			throw ex;
		}
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.STARTING) {
				throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' was stopped while starting",
						null);
			}
			for (Worker worker : started) {
				ready(worker);
			}
			this.lifecycle = Lifecycle.RUNNING;
		}
		finally {
			this.lock.unlock();
		}
		if (this.settings.remoteWorkers()) {
			acceptRemoteWorkers();
		}
		logger.info("ipc-worker group '" + name() + "' started " + started.size() + " worker(s) over " + transport());
	}

	private static Thread daemon(Runnable task, String name) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

	private void acceptRemoteWorkers() {
		Transport transport = this.transport;
		try {
			if (transport == null) {
				throw new IOException("the group has no transport");
			}
			transport.acceptRemoteWorkers(this::onRemoteJoined);
		}
		catch (IOException | UnsupportedOperationException ex) {
			terminate();
			throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' cannot take remote workers over "
					+ transport() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * A worker host joined: it gets the next index after the launched slots and serves
	 * once its READY frame, which the transport delivers first, checks out. It is never
	 * replaced: its host decides whether it comes back.
	 */
	private void onRemoteJoined(WorkerLink link, String address) {
		Worker worker;
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING) {
				link.close();
				return;
			}
			worker = new Worker(this, this.nextRemoteIndex++, link, address);
			this.remotes.add(worker);
		}
		finally {
			this.lock.unlock();
		}
		worker.ready.whenComplete((info, failure) -> admitRemote(worker, link, address, info, failure));
		link.start(worker);
	}

	/** Lets a joined worker serve once its READY frame checks out, or turns it away. */
	private void admitRemote(Worker worker, WorkerLink link, String address, @Nullable ReadyInfo info,
			@Nullable Throwable failure) {
		String problem = (failure != null) ? failure.getMessage()
				: (info == null) ? "no READY frame"
						: (info.protocolVersion() != FrameDescriptor.PROTOCOL_VERSION) ? "speaks protocol version "
								+ info.protocolVersion() + ", this application " + FrameDescriptor.PROTOCOL_VERSION
								: null;
		if (problem == null && info != null) {
			worker.remotePid = info.pid();
			this.lock.lock();
			try {
				if (this.remotes.contains(worker)) {
					ready(worker);
					logger.info("Remote worker " + worker + " joined ipc-worker group '" + name() + "'");
					return;
				}
			}
			finally {
				this.lock.unlock();
			}
		}
		else {
			logger
				.warn("Turned away remote worker at " + address + " of ipc-worker group '" + name() + "': " + problem);
		}
		this.lock.lock();
		try {
			this.remotes.remove(worker);
		}
		finally {
			this.lock.unlock();
		}
		link.close();
	}

	/** Opens a link and starts a process for a slot. */
	private Worker launch(int index) {
		Transport transport = this.transport;
		if (transport == null) {
			throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' is not starting", null);
		}
		WorkerLink link;
		try {
			link = transport.open(index);
		}
		catch (IOException ex) {
			throw new IpcStartupException(name(), "Could not prepare the link of worker " + name() + "#" + index
					+ " over " + transport() + ": " + ex.getMessage(), ex);
		}
		Worker worker = new Worker(this, index, link);
		this.lock.lock();
		try {
			this.workers[index] = worker;
		}
		finally {
			this.lock.unlock();
		}
		try {
			WorkerProcess process = this.launcher.launch(this.settings, index, link.childSettings());
			worker.process = process;
			link.start(worker);
			process.onExit().thenRun(() -> onWorkerExit(worker));
		}
		catch (IOException | RuntimeException ex) {
			link.close();
			throw new IpcStartupException(name(), "Could not start worker " + worker.name + ": " + ex.getMessage(), ex);
		}
		return worker;
	}

	private void awaitReady(Worker worker, long deadlineNs) {
		try {
			ReadyInfo info = worker.ready.get(Math.max(0, deadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS);
			this.streaming = info.streaming();
			if (info.protocolVersion() != FrameDescriptor.PROTOCOL_VERSION) {
				throw new IpcStartupException(name(), "Worker " + worker + " speaks protocol version "
						+ info.protocolVersion() + ", this application " + FrameDescriptor.PROTOCOL_VERSION, null);
			}
		}
		catch (TimeoutException ex) {
			throw new IpcStartupException(name(), "Worker " + worker + " did not become ready within "
					+ this.settings.startupTimeout() + " (ipc.worker.startup-timeout)" + errorTail(worker), null);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof IpcException ipc) {
				throw ipc;
			}
			throw new IpcStartupException(name(), "Worker " + worker + " failed to start", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcStartupException(name(), "Interrupted while starting worker " + worker, ex);
		}
	}

	/** Makes a started worker available; called with the lock held. */
	private void ready(Worker worker) {
		if (worker.state == IpcWorkerInfo.State.STARTING) {
			worker.state = IpcWorkerInfo.State.READY;
			long restarts = isInSlot(worker) ? this.restarts[worker.index] : 0;
			this.observer.workerStarted(name(), worker.index, worker.pid(), restarts,
					System.nanoTime() - worker.launchedAtNs);
			fill(worker);
		}
	}

	@Override
	public void stop() {
		long deadlineNs = System.nanoTime() + this.settings.shutdownTimeout().toNanos();
		List<Call> unsent;
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING && this.lifecycle != Lifecycle.STARTING) {
				return;
			}
			this.lifecycle = Lifecycle.STOPPING;
			this.notFull.signalAll();
			// Accepted requests still get their chance: queued ones keep moving to
			// workers.
			while ((this.inFlight > 0 || !this.queue.isEmpty()) && liveWorkersLocked() > 0) {
				long remainingNs = deadlineNs - System.nanoTime();
				if (remainingNs <= 0) {
					break;
				}
				this.drained.awaitNanos(remainingNs);
			}
			unsent = new ArrayList<>(this.queue);
			this.queue.clear();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			unsent = List.of();
		}
		finally {
			this.lock.unlock();
		}
		for (Call call : unsent) {
			fail(call, new IpcException(name(),
					"ipc-worker group '" + name() + "' stopped before request " + call.id + " reached a worker"),
					Outcome.CANCELLED);
		}
		List<Worker> live = currentWorkers();
		for (Worker worker : live) {
			markStopping(worker);
			try {
				worker.link.send(Frame.of(FrameType.SHUTDOWN, worker.index, 0), Duration.ofSeconds(1));
			}
			catch (LinkClosedException | TimeoutException ex) {
				// Gone already, or stuck: the wait below ends it.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// The workers run @PreDestroy methods; give them the same allowance as in-flight
		// work.
		long exitDeadlineNs = System.nanoTime()
				+ Math.max(this.settings.shutdownTimeout().toNanos(), TimeUnit.SECONDS.toNanos(2));
		for (Worker worker : live) {
			WorkerProcess process = worker.process;
			if (process == null) {
				continue;
			}
			try {
				if (!process.waitFor(Duration.ofNanos(Math.max(0, exitDeadlineNs - System.nanoTime())))) {
					logger.warn("Worker " + worker + " did not exit within the shutdown timeout; killing it");
					process.kill();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				process.kill();
			}
		}
		release("stopped");
	}

	@Override
	public void terminate() {
		this.lock.lock();
		try {
			if (this.lifecycle == Lifecycle.NEW || this.lifecycle == Lifecycle.STOPPED) {
				return;
			}
			this.lifecycle = Lifecycle.STOPPING;
			this.notFull.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		for (Worker worker : currentWorkers()) {
			markStopping(worker);
			WorkerProcess process = worker.process;
			if (process != null) {
				process.kill();
			}
		}
		release("terminated");
	}

	@Override
	public boolean join(Duration timeout) throws InterruptedException {
		long deadlineNs = System.nanoTime() + timeout.toNanos();
		for (Worker worker : currentWorkers()) {
			WorkerProcess process = worker.process;
			if (process != null && !process.waitFor(Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime())))) {
				return false;
			}
		}
		return true;
	}

	private List<Worker> currentWorkers() {
		this.lock.lock();
		try {
			List<Worker> current = new ArrayList<>();
			for (Worker worker : this.workers) {
				if (worker != null) {
					current.add(worker);
				}
			}
			current.addAll(this.remotes);
			return current;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void markStopping(Worker worker) {
		this.lock.lock();
		try {
			if (worker.state != IpcWorkerInfo.State.DEAD) {
				worker.state = IpcWorkerInfo.State.STOPPING;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Fails what is left and frees every resource; the processes are gone or killed. */
	private void release(String how) {
		List<Call> orphans = new ArrayList<>();
		List<Worker> all;
		this.lock.lock();
		try {
			all = currentWorkers();
			all.addAll(this.retiring);
			this.retiring.clear();
			this.deaths.clear();
			this.gaveUp = false;
			for (Worker worker : all) {
				orphans.addAll(worker.inFlight.values());
				worker.inFlight.clear();
				worker.state = IpcWorkerInfo.State.STOPPED;
			}
			orphans.addAll(this.queue);
			this.queue.clear();
			this.inFlight = 0;
			java.util.Arrays.fill(this.workers, null);
			this.remotes.clear();
		}
		finally {
			this.lock.unlock();
		}
		for (Call call : orphans) {
			fail(call, new IpcException(name(),
					"ipc-worker group '" + name() + "' " + how + " before request " + call.id + " was answered"),
					Outcome.CANCELLED);
		}
		for (Worker worker : all) {
			WorkerProcess process = worker.process;
			if (process != null && process.isAlive()) {
				process.kill();
			}
			worker.link.close();
			if (process != null) {
				process.release();
			}
		}
		Transport transport;
		ExecutorService sender;
		ScheduledExecutorService timer;
		this.lock.lock();
		try {
			transport = this.transport;
			sender = this.sender;
			timer = this.timer;
			this.transport = null;
			this.sender = null;
			this.timer = null;
			this.lifecycle = Lifecycle.STOPPED;
		}
		finally {
			this.lock.unlock();
		}
		if (transport != null) {
			transport.close();
		}
		shutdown(sender);
		shutdown(timer);
		logger.info("ipc-worker group '" + name() + "' " + how);
	}

	private static void shutdown(@Nullable ExecutorService executor) {
		if (executor == null) {
			return;
		}
		executor.shutdownNow();
		try {
			if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
				logger.warn("An ipc-worker thread did not end within 5 seconds");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---------------------------------------------------------------------------------
	// Requests
	// ---------------------------------------------------------------------------------

	/**
	 * Sends a request and waits for its response.
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long to wait, or {@code null} for the group's request timeout
	 * @return the response
	 * @throws IpcException when the request fails
	 */
	public @Nullable Object call(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		Call call = newCall(request, responseType, timeout);
		dispatch(call);
		Worker worker = call.worker;
		if (worker != null) {
			// Read the answer on this thread while it is likely to come soon; park after.
			worker.link.awaitInline(call::isDone, Math.min(INLINE_WAIT_NS, Math.max(0, call.remainingNs())));
		}
		return await(call);
	}

	/**
	 * Sends a request without waiting.
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @return the future response; cancelling it forgets the request
	 */
	public CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType) {
		Call call;
		try {
			call = newCall(request, responseType, null);
			dispatch(call);
		}
		catch (IpcException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		scheduleTimeout(call);
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		call.result.whenComplete((value, failure) -> {
			if (failure != null) {
				result.completeExceptionally(failure);
			}
			else {
				result.complete(value);
			}
		});
		result.whenComplete((value, failure) -> {
			if (failure instanceof CancellationException) {
				cancel(call);
			}
		});
		return result;
	}

	/**
	 * Sends a request and returns its answer as a stream, read lazily. The worker sends
	 * at most {@code stream-window} items ahead of the reading; waiting for an item
	 * longer than the timeout fails with {@link IpcTimeoutException}; closing the stream
	 * before its end cancels the work in the worker. A handler that answers once gives a
	 * stream of one item.
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param timeout the longest wait for the next item, or {@code null} for the group's
	 * request timeout
	 * @return the items; close it (try-with-resources) when leaving early
	 */
	public java.util.stream.Stream<@Nullable Object> stream(@Nullable Object request, Type itemType,
			@Nullable Duration timeout) {
		Payload payload = encode(request);
		Duration effective = (timeout != null) ? timeout : this.settings.requestTimeout();
		StreamCall call = new StreamCall(this.requestIds.getAsLong(), payload, itemType,
				Math.max(1, effective.toNanos()), this.settings.streamWindow(), this.settings.streamWindow());
		dispatch(call);
		StreamCursor cursor = new StreamCursor(this, call);
		java.util.stream.Stream<@Nullable Object> stream = java.util.stream.StreamSupport
			.stream(java.util.Spliterators.spliteratorUnknownSize(cursor, java.util.Spliterator.ORDERED), false)
			.onClose(cursor::close);
		// A caller that drops the stream unread must not hold a worker until the timeout.
		CLEANER.register(stream, cursor::close);
		return stream;
	}

	/**
	 * Sends a request and delivers its answer to a subscriber as items arrive, driven by
	 * the subscriber's demand: the worker produces nothing until asked, and at most
	 * {@code stream-window} items beyond those delivered. A handler that answers once
	 * gives one item. For adapters to reactive streams.
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param subscriber receives the items and the end
	 * @return the subscription, for demand and cancellation
	 * @throws IpcException when the request cannot be sent
	 */
	public StreamSubscriber.Subscription subscribe(@Nullable Object request, Type itemType,
			StreamSubscriber subscriber) {
		Payload payload = encode(request);
		StreamCall call = new StreamCall(this.requestIds.getAsLong(), payload, itemType,
				Math.max(1, this.settings.requestTimeout().toNanos()), this.settings.streamWindow(), 0);
		PushStream push = new PushStream(this, call, subscriber);
		call.push = push;
		dispatch(call);
		return push;
	}

	/**
	 * Sends a request to every ready worker, each exactly once, and waits for all
	 * answers.
	 * @param request the request
	 * @param responseType the type to read each answer as
	 * @param timeout how long to wait, or {@code null} for the group's request timeout
	 * @return the answers, by worker index
	 * @throws IpcException the first failure, with the others suppressed
	 */
	public List<@Nullable Object> broadcast(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		Payload payload = encode(request);
		long timeoutNs = Math.max(1, ((timeout != null) ? timeout : this.settings.requestTimeout()).toNanos());
		List<Call> calls = new ArrayList<>();
		List<Worker> targets = new ArrayList<>();
		this.lock.lock();
		try {
			checkAccepting();
			List<Worker> all = new ArrayList<>(java.util.Arrays.asList(this.workers));
			all.addAll(this.remotes);
			for (Worker worker : all) {
				if (worker != null && worker.state == IpcWorkerInfo.State.READY) {
					// Past prefetch if need be: the request waits in that worker's own
					// buffer.
					Call call = new Call(this.requestIds.getAsLong(), payload, responseType, timeoutNs);
					assign(call, worker);
					calls.add(call);
					targets.add(worker);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		if (calls.isEmpty()) {
			throw new IpcException(name(), "ipc-worker group '" + name() + "' has no ready worker to broadcast to");
		}
		for (int i = 0; i < calls.size(); i++) {
			send(calls.get(i), targets.get(i));
		}
		List<@Nullable Object> answers = new ArrayList<>();
		RuntimeException failure = null;
		for (Call call : calls) {
			try {
				answers.add(await(call));
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		return answers;
	}

	/**
	 * Sends one request per input, spread over the workers, and returns the answers in
	 * the order of the inputs. At most the workers' capacity plus half the queue is in
	 * flight at once, so any number of inputs fits. The first failure cancels what is
	 * left.
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @return the answers, in input order
	 * @throws IpcException the first failure
	 */
	public List<@Nullable Object> map(java.util.Collection<?> inputs, Type responseType) {
		int window = Math.max(1, this.workers.length * this.settings.prefetch() + this.settings.queueSize() / 2);
		java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(window);
		List<CompletableFuture<@Nullable Object>> futures = new ArrayList<>(inputs.size());
		CompletableFuture<Void> firstFailure = new CompletableFuture<>();
		try {
			for (Object input : inputs) {
				while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
					if (firstFailure.isDone()) {
						break;
					}
				}
				if (firstFailure.isDone()) {
					break;
				}
				CompletableFuture<@Nullable Object> future = submit(input, responseType);
				future.whenComplete((value, ex) -> {
					permits.release();
					if (ex != null) {
						firstFailure.completeExceptionally(ex);
					}
				});
				futures.add(future);
			}
			CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
			CompletableFuture.anyOf(all, firstFailure).join();
			if (firstFailure.isCompletedExceptionally()) {
				futures.forEach((future) -> future.cancel(false));
				firstFailure.join();
			}
			List<@Nullable Object> answers = new ArrayList<>(futures.size());
			futures.forEach((future) -> answers.add(future.join()));
			return answers;
		}
		catch (java.util.concurrent.CompletionException ex) {
			futures.forEach((future) -> future.cancel(false));
			throw rethrown(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			futures.forEach((future) -> future.cancel(false));
			throw new IpcException(name(), "Interrupted while mapping over group '" + name() + "'", ex);
		}
	}

	/**
	 * Waits for a call within its deadline; at the deadline the call times out, and an
	 * interrupt cancels it.
	 */
	private @Nullable Object await(Call call) {
		try {
			return call.result.get(Math.max(0, call.remainingNs()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			timeOut(call);
			return join(call);
		}
		catch (ExecutionException ex) {
			throw rethrown(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cancel(call);
			throw new IpcException(name(), "Interrupted while waiting for request " + call.id, ex);
		}
	}

	/**
	 * Decodes a payload the way a response is decoded, for answers kept undecoded until a
	 * caller asks for them with a type.
	 * @param payload the payload
	 * @param type the type to read
	 * @return the value
	 * @throws IpcSerializationException when the payload does not read as the type
	 */
	public @Nullable Object decode(Payload payload, Type type) {
		if (payload.hasFlag(FrameDescriptor.FLAG_NULL) && !acceptsNull(type)) {
			throw new IpcSerializationException(name(),
					"The worker of group '" + name() + "' answered with null, and the caller asked for "
							+ type.getTypeName() + "; ask for Void or Optional, or return a value",
					null);
		}
		try {
			return this.codec.decode(payload, type);
		}
		catch (RuntimeException ex) {
			throw new IpcSerializationException(name(), "An answer of ipc-worker group '" + name()
					+ "' could not be read as " + type.getTypeName() + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Sends a request whose answer is kept undecoded, for a caller that gives the type
	 * only when it collects the answer ({@link #decode}).
	 * @param request the request
	 * @return the request id and its future payload
	 * @throws IpcException when the request cannot be sent
	 */
	public Pending put(@Nullable Object request) {
		Call call = newCall(request, UNDECODED, null);
		dispatch(call);
		scheduleTimeout(call);
		return new Pending(call.id, call.result);
	}

	/**
	 * A request sent with {@link #put}.
	 *
	 * @param requestId the request id
	 * @param answer completed with the answer's {@link Payload}, or exceptionally
	 */
	public record Pending(long requestId, CompletableFuture<@Nullable Object> answer) {

	}

	/** Tells the worker holding a stream to stop producing it. */
	void cancelInWorker(Call call) {
		Worker worker;
		this.lock.lock();
		try {
			worker = call.worker;
		}
		finally {
			this.lock.unlock();
		}
		if (worker == null) {
			return;
		}
		try {
			worker.link.send(Frame.of(FrameType.CANCEL, worker.index, call.id), Duration.ofSeconds(1));
		}
		catch (LinkClosedException | TimeoutException ex) {
			// Gone or stuck: its death or the stuck timeout frees the slot.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Fails a call nobody waits on at its deadline. */
	private void scheduleTimeout(Call call) {
		ScheduledExecutorService timer = this.timer;
		if (timer != null && !call.isDone()) {
			try {
				call.timeoutTask = timer.schedule(() -> timeOut(call), call.remainingNs(), TimeUnit.NANOSECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// The group is stopping; it fails the call itself.
			}
		}
	}

	private @Nullable Object join(Call call) {
		try {
			return call.result.join();
		}
		catch (java.util.concurrent.CompletionException ex) {
			throw rethrown(ex.getCause());
		}
	}

	static RuntimeException rethrown(@Nullable Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		return new IpcException(null, "Request failed", failure);
	}

	private Call newCall(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		if (this.streaming) {
			throw new IpcException(name(), "ipc-worker group '" + name()
					+ "' streams its responses (an IpcStreamHandler); read them with IpcClient.stream");
		}
		Payload payload = encode(request);
		Duration effective = (timeout != null) ? timeout : this.settings.requestTimeout();
		return new Call(this.requestIds.getAsLong(), payload, responseType, Math.max(1, effective.toNanos()));
	}

	/**
	 * Encodes a request, with the caller's context in front when there is one; runs on
	 * the caller's thread, where that context lives.
	 */
	private Payload encode(@Nullable Object request) {
		if (request == null) {
			throw new IpcSerializationException(name(), "The request to ipc-worker group '" + name()
					+ "' is null; send a value (an empty one if the handler needs none)", null);
		}
		Payload payload;
		try {
			payload = this.codec.encode(request);
		}
		catch (RuntimeException ex) {
			throw new IpcSerializationException(name(), "The request of type " + request.getClass().getName()
					+ " to ipc-worker group '" + name() + "' could not be written: " + ex.getMessage(), ex);
		}
		long length = (long) FrameDescriptor.HEADER_LENGTH + payload.bytes().length;
		if (length > this.settings.maxMessageSize()) {
			throw new IpcMessageTooLargeException(name(), "request", payload.bytes().length,
					this.settings.maxMessageSize() - FrameDescriptor.HEADER_LENGTH);
		}
		java.util.Map<String, String> carried = this.context.capture();
		if (!carried.isEmpty()) {
			byte[] combined = ContextCodec.prefix(carried, payload.bytes());
			if ((long) FrameDescriptor.HEADER_LENGTH + combined.length <= this.settings.maxMessageSize()) {
				payload = new Payload(payload.flags() | FrameDescriptor.FLAG_CONTEXT, combined);
			}
		}
		return payload;
	}

	/** Hands a call to a worker now, or queues it. */
	private void dispatch(Call call) {
		Worker target;
		this.lock.lock();
		try {
			checkAccepting();
			target = pickWorker();
			if (target == null && this.gaveUp && liveWorkersLocked() == 0) {
				throw downException();
			}
			long waitNs = this.settings.enqueueTimeout().toNanos();
			while (target == null && this.queue.size() >= this.settings.queueSize() && waitNs > 0) {
				waitNs = this.notFull.awaitNanos(waitNs);
				checkAccepting();
				target = pickWorker();
			}
			if (target == null) {
				if (this.queue.size() >= this.settings.queueSize()) {
					this.observer.requestCompleted(name(), transport(), Outcome.BUSY, System.nanoTime() - call.startNs);
					throw new IpcBusyException(name(), this.settings.queueSize());
				}
				this.queue.addLast(call);
				return;
			}
			assign(call, target);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(name(), "Interrupted while waiting for room in the queue of group '" + name() + "'",
					ex);
		}
		finally {
			this.lock.unlock();
		}
		send(call, target);
	}

	private void checkAccepting() {
		if (this.lifecycle != Lifecycle.RUNNING) {
			throw new IpcException(name(), "ipc-worker group '" + name() + "' is not running ("
					+ this.lifecycle.name().toLowerCase(java.util.Locale.ROOT) + ")");
		}
	}

	/**
	 * The ready worker with the fewest requests below prefetch, launched or joined; among
	 * equals, the one used last. A worker that just answered is still spinning for its
	 * next request and has its caches warm, while one left idle has gone to sleep:
	 * handing sequential requests to the same worker avoids a wake-up per request, and
	 * concurrent requests still spread, since a busy worker is never the least loaded.
	 * Called with the lock held.
	 */
	private @Nullable Worker pickWorker() {
		Worker best = null;
		for (Worker worker : this.workers) {
			best = better(best, worker);
		}
		for (int i = 0; i < this.remotes.size(); i++) {
			best = better(best, this.remotes.get(i));
		}
		return best;
	}

	private @Nullable Worker better(@Nullable Worker best, @Nullable Worker candidate) {
		if (candidate == null || candidate.state != IpcWorkerInfo.State.READY
				|| candidate.inFlight.size() >= this.settings.prefetch()) {
			return best;
		}
		if (best == null || candidate.inFlight.size() < best.inFlight.size()
				|| (candidate.inFlight.size() == best.inFlight.size() && candidate.lastAssigned > best.lastAssigned)) {
			return candidate;
		}
		return best;
	}

	/** Records that a worker holds a call; called with the lock held. */
	private void assign(Call call, Worker worker) {
		call.worker = worker;
		worker.lastAssigned = ++this.assignments;
		worker.inFlight.put(call.id, call);
		this.inFlight++;
	}

	/** Moves queued calls to a worker with room; called with the lock held. */
	private void fill(Worker worker) {
		fill(worker, null);
	}

	/**
	 * Moves queued calls to a worker with room; called with the lock held. The calls are
	 * sent by the sender thread, or, when {@code moved} is given, by the caller once it
	 * released the lock.
	 */
	private void fill(Worker worker, @Nullable List<Call> moved) {
		while (worker.state == IpcWorkerInfo.State.READY && worker.inFlight.size() < this.settings.prefetch()) {
			Call next = this.queue.pollFirst();
			if (next == null) {
				break;
			}
			if (next.isDone()) {
				continue;
			}
			assign(next, worker);
			this.notFull.signal();
			if (moved != null) {
				moved.add(next);
				continue;
			}
			ExecutorService sender = this.sender;
			if (sender != null) {
				sender.execute(() -> send(next, worker));
			}
		}
	}

	/**
	 * Sends calls that moved from the queue to a worker. A reader thread (or a caller
	 * reading inline) sends a request that fits at once itself, saving a hand-off; one
	 * that would have to wait for room goes to the sender thread, since a reader that
	 * blocked on a full ring could deadlock against a worker blocked writing its own
	 * answer.
	 */
	private void sendMoved(List<Call> moved) {
		for (Call call : moved) {
			Worker worker = call.worker;
			if (worker == null) {
				continue;
			}
			try {
				if (!call.isDone() && worker.link.trySend(requestFrame(call, worker))) {
					continue;
				}
			}
			catch (LinkClosedException ex) {
				// The worker's death fails or retries the calls it held.
				continue;
			}
			ExecutorService sender = this.sender;
			if (sender != null) {
				sender.execute(() -> send(call, worker));
			}
		}
	}

	private void send(Call call, Worker worker) {
		if (call.isDone()) {
			// Timed out or cancelled while queued for sending; free the worker's slot.
			release(call, worker);
			return;
		}
		Frame frame = requestFrame(call, worker);
		try {
			worker.link.send(frame, Duration.ofNanos(Math.max(1, call.remainingNs())));
		}
		catch (LinkClosedException ex) {
			// The worker died; its loss fails the calls it held, this one included.
			onWorkerLost(worker, "closed its link");
		}
		catch (TimeoutException ex) {
			release(call, worker);
			timeOut(call);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			release(call, worker);
			fail(call, new IpcException(name(), "Interrupted while sending request " + call.id, ex), Outcome.CANCELLED);
		}
	}

	private static Frame requestFrame(Call call, Worker worker) {
		if (call instanceof StreamCall stream) {
			return new Frame(FrameType.REQUEST, call.payload.flags() | FrameDescriptor.FLAG_STREAM, worker.index,
					call.id, stream.initialCredit, 0, call.payload.bytes());
		}
		return new Frame(FrameType.REQUEST, call.payload.flags(), worker.index, call.id, 0, 0, call.payload.bytes());
	}

	/** Frees a worker slot of a call that never reached the worker. */
	private void release(Call call, Worker worker) {
		this.lock.lock();
		try {
			if (worker.inFlight.remove(call.id) != null) {
				this.inFlight--;
				fill(worker);
				signalIfDrained();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	void timeOut(Call call) {
		Worker holder;
		this.lock.lock();
		try {
			// A queued call leaves the queue; one at a worker keeps its slot until the
			// worker
			// answers, since the worker is still busy with it.
			this.queue.remove(call);
			signalIfDrained();
			holder = call.worker;
		}
		finally {
			this.lock.unlock();
		}
		Duration stuckTimeout = this.settings.supervision().stuckTimeout();
		ScheduledExecutorService timer = this.timer;
		if (holder != null && stuckTimeout != null && timer != null && !call.isDone()) {
			try {
				timer.schedule(() -> killIfStuck(call, holder), stuckTimeout.toNanos(), TimeUnit.NANOSECONDS);
			}
			catch (java.util.concurrent.RejectedExecutionException ex) {
				// Stopping: the stop kills what remains.
			}
		}
		fail(call, new IpcTimeoutException(name(), call.id, java.time.Duration.ofNanos(call.timeoutNs)),
				Outcome.TIMEOUT);
	}

	/**
	 * Ends a call with a failure of the caller's side, such as an item it could not read.
	 */
	void abort(Call call, Throwable failure) {
		this.lock.lock();
		try {
			this.queue.remove(call);
			signalIfDrained();
		}
		finally {
			this.lock.unlock();
		}
		fail(call, failure, Outcome.ERROR);
	}

	void cancel(Call call) {
		this.lock.lock();
		try {
			this.queue.remove(call);
			signalIfDrained();
		}
		finally {
			this.lock.unlock();
		}
		fail(call, new CancellationException("request " + call.id + " cancelled"), Outcome.CANCELLED);
	}

	private void signalIfDrained() {
		if (this.inFlight == 0 && this.queue.isEmpty()) {
			this.drained.signalAll();
		}
	}

	/*
	 * A call's outcome is recorded before its future completes, so a caller that reads
	 * the meters after its call returned finds its own request counted.
	 */

	private void fail(Call call, Throwable failure, Outcome outcome) {
		if (call.claimEnd()) {
			finished(call, outcome);
			call.result.completeExceptionally(failure);
			call.onFinished();
		}
	}

	private void succeed(Call call, @Nullable Object value) {
		if (call.claimEnd()) {
			finished(call, Outcome.SUCCESS);
			call.result.complete(value);
			call.onFinished();
		}
	}

	private void finished(Call call, Outcome outcome) {
		java.util.concurrent.Future<?> task = call.timeoutTask;
		if (task != null) {
			task.cancel(false);
		}
		this.observer.requestCompleted(name(), transport(), outcome, System.nanoTime() - call.startNs);
	}

	// ---------------------------------------------------------------------------------
	// Frames from workers (reader threads)
	// ---------------------------------------------------------------------------------

	void onFrame(Worker worker, Frame frame) {
		switch (frame.type()) {
			case RESPONSE, ERROR, STREAM_END -> onFinal(worker, frame);
			case READY -> {
				try {
					worker.ready.complete(ReadyInfo.decode(frame.payload()));
				}
				catch (FrameFormatException ex) {
					worker.ready.completeExceptionally(new IpcStartupException(name(),
							"Worker " + worker + " sent a READY frame that does not parse: " + ex.getMessage(), ex));
				}
			}
			case BOOT_FAILED -> worker.ready.completeExceptionally(bootFailure(worker, frame));
			case STREAM_ITEM -> onItem(worker, frame);
			case HEARTBEAT -> {
			}
			default -> logger.warn("Worker " + worker + " sent an unexpected " + frame);
		}
	}

	void onBadFrame(Worker worker, long requestId, RuntimeException problem) {
		logger.warn("Dropped a frame from worker " + worker + " that does not parse: " + problem.getMessage());
		List<Call> moved = new ArrayList<>(1);
		Call call = takeAnswered(worker, requestId, moved);
		sendMoved(moved);
		if (call != null) {
			fail(call, new IpcSerializationException(name(), "The answer of worker " + worker + " to request "
					+ requestId + " could not be read: " + problem.getMessage(), problem), Outcome.ERROR);
		}
	}

	private void onFinal(Worker worker, Frame frame) {
		if (frame.executionTimeNs() > 0) {
			this.observer.handlerExecuted(name(), transport(), frame.executionTimeNs());
		}
		List<Call> moved = new ArrayList<>(1);
		Call call = takeAnswered(worker, frame.requestId(), moved);
		// The next request first: the worker gets back to work while this answer is read.
		sendMoved(moved);
		if (call == null || call.isDone()) {
			return;
		}
		if (call instanceof StreamCall stream) {
			switch (frame.type()) {
				// A handler that answers once, read as a stream of one item.
				case RESPONSE -> {
					stream.deliver(frame);
					succeed(call, null);
				}
				case STREAM_END -> succeed(call, null);
				default -> fail(call, remoteFailure(call, frame), Outcome.ERROR);
			}
			return;
		}
		if (frame.type() == FrameType.RESPONSE && call.responseType == UNDECODED) {
			succeed(call, new Payload(frame.flags(), frame.payload()));
			return;
		}
		if (frame.type() == FrameType.RESPONSE) {
			if (frame.hasFlag(FrameDescriptor.FLAG_NULL) && !acceptsNull(call.responseType)) {
				fail(call,
						new IpcSerializationException(name(),
								"The worker of group '" + name() + "' answered request " + call.id
										+ " with null, and the caller asked for " + call.responseType.getTypeName()
										+ "; ask for Void or Optional, or return a value",
								null),
						Outcome.ERROR);
				return;
			}
			Object value;
			try {
				value = this.codec.decode(new Payload(frame.flags(), frame.payload()), call.responseType);
			}
			catch (RuntimeException ex) {
				fail(call,
						new IpcSerializationException(name(), "The response of ipc-worker group '" + name()
								+ "' could not be read as " + call.responseType.getTypeName() + ": " + ex.getMessage(),
								ex),
						Outcome.ERROR);
				return;
			}
			succeed(call, value);
		}
		else if (frame.type() == FrameType.ERROR) {
			fail(call, remoteFailure(call, frame), Outcome.ERROR);
		}
		else {
			fail(call, new IpcException(name(), "Request " + call.id + " got a stream from group '" + name()
					+ "'; use IpcClient.stream for a streaming worker"), Outcome.ERROR);
		}
	}

	/**
	 * Whether a null answer is what the caller asked for: {@code Void}, or
	 * {@code Optional}, which the codec turns into an empty one.
	 */
	private static boolean acceptsNull(Type type) {
		Class<?> raw = (type instanceof Class<?> clazz) ? clazz
				: (type instanceof java.lang.reflect.ParameterizedType parameterized
						&& parameterized.getRawType() instanceof Class<?> clazz) ? clazz : null;
		return raw == Void.class || raw == void.class || raw == java.util.Optional.class;
	}

	private void onItem(Worker worker, Frame frame) {
		Call call;
		this.lock.lock();
		try {
			call = worker.inFlight.get(frame.requestId());
		}
		finally {
			this.lock.unlock();
		}
		if (call instanceof StreamCall stream && !stream.isDone()) {
			stream.deliver(frame);
		}
	}

	/**
	 * Removes an answered call from its worker and gives the slot to the next queued
	 * call, which the caller sends with {@link #sendMoved} once it has the answered call.
	 */
	private @Nullable Call takeAnswered(Worker worker, long requestId, List<Call> moved) {
		this.lock.lock();
		try {
			Call call = worker.inFlight.remove(requestId);
			if (call == null) {
				return null;
			}
			this.inFlight--;
			worker.served++;
			long maxRequests = this.settings.supervision().maxRequestsPerWorker();
			if (maxRequests > 0 && worker.served >= maxRequests && worker.state == IpcWorkerInfo.State.READY
					&& this.lifecycle == Lifecycle.RUNNING && isInSlot(worker)) {
				recycle(worker);
			}
			fill(worker, moved);
			shutDownWhenIdle(worker);
			this.notFull.signal();
			signalIfDrained();
			return call;
		}
		finally {
			this.lock.unlock();
		}
	}

	private IpcException remoteFailure(Call call, Frame frame) {
		RemoteError error;
		try {
			error = RemoteErrorCodec.decode(frame.payload());
		}
		catch (FrameFormatException ex) {
			return new IpcSerializationException(name(),
					"Request " + call.id + " failed in the worker, and its error report does not parse", ex);
		}
		RemoteThrowable remote = error.error();
		return switch (error.kind()) {
			case HANDLER -> new IpcRemoteException(name(), call.id, remote);
			case REQUEST_UNREADABLE -> new IpcSerializationException(name(), "The worker of group '" + name()
					+ "' could not read request " + call.id + " as its handler's input type: " + remote, remote);
			case RESPONSE_UNWRITABLE -> new IpcSerializationException(name(), "The worker of group '" + name()
					+ "' could not write its response to request " + call.id + ": " + remote, remote);
			case PROTOCOL -> new IpcSerializationException(name(), "The worker of group '" + name()
					+ "' could not read the frame of request " + call.id + ": " + remote, remote);
			case RESPONSE_TOO_LARGE -> new IpcMessageTooLargeException(name(), "response to request " + call.id,
					parseSize(remote.getRemoteMessage()),
					this.settings.maxMessageSize() - FrameDescriptor.HEADER_LENGTH);
			default -> new IpcException(name(), "Request " + call.id + " failed in the worker: " + remote, remote);
		};
	}

	private static long parseSize(String message) {
		try {
			return Long.parseLong(message.trim());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private IpcStartupException bootFailure(Worker worker, Frame frame) {
		try {
			RemoteThrowable remote = RemoteErrorCodec.decode(frame.payload()).error();
			StringBuilder text = new StringBuilder(remote.toString());
			for (RemoteThrowable cause = remote.getCause(); cause != null; cause = cause.getCause()) {
				text.append(System.lineSeparator()).append("  caused by ").append(cause);
			}
			return new IpcStartupException(name(), "Worker " + worker + " failed to start: " + text, remote);
		}
		catch (FrameFormatException ex) {
			return new IpcStartupException(name(), "Worker " + worker + " failed to start" + errorTail(worker), ex);
		}
	}

	// ---------------------------------------------------------------------------------
	// Supervision
	// ---------------------------------------------------------------------------------

	private void onWorkerExit(Worker worker) {
		onWorkerLost(worker, "exited");
	}

	/** A worker's process exited or its link closed; idempotent per worker. */
	void onWorkerLost(Worker worker, String how) {
		List<Call> lost;
		boolean replace;
		this.lock.lock();
		try {
			if (worker.state == IpcWorkerInfo.State.DEAD || worker.state == IpcWorkerInfo.State.STOPPED) {
				return;
			}
			boolean expected = worker.state == IpcWorkerInfo.State.STOPPING;
			worker.state = IpcWorkerInfo.State.DEAD;
			lost = new ArrayList<>(worker.inFlight.values());
			this.inFlight -= lost.size();
			worker.inFlight.clear();
			this.notFull.signalAll();
			signalIfDrained();
			replace = !expected && this.lifecycle == Lifecycle.RUNNING && isInSlot(worker);
		}
		finally {
			this.lock.unlock();
		}
		if (!worker.ready.isDone()) {
			// Let a start-up error frame from the worker win over the bare exit.
			CompletableFuture.delayedExecutor(EXIT_GRACE_MS, TimeUnit.MILLISECONDS)
				.execute(() -> worker.ready.completeExceptionally(new IpcStartupException(name(),
						"Worker " + worker + " " + how + " before it was ready" + errorTail(worker), null)));
		}
		Thread reaper = new Thread(() -> reap(worker, how, lost, replace), "ipc-worker-" + worker.name + "-reaper");
		reaper.setDaemon(true);
		reaper.start();
	}

	/**
	 * Reports the death of a worker to its callers, frees what it held and replaces it;
	 * runs off the reader threads, since it waits for the process to be reaped.
	 */
	private void reap(Worker worker, String how, List<Call> lost, boolean replace) {
		WorkerProcess process = worker.process;
		Integer exitCode = null;
		List<String> errorLines = List.of();
		String memoryError = null;
		if (process != null) {
			try {
				process.waitFor(Duration.ofSeconds(1));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exitCode = process.exitCode();
			errorLines = process.lastErrorLines();
			memoryError = outOfMemoryLine(exitCode, errorLines, process.lastOutputLines());
		}
		String cause = (worker.deathCause != null) ? worker.deathCause
				: (memoryError != null) ? CAUSE_OUT_OF_MEMORY : CAUSE_CRASH;
		String exitCause = (worker.deathCause == null && !replace && lost.isEmpty()) ? "stopped"
				: (worker.deathCause != null) ? worker.deathCause
						: (memoryError != null) ? CAUSE_OUT_OF_MEMORY : CAUSE_CRASH;
		this.observer.workerExited(name(), worker.index, worker.pid(), exitCause, exitCode);
		String description = describeExit(how, exitCode)
				+ ((memoryError != null) ? ", out of memory (" + memoryError + ")" : "")
				+ (CAUSE_STUCK.equals(cause) ? ", killed while stuck past its request's timeout" : "");
		if (!lost.isEmpty() || replace) {
			logger.warn("Worker " + worker + " " + description + "; " + lost.size() + " request(s) in flight"
					+ (replace ? "; replacing it" : ""));
		}
		for (Call call : lost) {
			if (!retry(call)) {
				fail(call, new IpcWorkerCrashedException(name(), worker.index, worker.pid(), call.id, exitCode,
						memoryError != null, description, errorLines), Outcome.CRASHED);
			}
		}
		if (process != null) {
			if (process.isAlive()) {
				process.kill();
			}
			process.release();
		}
		worker.link.close();
		this.lock.lock();
		try {
			this.retiring.remove(worker);
			if (this.remotes.remove(worker)) {
				logger.info("Remote worker " + worker + " left ipc-worker group '" + name() + "'");
			}
			failQueuedIfNoneCanServe();
		}
		finally {
			this.lock.unlock();
		}
		if (replace) {
			scheduleReplacement(worker, cause, description);
		}
	}

	/**
	 * Sends a call whose worker died to another worker, once, when the group allows it.
	 * @return whether the call was queued again
	 */
	private boolean retry(Call call) {
		if (!this.settings.supervision().retryOnCrash() || call.attempts > 1 || call.isDone()) {
			return false;
		}
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING && this.lifecycle != Lifecycle.STOPPING) {
				return false;
			}
			call.attempts++;
			call.worker = null;
			this.queue.addFirst(call);
			for (Worker worker : this.workers) {
				if (worker != null) {
					fill(worker);
				}
			}
			this.remotes.forEach(this::fill);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Workers run with {@code -XX:+ExitOnOutOfMemoryError}, which exits with code 3 after
	 * printing the error on standard output.
	 */
	private static @Nullable String outOfMemoryLine(@Nullable Integer exitCode, List<String> errorLines,
			List<String> outputLines) {
		if (exitCode == null || exitCode != EXIT_ON_OUT_OF_MEMORY) {
			return null;
		}
		for (List<String> lines : List.of(outputLines, errorLines)) {
			for (int i = lines.size() - 1; i >= 0; i--) {
				String line = lines.get(i);
				int at = line.indexOf("java.lang.OutOfMemoryError");
				if (at >= 0) {
					return line.substring(at).trim();
				}
			}
		}
		return null;
	}

	private static String describeExit(String how, @Nullable Integer exitCode) {
		if (exitCode == null) {
			return how;
		}
		if (exitCode > 128 && exitCode <= 128 + 64) {
			int signal = exitCode - 128;
			return "was killed by signal " + signal + (signal == 9 ? " (SIGKILL)" : (signal == 15 ? " (SIGTERM)" : ""))
					+ ", exit code " + exitCode;
		}
		return "exited with code " + exitCode;
	}

	/**
	 * Replaces a dead worker after a back-off that grows while the slot keeps failing
	 * fast, unless the group has seen too many deaths within its window: then it gives up
	 * and reports itself down rather than restarting for ever.
	 */
	private void scheduleReplacement(Worker dead, String cause, String description) {
		int index = dead.index;
		long delayMs;
		GroupSettings.Supervision supervision = this.settings.supervision();
		this.lock.lock();
		try {
			this.lastDeath = dead + " " + description;
			long nowNs = System.nanoTime();
			this.deaths.addLast(nowNs);
			while (!this.deaths.isEmpty() && nowNs - this.deaths.peekFirst() > supervision.restartWindow().toNanos()) {
				this.deaths.removeFirst();
			}
			if (this.deaths.size() > supervision.maxRestarts()) {
				this.gaveUp = true;
				failQueuedIfNoneCanServe();
				logger.error("ipc-worker group '" + name() + "' had " + this.deaths.size() + " worker deaths within "
						+ supervision.restartWindow() + " (ipc.worker.max-restarts=" + supervision.maxRestarts()
						+ "); it no longer replaces workers and reports itself down. Last: " + this.lastDeath);
				return;
			}
			java.time.Instant started = dead.startedAt();
			// A worker that never got as far as a process counts as failing fast too.
			boolean fast = started == null
					|| Duration.between(started, java.time.Instant.now()).toMillis() < FAST_FAILURE_MS;
			this.fastFailures[index] = fast ? this.fastFailures[index] + 1 : 0;
			int failures = this.fastFailures[index];
			delayMs = (failures == 0) ? 0 : Math.min(MAX_RESTART_DELAY_MS, 100L << Math.min(failures, 10));
		}
		finally {
			this.lock.unlock();
		}
		startReplacement(dead, cause, delayMs);
	}

	private void startReplacement(Worker old, String cause, long delayMs) {
		ScheduledExecutorService timer = this.timer;
		if (timer == null) {
			return;
		}
		this.observer.workerReplaced(name(), cause);
		try {
			timer.schedule(() -> {
				Thread starter = new Thread(() -> replace(old), "ipc-worker-" + old.name + "-starter");
				starter.setDaemon(true);
				starter.start();
			}, delayMs, TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException ex) {
			// Stopping: no replacement.
		}
	}

	private void replace(Worker old) {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING || this.workers[old.index] != old) {
				return;
			}
			this.restarts[old.index]++;
		}
		finally {
			this.lock.unlock();
		}
		Worker fresh;
		try {
			fresh = launch(old.index);
			awaitReady(fresh, System.nanoTime() + this.settings.startupTimeout().toNanos());
		}
		catch (IpcException ex) {
			logger.warn("Could not replace worker " + old.name + ": " + ex.getMessage());
			Worker current = currentWorker(old.index);
			if (current != null && current != old) {
				WorkerProcess process = current.process;
				if (process != null) {
					process.destroyForcibly();
				}
				onWorkerLost(current, "failed to start");
			}
			return;
		}
		this.lock.lock();
		try {
			if (this.lifecycle == Lifecycle.RUNNING && this.workers[old.index] == fresh) {
				ready(fresh);
				logger.info("Worker " + fresh + " replaced " + old);
				return;
			}
		}
		finally {
			this.lock.unlock();
		}
		// The group stopped meanwhile; the new process must not outlive it.
		WorkerProcess process = fresh.process;
		if (process != null) {
			process.kill();
			process.release();
		}
		fresh.link.close();
	}

	/**
	 * Retires a worker that has served {@code max-requests-per-worker} requests: it takes
	 * no new requests, a fresh process starts in its slot, and it is asked to exit once
	 * it has answered what it holds. No request fails. Called with the lock held.
	 */
	private void recycle(Worker worker) {
		worker.state = IpcWorkerInfo.State.STOPPING;
		worker.deathCause = CAUSE_RECYCLED;
		this.retiring.add(worker);
		logger.info("Worker " + worker + " served " + worker.served + " requests (ipc.worker.max-requests-per-worker="
				+ this.settings.supervision().maxRequestsPerWorker() + "); replacing it");
		shutDownWhenIdle(worker);
		startReplacement(worker, CAUSE_RECYCLED, 0);
	}

	/**
	 * Asks a retiring worker to exit once it holds nothing; called with the lock held.
	 */
	private void shutDownWhenIdle(Worker worker) {
		if (!worker.inFlight.isEmpty() || !this.retiring.contains(worker) || worker.shutdownSent) {
			return;
		}
		worker.shutdownSent = true;
		ExecutorService sender = this.sender;
		if (sender != null) {
			sender.execute(() -> {
				try {
					worker.link.send(Frame.of(FrameType.SHUTDOWN, worker.index, 0), Duration.ofSeconds(1));
				}
				catch (LinkClosedException | TimeoutException ex) {
					WorkerProcess process = worker.process;
					if (process != null) {
						process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
	}

	/**
	 * Kills a worker still busy with a request past its timeout plus
	 * {@code stuck-timeout}: one stuck request must not hold a worker for ever.
	 */
	private void killIfStuck(Call call, Worker worker) {
		this.lock.lock();
		try {
			if (!worker.inFlight.containsKey(call.id) || worker.state == IpcWorkerInfo.State.DEAD) {
				return;
			}
			worker.deathCause = CAUSE_STUCK;
		}
		finally {
			this.lock.unlock();
		}
		logger.warn("Worker " + worker + " is still busy with request " + call.id + " "
				+ this.settings.supervision().stuckTimeout()
				+ " after it timed out (ipc.worker.stuck-timeout); killing it");
		WorkerProcess process = worker.process;
		if (process != null) {
			process.destroyForcibly();
		}
	}

	/**
	 * Fails the queued calls when the group gave up and no worker is left to take them;
	 * called with the lock held.
	 */
	private void failQueuedIfNoneCanServe() {
		if (!this.gaveUp || liveWorkersLocked() > 0) {
			return;
		}
		List<Call> stranded = new ArrayList<>(this.queue);
		this.queue.clear();
		signalIfDrained();
		IpcException down = downException();
		ExecutorService sender = this.sender;
		Runnable failAll = () -> stranded.forEach((call) -> fail(call, down, Outcome.CRASHED));
		if (sender != null) {
			sender.execute(failAll);
		}
		else {
			failAll.run();
		}
	}

	private IpcException downException() {
		return new IpcException(name(), "ipc-worker group '" + name() + "' is down: its workers died more than "
				+ this.settings.supervision().maxRestarts() + " times within "
				+ this.settings.supervision().restartWindow() + " and are no longer replaced; last: " + this.lastDeath);
	}

	private @Nullable Worker currentWorker(int index) {
		this.lock.lock();
		try {
			return this.workers[index];
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Whether a worker is the current one of a launched slot; called with the lock held.
	 */
	private boolean isInSlot(Worker worker) {
		return worker.index < this.workers.length && this.workers[worker.index] == worker;
	}

	/** Counts the workers that serve, or will once started; called with the lock held. */
	private int liveWorkersLocked() {
		return liveWorkersLocked(true);
	}

	/**
	 * Counts the ready workers, launched and joined, and optionally those still starting;
	 * called with the lock held.
	 */
	private int liveWorkersLocked(boolean countStarting) {
		int live = 0;
		for (Worker worker : this.workers) {
			if (worker != null && (worker.state == IpcWorkerInfo.State.READY
					|| (countStarting && worker.state == IpcWorkerInfo.State.STARTING))) {
				live++;
			}
		}
		for (Worker worker : this.remotes) {
			if (worker.state == IpcWorkerInfo.State.READY) {
				live++;
			}
		}
		return live;
	}

	private static String errorTail(Worker worker) {
		WorkerProcess process = worker.process;
		if (process == null) {
			return "";
		}
		List<String> lines = process.lastErrorLines();
		if (lines.isEmpty()) {
			return "";
		}
		StringBuilder text = new StringBuilder("; its last standard error lines:");
		for (Iterator<String> it = lines.iterator(); it.hasNext();) {
			text.append(System.lineSeparator()).append("  ").append(it.next());
		}
		return text.toString();
	}

	@Override
	public String toString() {
		return "WorkerGroup[" + name() + ", " + size() + " x " + transport() + "]";
	}

}
