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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;

/**
 * The work of a group: admits calls while the group runs, keeps the bounded queue,
 * chooses a worker for each call, moves queued calls to workers that have room, and takes
 * the calls of workers that answered or died. Decisions are made under the
 * {@link Members} lock; the frames they lead to go out through the {@link Outbox} after
 * it is released.
 */
final class Dispatcher {

	private final GroupSettings settings;

	private final CallTable calls;

	private final Members members;

	private final ReentrantLock lock;

	private final Condition notFull;

	private final Condition drained;

	private final ArrayDeque<Call> queue = new ArrayDeque<>();

	private int inFlight;

	/** Answered calls whose readers have not ended them yet. Guarded by the lock. */
	private int completing;

	/** Counts assignments, to tell which worker was used last. */
	private long assignments;

	private final Outbox outbox;

	/** Told of a worker that served its maximum of requests; the supervisor. */
	private volatile Consumer<Worker> retired = (worker) -> {
	};

	Dispatcher(GroupSettings settings, CallTable calls, Members members) {
		this.settings = settings;
		this.calls = calls;
		this.members = members;
		this.lock = members.lock;
		this.notFull = this.lock.newCondition();
		this.drained = this.lock.newCondition();
		this.outbox = new Outbox(this, members, calls, settings.name());
	}

	void listeners(Consumer<Worker> linkLost, Consumer<Worker> retired) {
		this.outbox.linkLost(linkLost);
		this.retired = retired;
	}

	/** Tells the worker holding a call to stop it; the worker answers with its end. */
	void cancelInWorker(Call call) {
		this.outbox.cancel(call);
	}

	private String name() {
		return this.settings.name();
	}

	// ---------------------------------------------------------------------------------
	// Lifecycle
	// ---------------------------------------------------------------------------------

	/**
	 * Stops admitting calls and takes the queued ones out, for the caller to fail.
	 * @return the queued calls, or null when the group was neither starting nor running
	 */
	@Nullable List<Call> beginStop(boolean evenIfStopping) {
		this.lock.lock();
		try {
			boolean active = this.members.isActiveLocked()
					|| (evenIfStopping && this.members.lifecycle == Members.Lifecycle.STOPPING);
			if (!active) {
				return null;
			}
			this.members.lifecycle = Members.Lifecycle.STOPPING;
			List<Call> queued = new ArrayList<>(this.queue);
			this.queue.clear();
			this.notFull.signalAll();
			signalIfDrained();
			return queued;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until no worker holds a call (or none is left to answer) and no answer is
	 * being read, or the deadline.
	 */
	void awaitDrained(long timeoutNs) throws InterruptedException {
		this.lock.lock();
		try {
			long remainingNs = timeoutNs;
			while (((this.inFlight > 0 && this.members.live(false) > 0) || this.completing > 0) && remainingNs > 0) {
				remainingNs = this.drained.awaitNanos(remainingNs);
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Waits until no call is queued, held by a worker or having its answer read, or the
	 * timeout. Every change that can make the group idle signals {@code drained} under
	 * the lock this checks under, so no wake-up is missed.
	 * @return whether the group is idle
	 */
	boolean awaitIdle(long timeoutNs) throws InterruptedException {
		this.lock.lock();
		try {
			long remainingNs = timeoutNs;
			while (!idle()) {
				if (remainingNs <= 0) {
					return false;
				}
				remainingNs = this.drained.awaitNanos(remainingNs);
			}
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Empties the group: every worker is marked stopped and forgotten, and the calls they
	 * held or that waited are dropped; they are still in the call table, which fails
	 * them.
	 */
	Released releaseAll() {
		this.lock.lock();
		try {
			List<Worker> all = this.members.workersLocked();
			all.addAll(this.members.retiring);
			all.addAll(this.members.joining);
			all.addAll(this.members.spares);
			for (Worker worker : all) {
				worker.inFlight.clear();
				worker.state = IpcWorkerInfo.State.STOPPED;
			}
			this.queue.clear();
			this.inFlight = 0;
			this.members.retiring.clear();
			this.members.joining.clear();
			this.members.spares.clear();
			this.members.remotes.clear();
			Arrays.fill(this.members.slots, null);
			this.members.down = null;
			GroupRuntime.Threads threads = this.members.takeThreads();
			this.drained.signalAll();
			return new Released(all, threads);
		}
		finally {
			this.lock.unlock();
		}
	}

	record Released(List<Worker> workers, GroupRuntime.@Nullable Threads threads) {
	}

	// ---------------------------------------------------------------------------------
	// Calls
	// ---------------------------------------------------------------------------------

	/**
	 * Gives a call to the least loaded worker and sends it, or queues it. A caller that
	 * may wait waits up to {@code enqueue-timeout} for room in a full queue and sends on
	 * its own thread; one that may not (an event loop) is refused at once when the queue
	 * is full, and its request goes out through {@code trySend} or the send thread.
	 * @throws IpcBusyException when the queue stays full
	 * @throws IpcException when the group does not take calls
	 */
	void dispatch(Call call, boolean mayWait) {
		Worker target;
		this.lock.lock();
		try {
			checkAccepting();
			target = pick(call.startNs);
			long waitNs = mayWait ? this.settings.enqueueTimeout().toNanos() : 0;
			while (target == null && this.queue.size() >= this.settings.queueSize() && waitNs > 0) {
				waitNs = this.notFull.awaitNanos(waitNs);
				checkAccepting();
				target = pick(call.startNs);
			}
			if (target == null) {
				if (this.queue.size() >= this.settings.queueSize()) {
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
		if (mayWait) {
			this.outbox.send(call, target);
		}
		else {
			this.outbox.sendMoved(List.of(call));
		}
	}

	/** Asks a retiring worker to exit once it holds nothing; with the lock held. */
	private void shutDownWhenIdle(Worker worker) {
		if (!worker.inFlight.isEmpty() || !this.members.retiring.contains(worker) || worker.shutdownSent) {
			return;
		}
		worker.shutdownSent = true;
		this.outbox.shutDown(worker);
	}

	private void checkAccepting() {
		if (this.members.lifecycle != Members.Lifecycle.RUNNING) {
			throw new IpcException(name(), "ipc-worker group '" + name() + "' is not running ("
					+ this.members.lifecycle.name().toLowerCase(Locale.ROOT) + ")");
		}
		if (this.members.down != null && this.members.live(true) == 0) {
			throw this.members.down;
		}
	}

	/**
	 * Gives one call to every ready worker, past prefetch if need be (the request waits
	 * in that worker's own buffer), and sends them.
	 * @param newCall makes the call for one worker
	 * @return the calls, empty when no worker is ready
	 */
	List<Call> broadcast(java.util.function.Supplier<Call> newCall) {
		List<Call> sent = new ArrayList<>();
		this.lock.lock();
		try {
			checkAccepting();
			for (Worker worker : this.members.workersLocked()) {
				if (worker.state == IpcWorkerInfo.State.READY) {
					Call call = newCall.get();
					assign(call, worker);
					sent.add(call);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
		for (Call call : sent) {
			Worker worker = call.worker;
			if (worker != null) {
				this.outbox.send(call, worker);
			}
		}
		return sent;
	}

	/**
	 * The ready worker with the fewest requests below prefetch, launched or joined; among
	 * equals, the one used last. A worker that just answered is still spinning for its
	 * next request and has its caches warm, while one left idle has gone to sleep:
	 * handing sequential requests to the same worker avoids a wake-up per request, and
	 * concurrent requests still spread, since a busy worker is never the least loaded.
	 */
	private @Nullable Worker pick(long nowNs) {
		Worker best = null;
		for (Worker worker : this.members.slots) {
			best = better(best, worker, nowNs);
		}
		for (int i = 0; i < this.members.remotes.size(); i++) {
			best = better(best, this.members.remotes.get(i), nowNs);
		}
		return best;
	}

	private @Nullable Worker better(@Nullable Worker best, @Nullable Worker candidate, long nowNs) {
		if (candidate == null || candidate.state != IpcWorkerInfo.State.READY
				|| candidate.inFlight.size() >= limit(candidate, nowNs)) {
			return best;
		}
		if (best == null || candidate.inFlight.size() < best.inFlight.size()
				|| (candidate.inFlight.size() == best.inFlight.size() && candidate.lastAssigned > best.lastAssigned)) {
			return candidate;
		}
		return best;
	}

	/** Stands for "now" where a worker's stall need not be checked. */
	private static final long NO_CLOCK = Long.MIN_VALUE;

	/**
	 * How many requests a worker may hold: the fixed prefetch, or its adaptive one. A
	 * worker that has answered nothing for a while although it holds requests seems to
	 * run a long one: it gets no more until it answers, so that fewer requests wait
	 * behind it while other workers may be free.
	 */
	private int limit(Worker worker, long nowNs) {
		if (!this.settings.adaptivePrefetch()) {
			return this.settings.prefetch();
		}
		if (worker.prefetch > 1 && nowNs != NO_CLOCK && !worker.inFlight.isEmpty()
				&& nowNs - worker.lastProgressNs > worker.pace.stallNs()) {
			return 1;
		}
		return worker.prefetch;
	}

	private void assign(Call call, Worker worker) {
		call.alone = worker.inFlight.isEmpty();
		if (call.alone) {
			// Its start stands for now: no clock read on the direct path.
			worker.lastProgressNs = call.startNs;
		}
		call.worker = worker;
		call.attempts++;
		worker.lastAssigned = ++this.assignments;
		worker.inFlight.put(call.id, call);
		this.inFlight++;
	}

	/**
	 * Moves queued calls to a worker with room; with the lock held. The moved calls are
	 * added to {@code moved}, for the caller to send once it released the lock.
	 */
	private void fill(Worker worker, List<Call> moved) {
		// Right after an answer, or for an idle worker: no stall to look for.
		while (worker.state == IpcWorkerInfo.State.READY && worker.inFlight.size() < limit(worker, NO_CLOCK)) {
			Call next = this.queue.pollFirst();
			if (next == null) {
				break;
			}
			this.notFull.signal();
			if (next.isDone()) {
				continue;
			}
			assign(next, worker);
			moved.add(next);
		}
	}

	/**
	 * Takes a call out of the queue, if it waits there; it timed out or was cancelled.
	 * @return whether it was queued
	 */
	boolean withdraw(Call call) {
		this.lock.lock();
		try {
			if (this.queue.remove(call)) {
				this.notFull.signal();
				signalIfDrained();
				return true;
			}
			return false;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A worker's state and load, for messages. */
	String describe(Worker worker) {
		this.lock.lock();
		try {
			WorkerProcess process = worker.process;
			String alive = (process == null) ? "remote" : process.isAlive() ? "process alive" : "process exited";
			return worker.state.name().toLowerCase(Locale.ROOT) + ", " + alive + ", holding " + worker.inFlight.size()
					+ " request(s), " + worker.served + " answered";
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The worker holding a call, or null while it waits or after it ended. */
	@Nullable Worker holder(Call call) {
		this.lock.lock();
		try {
			Worker worker = call.worker;
			return (worker != null && worker.inFlight.get(call.id) == call) ? worker : null;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A call a worker holds, for its stream items. */
	@Nullable Call held(Worker worker, long requestId) {
		this.lock.lock();
		try {
			return worker.inFlight.get(requestId);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Takes an answered call from its worker and gives the worker the next queued call,
	 * which is sent before this returns, so the worker gets back to work while the answer
	 * is read. The caller must call {@link #completed()} once it has ended the call:
	 * until then the group does not count as drained, so a graceful stop cannot fail a
	 * call whose answer is being read.
	 * @return the call, or null when the worker holds none with that id
	 */
	@Nullable Call answered(Worker worker, long requestId) {
		return answered(worker, requestId, -1);
	}

	/**
	 * Takes the call a worker answered, as {@link #answered(Worker, long)}, and lets
	 * adaptive prefetch learn from how long the handler ran.
	 * @param executionNs how long the handler ran, as the worker measured it; negative
	 * when unknown
	 */
	@Nullable Call answered(Worker worker, long requestId, long executionNs) {
		List<Call> moved = new ArrayList<>(1);
		Call call;
		boolean retire = false;
		this.lock.lock();
		try {
			call = worker.inFlight.remove(requestId);
			if (call == null) {
				return null;
			}
			if (executionNs >= 0 && this.settings.adaptivePrefetch()) {
				long nowNs = call.nowNs();
				worker.lastProgressNs = nowNs;
				worker.prefetch = worker.pace.answered(call.sinceHandedOverNs(nowNs), executionNs, call.alone,
						worker.prefetch);
			}
			this.inFlight--;
			this.completing++;
			worker.served++;
			long maxRequests = this.settings.supervision().maxRequestsPerWorker();
			if (maxRequests > 0 && worker.served >= maxRequests && worker.state == IpcWorkerInfo.State.READY
					&& this.members.lifecycle == Members.Lifecycle.RUNNING && this.members.isInSlot(worker)) {
				worker.state = IpcWorkerInfo.State.STOPPING;
				this.members.retiring.add(worker);
				retire = true;
			}
			freed(worker, moved);
		}
		finally {
			this.lock.unlock();
		}
		this.outbox.sendMoved(moved);
		if (retire) {
			this.retired.accept(worker);
		}
		return call;
	}

	/** An answered call taken by {@link #answered} has been ended by its reader. */
	void completed() {
		this.lock.lock();
		try {
			this.completing--;
			signalIfDrained();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Puts a call whose worker died back at the head of the queue, for another worker;
	 * only while the group runs (a stopping group has drained its queue), only for a call
	 * that may be sent twice, and only once.
	 * @return whether the call was queued again
	 */
	boolean requeue(Call call) {
		List<Call> moved = new ArrayList<>();
		this.lock.lock();
		try {
			if (this.members.lifecycle != Members.Lifecycle.RUNNING || !call.retriable() || call.attempts > 1
					|| call.isDone()) {
				return false;
			}
			call.worker = null;
			this.queue.addFirst(call);
			for (Worker worker : this.members.workersLocked()) {
				fill(worker, moved);
			}
		}
		finally {
			this.lock.unlock();
		}
		this.outbox.sendMoved(moved);
		return true;
	}

	/**
	 * A worker has room again: it takes the next queued calls, or exits if it retires and
	 * holds nothing; with the lock held.
	 */
	private void freed(Worker worker, List<Call> moved) {
		fill(worker, moved);
		shutDownWhenIdle(worker);
		this.notFull.signal();
		signalIfDrained();
	}

	/** Frees the slot of a call that never reached its worker. */
	void unsent(Call call, Worker worker) {
		List<Call> moved = new ArrayList<>(1);
		this.lock.lock();
		try {
			if (worker.inFlight.remove(call.id, call)) {
				this.inFlight--;
				freed(worker, moved);
			}
		}
		finally {
			this.lock.unlock();
		}
		this.outbox.sendMoved(moved);
	}

	// ---------------------------------------------------------------------------------
	// Members
	// ---------------------------------------------------------------------------------

	/**
	 * Lets a started worker serve, if it is still the current one of its slot (or a
	 * joined remote) and the group is starting or running.
	 * @return whether it now serves
	 */
	boolean ready(Worker worker) {
		List<Call> moved = new ArrayList<>();
		this.lock.lock();
		try {
			boolean member = this.members.isInSlot(worker) || this.members.remotes.contains(worker);
			if (!member || !this.members.isActiveLocked() || worker.state != IpcWorkerInfo.State.STARTING) {
				return false;
			}
			worker.state = IpcWorkerInfo.State.READY;
			fill(worker, moved);
		}
		finally {
			this.lock.unlock();
		}
		this.outbox.sendMoved(moved);
		return true;
	}

	/**
	 * What an elastic group's scaler looks at, taken in one step.
	 *
	 * @param queued requests waiting for a worker
	 * @param oldestQueuedNs when the oldest of them was made, on the group's clock; only
	 * when {@code queued > 0}
	 * @param emptySlots slots without a worker
	 * @param starting workers in slots that are not ready yet
	 * @param ready workers in slots that serve
	 * @param idle serving workers in slots that hold no request, with what they served
	 */
	record Load(int queued, long oldestQueuedNs, List<Integer> emptySlots, int starting, int ready, List<Idle> idle) {
	}

	/**
	 * A worker holding nothing, and how many requests it has answered.
	 *
	 * @param worker the worker
	 * @param served what it has answered so far
	 */
	record Idle(Worker worker, long served) {
	}

	Load load() {
		this.lock.lock();
		try {
			Call oldest = this.queue.peekFirst();
			List<Integer> empty = new ArrayList<>();
			List<Idle> idle = new ArrayList<>();
			int starting = 0;
			int ready = 0;
			for (int i = 0; i < this.members.slots.length; i++) {
				Worker worker = this.members.slots[i];
				if (worker == null) {
					empty.add(i);
				}
				else if (worker.state == IpcWorkerInfo.State.STARTING) {
					starting++;
				}
				else if (worker.state == IpcWorkerInfo.State.READY) {
					ready++;
					if (worker.inFlight.isEmpty()) {
						idle.add(new Idle(worker, worker.served));
					}
				}
			}
			return new Load(this.queue.size(), (oldest != null) ? oldest.startNs : 0, empty, starting, ready, idle);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Retires an idle worker of an elastic group: it leaves its slot, which stays empty,
	 * and is asked to exit. Only while it still serves, holds nothing, nothing waits in
	 * the queue, and more than {@code keep} workers serve.
	 * @return whether it was retired
	 */
	boolean retireIdle(Worker worker, int keep, String cause) {
		this.lock.lock();
		try {
			if (this.members.lifecycle != Members.Lifecycle.RUNNING || !this.members.isInSlot(worker)
					|| worker.state != IpcWorkerInfo.State.READY || !worker.inFlight.isEmpty() || !this.queue.isEmpty()
					|| readyInSlots() <= keep) {
				return false;
			}
			this.members.slots[worker.index] = null;
			worker.state = IpcWorkerInfo.State.STOPPING;
			worker.deathCause = cause;
			this.members.retiring.add(worker);
			shutDownWhenIdle(worker);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	private int readyInSlots() {
		int ready = 0;
		for (Worker worker : this.members.slots) {
			if (worker != null && worker.state == IpcWorkerInfo.State.READY) {
				ready++;
			}
		}
		return ready;
	}

	/** Whether a worker holds its slot and serves. */
	boolean serving(Worker worker) {
		this.lock.lock();
		try {
			return worker.state == IpcWorkerInfo.State.READY && this.members.isInSlot(worker);
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Hands a slot from its serving worker to a successor that started beside it, in one
	 * step: the successor serves and takes queued calls, the old worker takes no new
	 * ones, finishes what it holds and is then asked to exit, so no call fails and the
	 * slot never stops serving.
	 * @return false, changing nothing, when the group is not running, the old worker no
	 * longer serves the slot (it died and is being replaced) or the successor is not a
	 * joining worker still starting
	 */
	boolean takeOver(Worker old, Worker successor, String cause) {
		List<Call> moved = new ArrayList<>();
		this.lock.lock();
		try {
			if (this.members.lifecycle != Members.Lifecycle.RUNNING || !this.members.isInSlot(old)
					|| old.state != IpcWorkerInfo.State.READY || successor.state != IpcWorkerInfo.State.STARTING
					|| successor.index != old.index || !this.members.joining.remove(successor)) {
				return false;
			}
			this.members.slots[old.index] = successor;
			old.state = IpcWorkerInfo.State.STOPPING;
			old.deathCause = cause;
			this.members.retiring.add(old);
			successor.state = IpcWorkerInfo.State.READY;
			fill(successor, moved);
			shutDownWhenIdle(old);
		}
		finally {
			this.lock.unlock();
		}
		this.outbox.sendMoved(moved);
		return true;
	}

	/**
	 * A spare finished starting: it may now take over a slot.
	 * @return whether it is a spare still; not when it died or the group stopped
	 */
	boolean spareReady(Worker spare) {
		this.lock.lock();
		try {
			if (!this.members.spares.contains(spare) || spare.state != IpcWorkerInfo.State.STARTING) {
				return false;
			}
			spare.state = IpcWorkerInfo.State.READY;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Gives the slot of a dead or retiring worker to a ready spare, in one step: the
	 * spare's identity ends (it is marked stopped, so that its late events are ignored)
	 * and {@code incarnation} makes the slot's new worker over the spare's process and
	 * link, which takes the slot still STARTING, to serve through {@link #ready}.
	 * @param old the slot's current worker
	 * @param incarnation makes the new worker from the spare; runs under the lock
	 * @return the new worker, or null when no spare is ready or the slot is not old's
	 */
	@Nullable Worker adoptSpare(Worker old, java.util.function.Function<Worker, Worker> incarnation) {
		this.lock.lock();
		try {
			boolean leaving = old.state == IpcWorkerInfo.State.DEAD || old.state == IpcWorkerInfo.State.STOPPING;
			if (this.members.lifecycle != Members.Lifecycle.RUNNING || this.members.down != null
					|| !this.members.isInSlot(old) || !leaving) {
				return null;
			}
			Worker spare = null;
			for (Worker candidate : this.members.spares) {
				if (candidate.state == IpcWorkerInfo.State.READY) {
					spare = candidate;
					break;
				}
			}
			if (spare == null) {
				return null;
			}
			this.members.spares.remove(spare);
			spare.state = IpcWorkerInfo.State.STOPPED;
			Worker fresh = incarnation.apply(spare);
			this.members.slots[old.index] = fresh;
			return fresh;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Marks a worker dead and takes the calls it held; once per worker.
	 * @return what it held and whether its slot needs a new process, or null when it was
	 * dead or stopped already
	 */
	@Nullable Loss lose(Worker worker) {
		this.lock.lock();
		try {
			if (worker.state == IpcWorkerInfo.State.DEAD || worker.state == IpcWorkerInfo.State.STOPPED) {
				return null;
			}
			// A worker asked to stop (by the group's stop, or retiring) is not replaced.
			boolean expected = worker.state == IpcWorkerInfo.State.STOPPING;
			worker.state = IpcWorkerInfo.State.DEAD;
			List<Call> lost = new ArrayList<>(worker.inFlight.values());
			this.inFlight -= lost.size();
			worker.inFlight.clear();
			this.notFull.signalAll();
			signalIfDrained();
			boolean active = this.members.isActiveLocked();
			boolean replace = !expected && active && this.members.isInSlot(worker);
			return new Loss(lost, replace);
		}
		finally {
			this.lock.unlock();
		}
	}

	record Loss(List<Call> lost, boolean replace) {
	}

	// ---------------------------------------------------------------------------------
	// Giving up
	// ---------------------------------------------------------------------------------

	/**
	 * The group gave up replacing workers: while no worker is left, calls fail with
	 * {@code why}, and the queued ones are taken out for the caller to fail.
	 */
	List<Call> markDown(IpcException why) {
		this.lock.lock();
		try {
			this.members.down = why;
			return strandedLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The queued calls, taken out, when the group is down and no worker is left. */
	List<Call> stranded() {
		this.lock.lock();
		try {
			return strandedLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	private List<Call> strandedLocked() {
		if (this.members.down == null || this.members.live(true) > 0) {
			return List.of();
		}
		List<Call> stranded = new ArrayList<>(this.queue);
		this.queue.clear();
		this.notFull.signalAll();
		signalIfDrained();
		return stranded;
	}

	// ---------------------------------------------------------------------------------
	// Counts
	// ---------------------------------------------------------------------------------

	int inFlight() {
		this.lock.lock();
		try {
			return this.inFlight;
		}
		finally {
			this.lock.unlock();
		}
	}

	int queued() {
		this.lock.lock();
		try {
			return this.queue.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Checks the dispatcher's own invariants, for tests: the in-flight count is the sum
	 * of what the workers hold, every held call names its holder, no call is both queued
	 * and held, and no dead or stopped worker holds a call.
	 * @return the violations, empty when all hold
	 */
	List<String> violations() {
		this.lock.lock();
		try {
			List<String> problems = new ArrayList<>();
			List<Worker> all = this.members.workersLocked();
			all.addAll(this.members.retiring);
			all.addAll(this.members.joining);
			int held = 0;
			for (Worker worker : all) {
				held += worker.inFlight.size();
				for (Call call : worker.inFlight.values()) {
					if (call.worker != worker) {
						problems.add(call + " is held by " + worker + " but names " + call.worker);
					}
					if (this.queue.contains(call)) {
						problems.add(call + " is both queued and held by " + worker);
					}
				}
				if ((worker.state == IpcWorkerInfo.State.DEAD || worker.state == IpcWorkerInfo.State.STOPPED)
						&& !worker.inFlight.isEmpty()) {
					problems.add(worker + " is " + worker.state + " and holds " + worker.inFlight.keySet());
				}
			}
			if (held != this.inFlight) {
				problems.add("in flight counted " + this.inFlight + ", held " + held);
			}
			// Checked between steps, when every answer taken has been ended.
			if (this.completing != 0) {
				problems.add(this.completing + " answered call(s) not ended by their readers");
			}
			return problems;
		}
		finally {
			this.lock.unlock();
		}
	}

	private void signalIfDrained() {
		if (idle()) {
			this.drained.signalAll();
		}
	}

	/** Nothing queued, held or being read; with the lock held. */
	private boolean idle() {
		return this.inFlight == 0 && this.completing == 0 && this.queue.isEmpty();
	}

	/** The failure of a call that was cancelled by its caller. */
	static CancellationException cancelled(Call call) {
		return new CancellationException("request " + call.id + " cancelled");
	}

}
