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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a group's slots filled with live worker processes: launches them and waits for
 * READY, watches them die, tells their callers, and replaces them through the
 * {@link CrashLoopBreaker}; recycles a worker after {@code max-requests-per-worker};
 * kills a worker stuck past a request's deadline.
 * <p>
 * A slot whose worker died is always in one of two places: a replacement is scheduled or
 * starting ({@link #replacing}), or the breaker counted the death and the group gave up.
 * Waiting for processes happens on spawned threads, never on a link's reader.
 */
final class Supervisor {

	private static final Log logger = LogFactory.getLog(Supervisor.class);

	/** Grace for the frames of a dying worker (such as its start-up error) to be read. */
	private static final long EXIT_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(300);

	/** Time a retiring worker gets beyond its calls to run its shutdown callbacks. */
	private static final Duration EXIT_ALLOWANCE = Duration.ofSeconds(2);

	/** Restart cause: the worker died on its own. */
	static final String CAUSE_CRASH = "crash";

	/** Restart cause: the worker ran out of memory. */
	static final String CAUSE_OUT_OF_MEMORY = "oom";

	/** Restart cause: the worker was killed while stuck past a request's timeout. */
	static final String CAUSE_STUCK = "timeout";

	/** Restart cause: the worker served its maximum number of requests. */
	static final String CAUSE_RECYCLED = "recycled";

	/** Restart cause: a rolling restart replaced the worker. */
	static final String CAUSE_RESTART = "restart";

	/** Restart cause: a replacement could not be started at all. */
	static final String CAUSE_OTHER = "other";

	private final GroupSettings settings;

	private final GroupRuntime runtime;

	private final WorkerLauncher launcher;

	private final Members members;

	private final Dispatcher dispatcher;

	private final CallTable calls;

	private final GroupObserver observer;

	private final Worker.Events events;

	private final CrashLoopBreaker breaker;

	/** Processes of each slot replaced so far; guarded by this. */
	private final long[] restarts;

	/** Whether a slot's replacement is scheduled or starting; guarded by this. */
	private final boolean[] replacing;

	private volatile @Nullable Transport transport;

	private volatile String lastDeath = "";

	/** Where each spare's link and process report, until a slot takes it over. */
	private final java.util.Map<Worker, Relay> relays = new java.util.concurrent.ConcurrentHashMap<>();

	Supervisor(GroupSettings settings, GroupRuntime runtime, WorkerLauncher launcher, Members members,
			Dispatcher dispatcher, CallTable calls, GroupObserver observer, Worker.Events events) {
		this.settings = settings;
		this.runtime = runtime;
		this.launcher = launcher;
		this.members = members;
		this.dispatcher = dispatcher;
		this.calls = calls;
		this.observer = observer;
		this.events = events;
		this.breaker = new CrashLoopBreaker(settings.workers(), settings.supervision().maxRestarts(),
				settings.supervision().restartWindow());
		this.restarts = new long[settings.workers()];
		this.replacing = new boolean[settings.workers()];
	}

	private String name() {
		return this.settings.name();
	}

	void transport(@Nullable Transport transport) {
		this.transport = transport;
	}

	synchronized long restarts(int index) {
		return (index < this.restarts.length) ? this.restarts[index] : 0;
	}

	// ---------------------------------------------------------------------------------
	// Launching
	// ---------------------------------------------------------------------------------

	/**
	 * Opens a link and starts a process for a slot; the worker takes the slot once its
	 * process runs.
	 * @throws IpcStartupException when the link or the process cannot be had
	 */
	Worker launch(int index) {
		return launch(index, true);
	}

	/**
	 * Opens a link and starts a process for it; the worker is in no slot or list yet.
	 * @param what names the worker in error messages
	 * @throws IpcStartupException when the link or the process cannot be had
	 */
	private Worker openAndStart(int index, String what) {
		Transport transport = this.transport;
		if (transport == null) {
			throw new IpcStartupException(name(), "ipc-worker group '" + name() + "' is not starting", null);
		}
		WorkerLink link;
		try {
			link = transport.open(index);
		}
		catch (IOException | RuntimeException ex) {
			throw new IpcStartupException(name(), "Could not prepare the link of " + what + " over "
					+ this.settings.transport() + ": " + ex.getMessage(), ex);
		}
		Worker worker = new Worker(name(), index, link, null, this.runtime.nanoTime(), this.events);
		try {
			worker.process = this.launcher.launch(this.settings, index, link.childSettings());
		}
		catch (IOException | RuntimeException ex) {
			link.close();
			throw new IpcStartupException(name(), "Could not start " + what + ": " + ex.getMessage(), ex);
		}
		return worker;
	}

	private Worker launch(int index, boolean inSlot) {
		Worker worker = openAndStart(index, "worker " + name() + "#" + index);
		WorkerLink link = worker.link;
		WorkerProcess process = java.util.Objects.requireNonNull(worker.process);
		if (inSlot) {
			this.members.install(worker);
		}
		else if (!this.members.addJoining(worker)) {
			process.kill();
			process.release();
			link.close();
			throw new IpcException(name(),
					"ipc-worker group '" + name() + "' stopped while worker " + worker.name + " was being restarted");
		}
		link.start(worker);
		process.onExit().thenRun(() -> onLost(worker, "exited"));
		return worker;
	}

	/**
	 * Waits for a worker's READY frame and checks it.
	 * @return what the worker reported
	 * @throws IpcStartupException when it fails to start, in time or at all
	 */
	ReadyInfo awaitReady(Worker worker, long deadlineNs) {
		try {
			ReadyInfo info = worker.ready.get(Math.max(0, deadlineNs - this.runtime.nanoTime()), TimeUnit.NANOSECONDS);
			if (info.protocolVersion() != FrameDescriptor.PROTOCOL_VERSION) {
				throw new IpcStartupException(name(), "Worker " + worker + " speaks protocol version "
						+ info.protocolVersion() + ", this application " + FrameDescriptor.PROTOCOL_VERSION, null);
			}
			return info;
		}
		catch (TimeoutException ex) {
			throw new IpcStartupException(name(), "Worker " + worker + " did not become ready within "
					+ this.settings.startupTimeout() + " (ipc.worker.startup-timeout)" + Exits.errorTail(worker), null);
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

	/**
	 * Waits for the first of a starting group's workers to be ready
	 * ({@code ready-when=first}).
	 * @return that worker, checked
	 * @throws IpcStartupException when none is ready in time, or all of them failed
	 */
	Worker awaitFirstReady(List<Worker> started, long deadlineNs) {
		CompletableFuture<Worker> first = new CompletableFuture<>();
		AtomicInteger failed = new AtomicInteger();
		for (Worker worker : started) {
			worker.ready.whenComplete((info, ex) -> {
				if (ex == null) {
					first.complete(worker);
				}
				else if (failed.incrementAndGet() == started.size()) {
					first.completeExceptionally(ex);
				}
			});
		}
		Worker ready;
		try {
			ready = first.get(Math.max(0, deadlineNs - this.runtime.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			// Let the first worker's own wait say what went wrong, the way an ALL start
			// would.
			awaitReady(started.get(0), deadlineNs);
			throw new IpcStartupException(name(), "No worker of ipc-worker group '" + name() + "' became ready", null);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcStartupException(name(), "Interrupted while starting ipc-worker group '" + name() + "'", ex);
		}
		awaitReady(ready, deadlineNs);
		return ready;
	}

	/**
	 * Lets a worker of a group started with {@code ready-when=first} serve once ready;
	 * one that fails to start, or does not start within {@code startup-timeout}, is
	 * replaced like a worker that died. Holds no thread while it waits.
	 */
	void joinLate(Worker worker) {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null) {
			return;
		}
		long remainingNs = Math.max(0,
				worker.launchedAtNs + this.settings.startupTimeout().toNanos() - this.runtime.nanoTime());
		threads
			.schedule(
					() -> worker.ready.completeExceptionally(
							new IpcStartupException(name(),
									"Worker " + worker + " did not become ready within "
											+ this.settings.startupTimeout() + " (ipc.worker.startup-timeout)",
									null)),
					remainingNs);
		worker.ready.whenComplete((info, ex) -> threads.spawn(worker.name + "-starter", () -> finishLate(worker)));
	}

	private void finishLate(Worker worker) {
		try {
			awaitReady(worker, this.runtime.nanoTime());
		}
		catch (IpcException ex) {
			logger.warn("Worker " + worker + " did not start: " + ex.getMessage());
			WorkerProcess process = worker.process;
			if (process != null) {
				process.destroyForcibly();
			}
			onLost(worker, "failed to start");
			if (this.members.current(worker.index) == worker) {
				// It failed before the group ran, when a death is not replaced: it is
				// now.
				startNow(worker);
			}
			return;
		}
		serve(worker);
	}

	/**
	 * Lets a started worker serve, and tells the observer.
	 * @return whether it serves; not when it died or the group stopped meanwhile
	 */
	boolean serve(Worker worker) {
		if (this.dispatcher.ready(worker)) {
			this.observer.workerStarted(name(), worker.index, worker.pid(), restarts(worker.index),
					this.runtime.nanoTime() - worker.launchedAtNs);
			if (!worker.isRemote() && this.breaker.onTrial()) {
				this.breaker.close();
				this.members.clearDown();
				logger.info("ipc-worker group '" + name() + "' serves again: worker " + worker + " started");
				refillDeadSlots();
			}
			return true;
		}
		return false;
	}

	// ---------------------------------------------------------------------------------
	// Deaths
	// ---------------------------------------------------------------------------------

	/** A worker's process exited or its link closed; once per worker. */
	void onLost(Worker worker, String how) {
		boolean started = worker.ready.isDone() && !worker.ready.isCompletedExceptionally();
		Dispatcher.Loss loss = this.dispatcher.lose(worker);
		GroupRuntime.Threads threads = this.members.threads();
		if (!worker.ready.isDone()) {
			// Let a start-up error frame from the worker win over the bare exit. Also for
			// a worker its stopped group released: whoever waits for it to start (a
			// rolling restart) learns at once.
			Runnable notReady = () -> worker.ready.completeExceptionally(new IpcStartupException(name(),
					"Worker " + worker + " " + how + " before it was ready" + Exits.errorTail(worker), null));
			if (threads != null) {
				threads.schedule(notReady, EXIT_GRACE_NS);
			}
			else {
				notReady.run();
			}
		}
		if (loss == null) {
			return;
		}
		// A worker that died while its group was still starting is replaced only if it
		// had been ready: otherwise the start fails with its error.
		boolean replace = loss.replace() && (started || this.members.lifecycle() == Members.Lifecycle.RUNNING);
		if (replace) {
			synchronized (this) {
				this.replacing[worker.index] = true;
			}
		}
		// A ready spare takes the slot now, on the thread that saw the death: not after
		// the reaper thread has started and the exit code is known.
		boolean adopted = replace && adoptSpare(worker);
		Runnable reap = () -> reap(worker, how, loss.lost(), replace, adopted);
		if (threads != null) {
			threads.spawn(worker.name + "-reaper", reap);
		}
		else {
			reap.run();
		}
	}

	/**
	 * Returns how long the reaper waits for a worker's process to exit after its link
	 * closed, before it kills it. A worker of a group being stopped gracefully gets the
	 * stop's allowance, which the stop enforces itself: its JVM may still be writing the
	 * class-data archive at exit, and a kill throws that away. Any other gets a second.
	 */
	private Duration exitAllowance(boolean replace, List<Call> lost) {
		boolean stopping = this.members.lifecycle() == Members.Lifecycle.STOPPING && !replace && lost.isEmpty();
		return stopping ? this.settings.shutdownTimeout().plusSeconds(2) : Duration.ofSeconds(1);
	}

	/**
	 * Reports the death of a worker to its callers, frees what it held and replaces it;
	 * off the reader threads, since it waits for the process to be reaped.
	 */
	private void reap(Worker worker, String how, List<Call> lost, boolean replace, boolean adopted) {
		WorkerProcess process = worker.process;
		Integer exitCode = null;
		List<String> errorLines = List.of();
		String memoryError = null;
		if (process != null) {
			try {
				process.waitFor(exitAllowance(replace, lost));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exitCode = process.exitCode();
			errorLines = process.lastErrorLines();
			memoryError = Exits.outOfMemoryLine(exitCode, errorLines, process.lastOutputLines());
		}
		String cause = (worker.deathCause != null) ? worker.deathCause
				: (memoryError != null) ? CAUSE_OUT_OF_MEMORY : CAUSE_CRASH;
		String exitCause = (worker.deathCause == null && !replace && lost.isEmpty()) ? "stopped" : cause;
		this.observer.workerExited(name(), worker.index, worker.pid(), exitCause, exitCode);
		String description = Exits.describe(how, exitCode)
				+ ((memoryError != null) ? ", out of memory (" + memoryError + ")" : "")
				+ (CAUSE_STUCK.equals(cause) ? ", killed while stuck past its request's timeout" : "");
		if (!lost.isEmpty() || replace) {
			logger.warn("Worker " + worker + " " + description + "; " + lost.size() + " request(s) in flight"
					+ (replace ? "; replacing it" : ""));
		}
		for (Call call : lost) {
			boolean retried = this.settings.supervision().retryOnCrash() && this.dispatcher.requeue(call);
			if (!retried) {
				this.calls.fail(call, new IpcWorkerCrashedException(name(), worker.index, worker.pid(), call.id,
						exitCode, memoryError != null, description, errorLines), Outcome.CRASHED);
			}
		}
		if (process != null) {
			if (process.isAlive()) {
				process.kill();
			}
			process.release();
		}
		worker.link.close();
		this.relays.remove(worker);
		if (this.members.forget(worker)) {
			logger.info("Remote worker " + worker + " left ipc-worker group '" + name() + "'");
		}
		failStranded();
		if (replace) {
			this.lastDeath = worker + " " + description;
			scheduleReplacement(worker, cause, this.runtime.nanoTime() - worker.launchedAtNs, adopted);
		}
	}

	/**
	 * Replaces a dead worker after the breaker's back-off, unless the breaker gives up:
	 * then the group reports itself down and tries one worker again after
	 * {@code restart-cooldown}.
	 */
	private void scheduleReplacement(Worker dead, String cause, long livedNs, boolean adopted) {
		GroupRuntime.Threads threads = this.members.threads();
		long delayNs = this.breaker.death(dead.index, this.runtime.nanoTime(), livedNs);
		if (adopted) {
			// A spare took the slot already; the death still counts toward max-restarts.
			this.observer.workerReplaced(name(), cause);
			return;
		}
		if (threads == null || !this.members.isActive()) {
			replaced(dead.index);
			return;
		}
		if (delayNs == CrashLoopBreaker.GIVE_UP) {
			replaced(dead.index);
			giveUp(threads);
			return;
		}
		this.observer.workerReplaced(name(), cause);
		threads.schedule(() -> threads.spawn(dead.name + "-starter", () -> replace(dead)), delayNs);
	}

	private void giveUp(GroupRuntime.Threads threads) {
		GroupSettings.Supervision supervision = this.settings.supervision();
		IpcException down = new IpcException(name(),
				"ipc-worker group '" + name() + "' is down: its workers died more than " + supervision.maxRestarts()
						+ " times within " + supervision.restartWindow() + " and are no longer replaced; last: "
						+ this.lastDeath);
		List<Call> stranded = this.dispatcher.markDown(down);
		stranded.forEach((call) -> this.calls.fail(call, down, Outcome.CRASHED));
		Duration cooldown = supervision.restartCooldown();
		logger.error("ipc-worker group '" + name() + "' had " + this.breaker.recentDeaths() + " worker deaths within "
				+ supervision.restartWindow() + " (ipc.worker.max-restarts=" + supervision.maxRestarts()
				+ "); it reports itself down and tries one worker again in " + cooldown
				+ " (ipc.worker.restart-cooldown). Last: " + this.lastDeath);
		threads.schedule(this::tryAgain, cooldown.toNanos());
	}

	/**
	 * Starts one worker in a dead slot of a group that gave up; when it serves, the rest
	 * follow ({@link #serve}).
	 */
	void tryAgain() {
		if (!this.breaker.isOpen() || !this.members.isActive()) {
			return;
		}
		this.breaker.halfOpen();
		List<Worker> dead = deadSlots();
		if (dead.isEmpty()) {
			this.breaker.close();
			this.members.clearDown();
			return;
		}
		startNow(dead.get(0));
	}

	/**
	 * Ends a give-up at once: the deaths count from zero and every dead slot gets a new
	 * process.
	 * @return whether the group had given up
	 */
	boolean reset() {
		boolean wasDown = this.breaker.isOpen() || this.breaker.onTrial();
		this.breaker.close();
		this.members.clearDown();
		refillDeadSlots();
		return wasDown;
	}

	private void refillDeadSlots() {
		deadSlots().forEach(this::startNow);
	}

	private void startNow(Worker dead) {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null) {
			return;
		}
		synchronized (this) {
			if (this.replacing[dead.index]) {
				return;
			}
			this.replacing[dead.index] = true;
		}
		threads.spawn(dead.name + "-starter", () -> replace(dead));
	}

	/** Dead workers still in their slots, with no replacement under way. */
	private List<Worker> deadSlots() {
		List<Worker> dead = new ArrayList<>(this.members.deadInSlots());
		synchronized (this) {
			dead.removeIf((worker) -> this.replacing[worker.index]);
		}
		return dead;
	}

	private void replace(Worker old) {
		if (!this.members.isActive() || this.members.current(old.index) != old) {
			replaced(old.index);
			return;
		}
		if (adoptSpare(old)) {
			return;
		}
		synchronized (this) {
			this.restarts[old.index]++;
		}
		Worker fresh;
		try {
			fresh = launch(old.index);
		}
		catch (IpcException ex) {
			// Nothing took the slot: the failure counts like a death, so the slot is
			// tried again after a back-off, or counts toward giving up.
			logger.warn("Could not replace worker " + old.name + ": " + ex.getMessage());
			this.lastDeath = old.name + " could not be started: " + ex.getMessage();
			scheduleReplacement(old, CAUSE_OTHER, 0, false);
			return;
		}
		replaced(old.index);
		try {
			awaitReady(fresh, this.runtime.nanoTime() + this.settings.startupTimeout().toNanos());
		}
		catch (IpcException ex) {
			logger.warn("Could not replace worker " + old.name + ": " + ex.getMessage());
			// Its death, reported like any other, schedules the next try.
			WorkerProcess process = fresh.process;
			if (process != null) {
				process.destroyForcibly();
			}
			onLost(fresh, "failed to start");
			return;
		}
		if (serve(fresh)) {
			logger.info("Worker " + fresh + " replaced " + old);
		}
	}

	private synchronized void replaced(int index) {
		this.replacing[index] = false;
	}

	private void failStranded() {
		IpcException down = this.members.down();
		if (down != null) {
			this.dispatcher.stranded().forEach((call) -> this.calls.fail(call, down, Outcome.CRASHED));
		}
	}

	// ---------------------------------------------------------------------------------
	// Spare workers
	// ---------------------------------------------------------------------------------

	/**
	 * Starts spares until the group has {@code spare-workers} of them, alive or starting,
	 * each on a thread of its own.
	 */
	void replenishSpares() {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null || this.members.lifecycle() != Members.Lifecycle.RUNNING) {
			return;
		}
		int missing;
		synchronized (this) {
			missing = this.settings.standby().spareWorkers() - this.members.spareCount() - this.sparesLaunching;
			this.sparesLaunching += Math.max(0, missing);
		}
		for (int i = 0; i < missing; i++) {
			threads.spawn(name() + "-spare-starter", this::launchSpare);
		}
	}

	/** Spares being launched, not yet among the members; guarded by this. */
	private int sparesLaunching;

	/**
	 * Starts one spare: an index past the slots, never given a call; it reports through a
	 * {@link Relay}, so that the slot that takes it over can take its events too. A spare
	 * that fails to start is not tried again until the next one is taken: a spare that
	 * cannot start would otherwise start JVMs for ever.
	 */
	private void launchSpare() {
		Worker spare;
		try {
			spare = launchSpareProcess();
		}
		catch (IpcException ex) {
			logger.warn("Could not start a spare worker for ipc-worker group '" + name() + "': " + ex.getMessage());
			return;
		}
		finally {
			synchronized (this) {
				this.sparesLaunching--;
			}
		}
		if (spare == null) {
			return;
		}
		try {
			awaitReady(spare, this.runtime.nanoTime() + this.settings.startupTimeout().toNanos());
		}
		catch (IpcException ex) {
			logger.warn("Spare worker " + spare + " did not start: " + ex.getMessage());
			WorkerProcess process = spare.process;
			if (process != null) {
				process.destroyForcibly();
			}
			spareLost(spare, "failed to start");
			return;
		}
		if (this.dispatcher.spareReady(spare)) {
			logger.info("Spare worker " + spare + " of ipc-worker group '" + name() + "' is ready");
		}
	}

	private @Nullable Worker launchSpareProcess() {
		if (this.transport == null) {
			return null;
		}
		int index = this.members.nextRemoteIndex();
		Worker spare = openAndStart(index, "spare worker " + name() + "#" + index);
		WorkerProcess process = java.util.Objects.requireNonNull(spare.process);
		WorkerLink link = spare.link;
		if (!this.members.addSpare(spare)) {
			process.kill();
			process.release();
			link.close();
			return null;
		}
		Relay relay = new Relay(spare);
		this.relays.put(spare, relay);
		link.start(relay);
		process.onExit().thenRun(() -> relay.lost("exited"));
		return spare;
	}

	/** Tells of a lost spare, or of the slot's worker that took it over meanwhile. */
	private void spareLost(Worker spare, String how) {
		Relay relay = this.relays.get(spare);
		if (relay != null) {
			relay.lost(how);
		}
		else {
			onLost(spare, how);
		}
	}

	/**
	 * Gives the slot of a dead or retiring worker to a ready spare, which serves at once,
	 * and starts another spare in the background.
	 * @return whether a spare took the slot
	 */
	private boolean adoptSpare(Worker old) {
		if (this.settings.standby().spareWorkers() == 0) {
			return false;
		}
		Worker fresh = this.dispatcher.adoptSpare(old, (spare) -> {
			Worker successor = new Worker(name(), old.index, spare.link, null, spare.launchedAtNs, this.events);
			successor.process = spare.process;
			successor.ready.complete(spare.ready.getNow(null));
			Relay relay = this.relays.remove(spare);
			if (relay != null) {
				relay.target = successor;
			}
			return successor;
		});
		if (fresh == null) {
			// None was ready: if they all died, this starts new ones for the next time.
			replenishSpares();
			return false;
		}
		synchronized (this) {
			this.restarts[old.index]++;
		}
		replaced(old.index);
		WorkerProcess process = fresh.process;
		if (serve(fresh)) {
			logger.info("Spare worker " + fresh + " took the slot of " + old);
		}
		if (process != null && !process.isAlive()) {
			// It died while being taken over; its exit may have reached the spare.
			onLost(fresh, "exited");
		}
		replenishSpares();
		return true;
	}

	/**
	 * Passes a spare's frames and end to whoever it is now: the spare itself, or the
	 * slot's worker that took it over. An end seen by the spare just as the slot took it
	 * over reaches the slot's worker too, since the switch and the spare's death are
	 * decided under the dispatcher's lock.
	 */
	private final class Relay implements FrameListener {

		volatile Worker target;

		Relay(Worker spare) {
			this.target = spare;
		}

		@Override
		public void onFrame(Frame frame) {
			this.target.onFrame(frame);
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			this.target.onBadFrame(requestId, problem);
		}

		@Override
		public void onClosed(@Nullable Throwable cause) {
			lost((cause != null) ? "closed its link: " + cause : "closed its link");
		}

		void lost(String how) {
			Worker seen;
			do {
				seen = this.target;
				onLost(seen, how);
			}
			while (seen != this.target);
		}

	}

	// ---------------------------------------------------------------------------------
	// Elastic size
	// ---------------------------------------------------------------------------------

	/**
	 * Starts a worker in an empty slot of an elastic group and lets it serve once READY.
	 * A worker that fails to start counts as a death of its slot, replaced after a
	 * back-off like any other.
	 * @throws IpcException when it cannot be launched or does not start
	 */
	void scaleUp(int index) {
		if (this.members.lifecycle() != Members.Lifecycle.RUNNING || this.members.current(index) != null) {
			return;
		}
		Worker worker = launch(index);
		try {
			awaitReady(worker, this.runtime.nanoTime() + this.settings.startupTimeout().toNanos());
		}
		catch (IpcException ex) {
			WorkerProcess process = worker.process;
			if (process != null) {
				process.destroyForcibly();
			}
			onLost(worker, "failed to start");
			throw ex;
		}
		if (serve(worker)) {
			logger.info("Worker " + worker + " added to ipc-worker group '" + name() + "' (requests were waiting)");
		}
	}

	// ---------------------------------------------------------------------------------
	// Rolling restart
	// ---------------------------------------------------------------------------------

	/**
	 * Replaces the worker of one slot without a gap: a successor starts beside it and
	 * takes the slot once READY; the old worker finishes what it holds and exits, and
	 * this waits for that (killing it after {@code shutdown-timeout}, as a stop would). A
	 * slot whose worker is not serving (dead, being replaced) is left to its replacement,
	 * which is a fresh process already.
	 * @return whether the slot got a new worker
	 * @throws IpcException when the successor does not start, or the group stops
	 * meanwhile: the old worker keeps serving
	 */
	boolean restartSlot(int index) {
		Worker old = this.members.current(index);
		if (old == null || !this.dispatcher.serving(old)) {
			return false;
		}
		Worker successor = launch(index, false);
		try {
			awaitReady(successor, this.runtime.nanoTime() + this.settings.startupTimeout().toNanos());
		}
		catch (IpcException ex) {
			stopUnused(successor, "failed to start");
			throw ex;
		}
		if (!this.dispatcher.takeOver(old, successor, CAUSE_RESTART)) {
			stopUnused(successor, "was not needed");
			if (!this.members.isActive()) {
				throw new IpcException(name(), "ipc-worker group '" + name() + "' stopped during a rolling restart");
			}
			return false;
		}
		synchronized (this) {
			this.restarts[index]++;
		}
		this.observer.workerReplaced(name(), CAUSE_RESTART);
		this.observer.workerStarted(name(), index, successor.pid(), restarts(index),
				this.runtime.nanoTime() - successor.launchedAtNs);
		logger.info("Worker " + successor + " took over from " + old + " (rolling restart)");
		awaitExit(old);
		return true;
	}

	/** Ends a successor that will not serve; it holds no call and its slot is not its. */
	private void stopUnused(Worker successor, String how) {
		successor.deathCause = CAUSE_RESTART;
		this.members.markStopping(successor);
		WorkerProcess process = successor.process;
		if (process != null) {
			process.destroyForcibly();
		}
		onLost(successor, how);
	}

	/**
	 * Waits for a retiring worker to finish and exit, within the longer of
	 * {@code shutdown-timeout} and {@code request-timeout} and two seconds more for its
	 * {@code @PreDestroy} methods; then kills it, and what it still holds (a call given a
	 * longer timeout of its own, an endless stream) fails as crashed, as at a stop.
	 */
	private void awaitExit(Worker old) {
		WorkerProcess process = old.process;
		if (process == null) {
			return;
		}
		Duration longest = (this.settings.shutdownTimeout().compareTo(this.settings.requestTimeout()) > 0)
				? this.settings.shutdownTimeout() : this.settings.requestTimeout();
		Duration allowance = longest.plus(EXIT_ALLOWANCE);
		try {
			if (!process.waitFor(allowance)) {
				logger.warn("Worker " + old + " did not finish and exit within " + allowance
						+ " of a rolling restart; killing it");
				process.kill();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(name(), "Interrupted while worker " + old + " finished for a rolling restart", ex);
		}
	}

	// ---------------------------------------------------------------------------------
	// Recycling and stuck workers
	// ---------------------------------------------------------------------------------

	/**
	 * A worker served {@code max-requests-per-worker} requests: it takes no new ones, a
	 * fresh process starts in its slot, and it exits once it answered what it holds. No
	 * request fails.
	 */
	void recycle(Worker worker) {
		worker.deathCause = CAUSE_RECYCLED;
		logger.info("Worker " + worker + " served " + worker.served + " requests (ipc.worker.max-requests-per-worker="
				+ this.settings.supervision().maxRequestsPerWorker() + "); replacing it");
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null) {
			return;
		}
		synchronized (this) {
			this.replacing[worker.index] = true;
		}
		this.observer.workerReplaced(name(), CAUSE_RECYCLED);
		threads.spawn(worker.name + "-starter", () -> replace(worker));
	}

	/**
	 * A call timed out while a worker held it: if the worker still holds it after
	 * {@code stuck-timeout}, the worker is killed and replaced, so one stuck request
	 * cannot hold a worker for ever.
	 */
	void watchStuck(Call call, Worker holder) {
		Duration stuckTimeout = this.settings.supervision().stuckTimeout();
		GroupRuntime.Threads threads = this.members.threads();
		if (stuckTimeout == null || stuckTimeout.isZero() || threads == null) {
			return;
		}
		threads.schedule(() -> killIfStuck(call, holder), stuckTimeout.toNanos());
	}

	private void killIfStuck(Call call, Worker worker) {
		if (this.dispatcher.holder(call) != worker) {
			return;
		}
		worker.deathCause = CAUSE_STUCK;
		logger.warn("Worker " + worker + " is still busy with request " + call.id + " "
				+ this.settings.supervision().stuckTimeout()
				+ " after it timed out (ipc.worker.stuck-timeout); killing it");
		WorkerProcess process = worker.process;
		if (process != null) {
			process.destroyForcibly();
		}
		else {
			worker.link.close();
		}
	}

	/**
	 * Checks the supervisor's invariant, for tests: a running group's slot whose worker
	 * died is being replaced, or the group gave up.
	 * @return the violations, empty when it holds
	 */
	List<String> violations() {
		List<String> problems = new ArrayList<>();
		if (this.members.lifecycle() != Members.Lifecycle.RUNNING || this.breaker.isOpen()) {
			return problems;
		}
		for (Worker dead : deadSlots()) {
			problems.add("slot " + dead.index + " holds dead " + dead + ", not replaced and not counted");
		}
		return problems;
	}

}
