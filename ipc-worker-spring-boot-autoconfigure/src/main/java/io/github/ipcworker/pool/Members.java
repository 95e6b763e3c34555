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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcWorkerInfo;
import org.jspecify.annotations.Nullable;

/**
 * Who is in a group and in which state: the lifecycle, the launched slots, the workers
 * that joined on their own, the retiring ones, and whether the group gave up. Its
 * {@link #lock} also guards each {@link Worker}'s state and held calls, and the
 * {@link Dispatcher}'s queue: one lock, so that a worker's state and the work it holds
 * always change together. Nothing slow runs under it.
 */
final class Members {

	enum Lifecycle {

		NEW, STARTING, RUNNING, STOPPING, STOPPED

	}

	final ReentrantLock lock = new ReentrantLock();

	/** Guarded by the lock. */
	Lifecycle lifecycle = Lifecycle.NEW;

	/** Why the group takes no calls while no worker serves; null unless it gave up. */
	@Nullable IpcException down;

	/** The launched slots; guarded by the lock. */
	final @Nullable Worker[] slots;

	/** Workers that joined on their own, from worker hosts; guarded by the lock. */
	final List<Worker> remotes = new ArrayList<>();

	/** Workers leaving after max-requests-per-worker; guarded by the lock. */
	final List<Worker> retiring = new ArrayList<>();

	/**
	 * Workers started for a slot that another worker still holds: the successors of a
	 * rolling restart until they take over. Never given a call; stopped with the group.
	 */
	final List<Worker> joining = new ArrayList<>();

	/**
	 * Spare workers: started with an index past the slots, never given a call, each one
	 * waiting to take over a slot whose worker died or was recycled. Guarded by the lock.
	 */
	final List<Worker> spares = new ArrayList<>();

	private int nextRemoteIndex;

	private volatile GroupRuntime.@Nullable Threads threads;

	Members(int slots) {
		this.slots = new Worker[slots];
		this.nextRemoteIndex = slots;
	}

	/** Forgets the threads of a run that ended, and returns them for closing. */
	GroupRuntime.@Nullable Threads takeThreads() {
		GroupRuntime.Threads threads = this.threads;
		this.threads = null;
		return threads;
	}

	/** Whether the group is starting or running; with the lock held. */
	boolean isActiveLocked() {
		return this.lifecycle == Lifecycle.STARTING || this.lifecycle == Lifecycle.RUNNING;
	}

	boolean isActive() {
		this.lock.lock();
		try {
			return isActiveLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Counts the ready workers and, optionally, launched ones still starting. */
	int live(boolean countStarting) {
		this.lock.lock();
		try {
			int live = 0;
			for (Worker worker : workersLocked()) {
				if (worker.state == IpcWorkerInfo.State.READY
						|| (countStarting && worker.state == IpcWorkerInfo.State.STARTING && !worker.isRemote())) {
					live++;
				}
			}
			return live;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Moves NEW or STOPPED to STARTING; false when the group is in another state. */
	boolean beginStart(GroupRuntime.Threads threads) {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.NEW && this.lifecycle != Lifecycle.STOPPED) {
				return false;
			}
			this.lifecycle = Lifecycle.STARTING;
			this.down = null;
			this.threads = threads;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Moves STARTING to RUNNING; false when the group was stopped meanwhile. */
	boolean markRunning() {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.STARTING) {
				return false;
			}
			this.lifecycle = Lifecycle.RUNNING;
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	void markStopped() {
		this.lock.lock();
		try {
			this.lifecycle = Lifecycle.STOPPED;
		}
		finally {
			this.lock.unlock();
		}
	}

	Lifecycle lifecycle() {
		this.lock.lock();
		try {
			return this.lifecycle;
		}
		finally {
			this.lock.unlock();
		}
	}

	GroupRuntime.@Nullable Threads threads() {
		return this.threads;
	}

	/** Puts a freshly launched worker in its slot. */
	void install(Worker worker) {
		this.lock.lock();
		try {
			this.slots[worker.index] = worker;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable Worker current(int index) {
		this.lock.lock();
		try {
			return this.slots[index];
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forgets a dead worker that has no slot to keep it: a retired, joining or remote
	 * one.
	 */
	boolean forget(Worker worker) {
		this.lock.lock();
		try {
			this.retiring.remove(worker);
			this.joining.remove(worker);
			this.spares.remove(worker);
			return this.remotes.remove(worker);
		}
		finally {
			this.lock.unlock();
		}
	}

	void markStopping(Worker worker) {
		this.lock.lock();
		try {
			if (worker.state != IpcWorkerInfo.State.DEAD && worker.state != IpcWorkerInfo.State.STOPPED) {
				worker.state = IpcWorkerInfo.State.STOPPING;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Takes a worker that joined on its own; false when the group is not running. */
	boolean addRemote(Worker worker) {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING) {
				return false;
			}
			this.remotes.add(worker);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Adds a worker started beside the one in its slot.
	 * @return false when the group is not running: the caller stops the worker
	 */
	boolean addJoining(Worker worker) {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING) {
				return false;
			}
			this.joining.add(worker);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Adds a started spare.
	 * @return false when the group is not running: the caller stops the spare
	 */
	boolean addSpare(Worker spare) {
		this.lock.lock();
		try {
			if (this.lifecycle != Lifecycle.RUNNING) {
				return false;
			}
			this.spares.add(spare);
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Spares, alive or starting; with the lock held or not. */
	int spareCount() {
		this.lock.lock();
		try {
			return this.spares.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	List<Worker> spares() {
		this.lock.lock();
		try {
			return new ArrayList<>(this.spares);
		}
		finally {
			this.lock.unlock();
		}
	}

	int nextRemoteIndex() {
		this.lock.lock();
		try {
			return this.nextRemoteIndex++;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Every current worker: the slots' and the joined ones. */
	List<Worker> workers() {
		this.lock.lock();
		try {
			return workersLocked();
		}
		finally {
			this.lock.unlock();
		}
	}

	List<Worker> workersLocked() {
		List<Worker> current = new ArrayList<>();
		for (Worker worker : this.slots) {
			if (worker != null) {
				current.add(worker);
			}
		}
		current.addAll(this.remotes);
		return current;
	}

	/** Slots that hold a worker (in any state) or are about to. */
	int occupied(boolean[] launching) {
		this.lock.lock();
		try {
			int occupied = 0;
			for (int i = 0; i < this.slots.length; i++) {
				if (this.slots[i] != null || (i < launching.length && launching[i])) {
					occupied++;
				}
			}
			return occupied;
		}
		finally {
			this.lock.unlock();
		}
	}

	boolean isInSlot(Worker worker) {
		return worker.index < this.slots.length && this.slots[worker.index] == worker;
	}

	/** The group replaces workers again. */
	void clearDown() {
		this.lock.lock();
		try {
			this.down = null;
		}
		finally {
			this.lock.unlock();
		}
	}

	@Nullable IpcException down() {
		this.lock.lock();
		try {
			return this.down;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The workers still in their slots that died. */
	List<Worker> deadInSlots() {
		this.lock.lock();
		try {
			List<Worker> dead = new ArrayList<>();
			for (Worker worker : this.slots) {
				if (worker != null && worker.state == IpcWorkerInfo.State.DEAD) {
					dead.add(worker);
				}
			}
			return dead;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** A consistent snapshot of the members, spares last, for the worker list. */
	<T> List<T> snapshot(java.util.function.Function<Worker, T> view) {
		this.lock.lock();
		try {
			List<T> views = new ArrayList<>();
			for (Worker worker : workersLocked()) {
				views.add(view.apply(worker));
			}
			for (Worker spare : this.spares) {
				views.add(view.apply(spare));
			}
			return views;
		}
		finally {
			this.lock.unlock();
		}
	}

}
