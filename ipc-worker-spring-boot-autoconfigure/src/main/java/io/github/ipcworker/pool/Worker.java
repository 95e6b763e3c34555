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

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.WorkerLink;
import org.jspecify.annotations.Nullable;

/**
 * One incarnation of a worker slot: a process and its link. A replacement is a new
 * instance, so frames or exits of a dead incarnation can never be mistaken for the new
 * one's.
 * <p>
 * Its state and the calls it holds belong to the {@link Dispatcher} and are guarded by
 * its lock; the rest is set once or volatile.
 */
final class Worker implements FrameListener {

	final int index;

	final WorkerLink link;

	final String name;

	final CompletableFuture<ReadyInfo> ready = new CompletableFuture<>();

	/** When the group began to start this worker, on the group's clock. */
	final long launchedAtNs;

	/** Requests sent to this worker and not answered yet; guarded by the dispatcher. */
	final Map<Long, Call> inFlight = new HashMap<>();

	/** Guarded by the dispatcher. */
	IpcWorkerInfo.State state = IpcWorkerInfo.State.STARTING;

	/** Requests answered; guarded by the dispatcher. */
	long served;

	/** When the dispatcher last gave this worker a request, as a count; guarded by it. */
	long lastAssigned;

	/**
	 * How many requests the worker may hold now, under adaptive prefetch; guarded by the
	 * dispatcher.
	 */
	int prefetch = 1;

	/**
	 * When the worker last answered, or got a request while idle, on the group's clock;
	 * guarded by the dispatcher.
	 */
	long lastProgressNs;

	/** Adaptive prefetch's measures of this worker; guarded by the dispatcher. */
	final AdaptivePrefetch.Gauge pace = new AdaptivePrefetch.Gauge();

	/** Whether a retiring worker was asked to exit; guarded by the dispatcher. */
	boolean shutdownSent;

	volatile @Nullable WorkerProcess process;

	/**
	 * Why the group ended this worker on purpose, as a restart cause; null when it died
	 * on its own.
	 */
	volatile @Nullable String deathCause;

	/** Where a worker that joined on its own connects from; null for a launched one. */
	final @Nullable String address;

	/** When a worker that joined on its own did so. */
	final Instant joinedAt = Instant.now();

	/** The pid a worker that joined on its own reported in its READY frame. */
	volatile long remotePid = -1;

	private final Events events;

	Worker(String group, int index, WorkerLink link, @Nullable String address, long launchedAtNs, Events events) {
		this.index = index;
		this.link = link;
		this.address = address;
		this.launchedAtNs = launchedAtNs;
		this.events = events;
		this.name = group + "#" + index;
	}

	boolean isRemote() {
		return this.address != null;
	}

	long pid() {
		WorkerProcess process = this.process;
		return (process != null) ? process.pid() : this.remotePid;
	}

	@Nullable Instant startedAt() {
		WorkerProcess process = this.process;
		return (process != null) ? process.startedAt() : (isRemote() ? this.joinedAt : null);
	}

	@Override
	public void onFrame(Frame frame) {
		this.events.onFrame(this, frame);
	}

	@Override
	public void onBadFrame(long requestId, RuntimeException problem) {
		this.events.onBadFrame(this, requestId, problem);
	}

	@Override
	public void onClosed(@Nullable Throwable cause) {
		this.events.onLost(this, (cause != null) ? "closed its link: " + cause : "closed its link");
	}

	@Override
	public String toString() {
		return this.name + " (pid " + pid() + ((this.address != null) ? " at " + this.address : "") + ")";
	}

	/**
	 * Where a worker's frames and its end go.
	 */
	interface Events {

		void onFrame(Worker worker, Frame frame);

		void onBadFrame(Worker worker, long requestId, RuntimeException problem);

		void onLost(Worker worker, String how);

	}

}
