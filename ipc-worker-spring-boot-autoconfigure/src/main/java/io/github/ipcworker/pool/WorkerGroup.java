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

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A pool of worker processes serving one worker bean: the face that {@code IpcClient},
 * the Spring glue, metrics and health use. It runs the lifecycle and hands everything
 * else to its rooms (see the package documentation): {@link Requests} for callers,
 * {@link Dispatcher} for the queue and the choice of worker, {@link CallTable} for ending
 * calls exactly once, {@link Supervisor} for processes, {@link RemoteAdmission} for
 * worker hosts.
 */
public final class WorkerGroup implements IpcGroup {

	private static final Log logger = LogFactory.getLog(WorkerGroup.class);

	private final GroupSettings settings;

	private final TransportFactory transportFactory;

	private final GroupRuntime runtime;

	private final CallTable calls;

	private final Members members;

	private final Dispatcher dispatcher;

	private final Supervisor supervisor;

	private final Requests requests;

	private final RemoteAdmission admission;

	private final Replies replies;

	private final Scaler scaler;

	/** Held by the one rolling restart that may run at a time. */
	private final ReentrantLock restarting = new ReentrantLock();

	private volatile @Nullable Transport transport;

	/**
	 * Creates a group on the system's clock and threads; nothing runs until
	 * {@link #start()}.
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
		this(settings, transportFactory, launcher, codec, observer, requestIds, context, GroupRuntime.system());
	}

	/**
	 * Creates a group on the given clock and threads; nothing runs until
	 * {@link #start()}.
	 * @param settings the group's settings
	 * @param transportFactory creates the transport at start
	 * @param launcher starts worker processes
	 * @param codec encodes requests and decodes responses
	 * @param observer sees outcomes, for metrics
	 * @param requestIds the source of request ids, unique in this JVM
	 * @param context carries the caller's context (its trace) with each request
	 * @param runtime the clock and threads
	 */
	public WorkerGroup(GroupSettings settings, TransportFactory transportFactory, WorkerLauncher launcher,
			PayloadCodec codec, GroupObserver observer, LongSupplier requestIds, ContextPropagator context,
			GroupRuntime runtime) {
		this.settings = settings;
		this.transportFactory = transportFactory;
		this.runtime = runtime;
		this.calls = new CallTable(settings.name(), settings.transport(), observer, runtime, requestIds);
		this.replies = new Replies(settings.name(), codec, settings.maxMessageSize(), this.calls);
		this.members = new Members(settings.workers());
		this.dispatcher = new Dispatcher(settings, this.calls, this.members);
		Inbox inbox = new Inbox(settings.name(), settings.transport(), this.dispatcher, this.replies, this.calls,
				observer);
		this.supervisor = new Supervisor(settings, runtime, launcher, this.members, this.dispatcher, this.calls,
				observer, inbox);
		inbox.supervisor(this.supervisor);
		this.dispatcher.listeners((worker) -> this.supervisor.onLost(worker, "closed its link"),
				this.supervisor::recycle);
		this.scaler = new Scaler(settings, runtime, this.members, this.dispatcher, this.supervisor, observer);
		this.requests = new Requests(settings, codec, context, this.calls, this.members, this.dispatcher, this.replies,
				this.supervisor, runtime);
		this.admission = new RemoteAdmission(settings, runtime, this.members, this.dispatcher, this.supervisor, inbox);
	}

	@Override
	public String name() {
		return this.settings.name();
	}

	@Override
	public String transport() {
		return this.settings.transport();
	}

	/**
	 * Returns the worker processes the group keeps: {@code workers} for a group of fixed
	 * size; for an elastic one, its target now, between {@code min-workers} and
	 * {@code max-workers}.
	 * @return the number of worker processes
	 */
	@Override
	public int size() {
		return this.settings.elastic() ? this.scaler.target() : this.settings.workers();
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
		return this.members.lifecycle() == Members.Lifecycle.RUNNING;
	}

	@Override
	public List<IpcWorkerInfo> workers() {
		// A slot without a process shows as stopped; joined workers follow the slots.
		List<IpcWorkerInfo> infos = new ArrayList<>();
		List<IpcWorkerInfo> current = this.members.snapshot(this::describe);
		if (this.settings.elastic()) {
			// Empty slots of an elastic group are not missing workers: leave them out.
			return current;
		}
		for (int i = 0; i < size(); i++) {
			infos.add(new IpcWorkerInfo(i, -1, IpcWorkerInfo.State.STOPPED, null, 0, 0, this.supervisor.restarts(i)));
		}
		for (IpcWorkerInfo info : current) {
			if (info.index() < size()) {
				infos.set(info.index(), info);
			}
			else {
				infos.add(info);
			}
		}
		return infos;
	}

	/** Describes a worker; with the lock held, so its state and held calls agree. */
	private IpcWorkerInfo describe(Worker worker) {
		if (worker.isRemote()) {
			return new IpcWorkerInfo(worker.index, worker.pid(), worker.state, worker.startedAt(), worker.served,
					worker.inFlight.size(), 0, worker.address);
		}
		IpcWorkerInfo.State state = (worker.state == IpcWorkerInfo.State.READY && this.members.spares.contains(worker))
				? IpcWorkerInfo.State.SPARE : worker.state;
		return new IpcWorkerInfo(worker.index, worker.pid(), state, worker.startedAt(), worker.served,
				worker.inFlight.size(), this.supervisor.restarts(worker.index));
	}

	@Override
	public Status status() {
		if (!isRunning()) {
			return Status.STOPPED;
		}
		int ready = this.members.live(false);
		if (ready == 0 || this.members.down() != null) {
			return Status.DOWN;
		}
		// Remote workers add capacity; the launched slots are what the group promises:
		// all of them, or an elastic group's minimum, since the workers it adds take a
		// while to start.
		int promised = this.settings.elastic() ? this.settings.scaling().minWorkers() : size();
		return (ready >= promised) ? Status.UP : Status.DEGRADED;
	}

	/**
	 * Returns how many requests are in flight at the workers.
	 * @return the number of requests sent and not answered
	 */
	public int inFlight() {
		return this.dispatcher.inFlight();
	}

	/**
	 * Returns how many requests wait for a worker.
	 * @return the queue length
	 */
	public int queued() {
		return this.dispatcher.queued();
	}

	/**
	 * Waits until nothing is queued or in flight in the group: every request sent so far
	 * has ended and its worker is free. A request that timed out or was cancelled while a
	 * worker runs it counts until the worker finishes it, since the worker is busy until
	 * then. Requests sent meanwhile count too.
	 * @param timeout how long to wait at most
	 * @return whether the group became idle within the timeout
	 * @throws InterruptedException when interrupted while waiting
	 */
	@Override
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		return this.dispatcher.awaitIdle(timeout.toNanos());
	}

	/**
	 * Returns how many requests a lazy or asynchronous map keeps in flight at most: twice
	 * what the workers hold at once ({@code workers × prefetch}), so the next batch waits
	 * in the queue while the workers run one and no worker idles between answers, and
	 * never more than the workers and the queue hold together.
	 * @return the window of the map calls
	 */
	public int mapWindow() {
		return this.requests.mapWindow();
	}

	/**
	 * Returns how many worker processes are ready.
	 * @return the number of ready workers
	 */
	public int liveWorkers() {
		return this.members.live(false);
	}

	// ---------------------------------------------------------------------------------
	// Lifecycle
	// ---------------------------------------------------------------------------------

	@Override
	public void start() {
		GroupRuntime.Threads threads = this.runtime.open(name());
		if (!this.members.beginStart(threads)) {
			threads.close();
			return;
		}
		long deadlineNs = this.runtime.nanoTime() + this.settings.startupTimeout().toNanos();
		List<Worker> started = new ArrayList<>();
		try {
			Transport transport = this.transportFactory.create(this.settings);
			this.transport = transport;
			this.supervisor.transport(transport);
			// An elastic group starts with its minimum; the scaler adds the rest on
			// demand.
			for (int i = 0; i < this.settings.scaling().minWorkers(); i++) {
				started.add(this.supervisor.launch(i));
			}
			List<Worker> later = awaitStarted(started, deadlineNs);
			if (!this.members.markRunning()) {
				throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' was stopped while starting",
						null);
			}
			later.forEach(this.supervisor::joinLate);
			if (this.settings.remoteWorkers()) {
				this.admission.open(transport);
			}
			this.scaler.start();
			this.supervisor.replenishSpares();
		}
		catch (RuntimeException ex) {
			terminate();
			throw ex;
		}
		logger.info("ipc-worker group '" + name() + "' started " + started.size() + " worker(s) over " + transport());
	}

	/**
	 * Waits for the workers a group starts with and lets them serve: all of them, or with
	 * {@code ready-when=first} the first one ready.
	 * @return the workers still starting, which serve once ready
	 * @throws IpcException when a worker fails to start (all of them, for {@code first})
	 */
	private List<Worker> awaitStarted(List<Worker> started, long deadlineNs) {
		if (this.settings.standby().readyWhen() == GroupSettings.ReadyWhen.ALL || started.size() <= 1) {
			for (Worker worker : started) {
				ReadyInfo info = this.supervisor.awaitReady(worker, deadlineNs);
				this.requests.streaming(info.streaming());
			}
			for (Worker worker : started) {
				this.supervisor.serve(worker);
			}
			return List.of();
		}
		Worker first = this.supervisor.awaitFirstReady(started, deadlineNs);
		this.requests.streaming(first.ready.join().streaming());
		this.supervisor.serve(first);
		List<Worker> later = new ArrayList<>(started);
		later.remove(first);
		return later;
	}

	/**
	 * Stops the group gracefully: it takes no new calls, fails the queued ones at once,
	 * lets the workers finish what they hold within {@code shutdown-timeout}, then asks
	 * them to exit (their {@code @PreDestroy} methods run) and kills those that do not.
	 */
	@Override
	public void stop() {
		List<Call> queued = this.dispatcher.beginStop(false);
		if (queued == null) {
			return;
		}
		for (Call call : queued) {
			this.calls.fail(call, new IpcException(name(),
					"ipc-worker group '" + name() + "' stopped before request " + call.id + " reached a worker"),
					Outcome.CANCELLED);
		}
		try {
			this.dispatcher.awaitDrained(this.settings.shutdownTimeout().toNanos());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<Worker> live = this.members.workers();
		live.addAll(this.members.spares());
		for (Worker worker : live) {
			this.members.markStopping(worker);
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
		long exitDeadlineNs = System.nanoTime() + Math.max(this.settings.shutdownTimeout().toNanos(), 2_000_000_000L);
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
		List<Call> queued = this.dispatcher.beginStop(true);
		if (queued == null) {
			return;
		}
		queued.forEach((call) -> this.calls.fail(call,
				new IpcException(name(),
						"ipc-worker group '" + name() + "' terminated before request " + call.id + " reached a worker"),
				Outcome.CANCELLED));
		List<Worker> live = this.members.workers();
		live.addAll(this.members.spares());
		for (Worker worker : live) {
			this.members.markStopping(worker);
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
		for (Worker worker : this.members.workers()) {
			WorkerProcess process = worker.process;
			if (process != null && !process.waitFor(Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime())))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Starts a group that gave up after {@code max-restarts} again at once, without
	 * waiting for {@code restart-cooldown}: deaths count from zero and every dead slot
	 * gets a new process.
	 * @return whether the group had given up
	 * @throws IpcException when the group is not running
	 */
	public boolean reset() {
		if (!isRunning()) {
			throw new IpcException(name(), "ipc-worker group '" + name() + "' is not running");
		}
		return this.supervisor.reset();
	}

	@Override
	public void restart() {
		if (!this.restarting.tryLock()) {
			throw new IpcException(name(),
					"A rolling restart of ipc-worker group '" + name() + "' is already under way");
		}
		try {
			if (!isRunning()) {
				throw new IpcException(name(), "ipc-worker group '" + name() + "' is not running");
			}
			long startNs = this.runtime.nanoTime();
			int replaced = 0;
			for (int i = 0; i < this.settings.workers(); i++) {
				if (this.supervisor.restartSlot(i)) {
					replaced++;
				}
			}
			logger.info("Rolling restart of ipc-worker group '" + name() + "' replaced " + replaced + " of " + size()
					+ " worker(s) in " + Duration.ofNanos(this.runtime.nanoTime() - startNs).toMillis() + " ms");
		}
		finally {
			this.restarting.unlock();
		}
	}

	/** Fails what is left and frees every resource; the processes are gone or killed. */
	private void release(String how) {
		Dispatcher.Released released = this.dispatcher.releaseAll();
		// Whatever path a call was on, held, queued or between the two, it ends now.
		this.calls.failAll((call) -> new IpcException(name(),
				"ipc-worker group '" + name() + "' " + how + " before request " + call.id + " was answered"));
		for (Worker worker : released.workers()) {
			WorkerProcess process = worker.process;
			if (process != null && process.isAlive()) {
				process.kill();
			}
			worker.link.close();
			if (process != null) {
				process.release();
			}
		}
		Transport transport = this.transport;
		this.transport = null;
		this.supervisor.transport(null);
		if (transport != null) {
			transport.close();
		}
		if (released.threads() != null) {
			released.threads().close();
		}
		this.members.markStopped();
		logger.info("ipc-worker group '" + name() + "' " + how);
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
		return this.requests.call(request, responseType, timeout);
	}

	/**
	 * Sends a request without waiting for its answer; the calling thread may still wait
	 * for room in a full queue and on a full link.
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @return the future response; cancelling it forgets the request
	 */
	public CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType) {
		return this.requests.submit(request, responseType, true);
	}

	/**
	 * Sends a request without waiting for its answer, which must come within a timeout.
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long the answer may take, or {@code null} for the group's
	 * request timeout
	 * @return the future response; cancelling it forgets the request
	 */
	public CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType,
			@Nullable Duration timeout) {
		return this.requests.submit(request, responseType, timeout, true);
	}

	/**
	 * Sends a request without ever blocking the calling thread, for event loops: a full
	 * queue fails the request at once with {@link io.github.ipcworker.IpcBusyException},
	 * and the request goes out on the group's own thread when the link is full.
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @return the future response; cancelling it forgets the request
	 */
	public CompletableFuture<@Nullable Object> submitWithoutWaiting(@Nullable Object request, Type responseType) {
		return this.requests.submit(request, responseType, false);
	}

	/**
	 * Sends a request and returns its answer as a stream, read lazily. The worker sends
	 * at most {@code stream-window} items ahead of the reading; waiting for an item
	 * longer than the timeout fails with {@link io.github.ipcworker.IpcTimeoutException};
	 * closing the stream before its end cancels the work in the worker. A handler that
	 * answers once gives a stream of one item.
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param timeout the longest wait for the next item, or {@code null} for the group's
	 * request timeout
	 * @return the items; close it (try-with-resources) when leaving early
	 */
	public java.util.stream.Stream<@Nullable Object> stream(@Nullable Object request, Type itemType,
			@Nullable Duration timeout) {
		return this.requests.stream(request, itemType, timeout);
	}

	/**
	 * Sends a request and delivers its answer to a subscriber as items arrive, driven by
	 * the subscriber's demand: the worker produces nothing until asked, and at most
	 * {@code stream-window} items beyond those delivered. Never blocks the calling
	 * thread, and calls the subscriber on another thread than the link's. A handler that
	 * answers once gives one item. For adapters to reactive streams.
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param subscriber receives the items and the end
	 * @return the subscription, for demand and cancellation
	 * @throws IpcException when the request cannot be sent
	 */
	public StreamSubscriber.Subscription subscribe(@Nullable Object request, Type itemType,
			StreamSubscriber subscriber) {
		return this.requests.subscribe(request, itemType, subscriber);
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
		return this.requests.broadcast(request, responseType, timeout);
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
	public List<@Nullable Object> map(Collection<?> inputs, Type responseType) {
		return this.requests.map(inputs, responseType, null);
	}

	/**
	 * Sends one request per input, each answered within a timeout, and returns the
	 * answers in the order of the inputs.
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take, or {@code null} for the group's
	 * request timeout
	 * @return the answers, in input order
	 * @throws IpcException the first failure
	 * @see #map(Collection, Type)
	 */
	public List<@Nullable Object> map(Collection<?> inputs, Type responseType, @Nullable Duration timeout) {
		return this.requests.map(inputs, responseType, timeout);
	}

	/**
	 * Maps a stream of inputs lazily: reads an input only when the reader takes an answer
	 * and fewer than {@link #mapWindow()} requests are sent and not taken, so the inputs
	 * may be endless. Closing the returned stream cancels the requests in flight and
	 * closes the inputs; the first failure is thrown when its answer is reached and
	 * cancels the others.
	 * @param inputs the requests, read on the reader's thread
	 * @param responseType the type to read each answer as
	 * @param ordered whether answers come in input order, or as they complete
	 * @param timeout how long each request may take, or {@code null} for the group's
	 * request timeout
	 * @return the answers; close it (try-with-resources)
	 */
	public java.util.stream.Stream<@Nullable Object> mapStream(java.util.stream.Stream<?> inputs, Type responseType,
			boolean ordered, @Nullable Duration timeout) {
		return this.requests.mapStream(inputs, responseType, ordered, timeout);
	}

	/**
	 * Maps inputs without waiting: at most {@link #mapWindow()} requests are in flight,
	 * each answer sends the next input. The future fails with the first failure, which
	 * cancels the others; cancelling it cancels them too.
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take, or {@code null} for the group's
	 * request timeout
	 * @return the future answers, in input order
	 */
	public CompletableFuture<List<@Nullable Object>> mapAsync(Collection<?> inputs, Type responseType,
			@Nullable Duration timeout) {
		return this.requests.mapAsync(inputs, responseType, timeout);
	}

	/**
	 * Decodes a payload the way a response is decoded, for answers kept undecoded until a
	 * caller asks for them with a type.
	 * @param payload the payload
	 * @param type the type to read
	 * @return the value
	 * @throws io.github.ipcworker.IpcSerializationException when the payload does not
	 * read as the type
	 */
	public @Nullable Object decode(Payload payload, Type type) {
		return this.replies.decode(payload, type);
	}

	/**
	 * Sends a request whose answer is kept undecoded, for a caller that gives the type
	 * only when it collects the answer ({@link #decode}).
	 * @param request the request
	 * @return the request id and its future payload
	 * @throws IpcException when the request cannot be sent
	 */
	public Pending put(@Nullable Object request) {
		return this.requests.put(request);
	}

	/**
	 * A request sent with {@link #put}.
	 *
	 * @param requestId the request id
	 * @param answer completed with the answer's {@link Payload}, or exceptionally
	 */
	public record Pending(long requestId, CompletableFuture<@Nullable Object> answer) {

	}

	/**
	 * Checks the invariants of the group's rooms, for tests.
	 * @return the violations, empty when all hold
	 */
	List<String> violations() {
		List<String> problems = new ArrayList<>(this.dispatcher.violations());
		problems.addAll(this.supervisor.violations());
		return problems;
	}

	/**
	 * Returns how many accepted calls have not ended, for tests.
	 * @return the number of open calls
	 */
	int openCalls() {
		return this.calls.openCalls();
	}

	@Override
	public String toString() {
		return "WorkerGroup[" + name() + ", " + size() + " x " + transport() + "]";
	}

}
