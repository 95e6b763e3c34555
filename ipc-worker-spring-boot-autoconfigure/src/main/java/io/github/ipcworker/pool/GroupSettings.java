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
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The settings of one group, resolved from the global and per-group configuration.
 *
 * @param name the group name
 * @param beanName the name of the worker bean
 * @param transport the transport name, {@code shm} or {@code zmq}
 * @param workers the number of worker processes; the most of an elastic group
 * @param queueSize how many requests may wait for a worker
 * @param prefetch how many requests one worker may hold at once; further ones wait in the
 * group's queue, so a slow request never holds others back while another worker is free;
 * 0 for adaptive prefetch, from 1 up to 16 while the handler is short against the
 * transport's round trip
 * @param shmSize bytes of each shared-memory ring
 * @param maxMessageSize the largest request or response frame, header included
 * @param requestTimeout how long a caller waits for a response by default
 * @param startupTimeout how long a worker may take to become ready
 * @param shutdownTimeout how long stopping waits for requests in flight, then for the
 * workers to exit
 * @param enqueueTimeout how long a caller waits for room in a full queue
 * @param streamWindow how many stream items a worker may send ahead of the caller's
 * reading
 * @param jvmArgs options for the worker JVMs
 * @param supervision how dead, stuck and worn workers are handled
 * @param remoteWorkers whether the group also takes workers that join on their own, from
 * worker hosts; then {@code workers} may be 0
 * @param scaling how many of the {@code workers} slots run while there is little work;
 * all of them for a group of fixed size
 * @param standby spare workers kept ready, and when the group counts as started
 */
public record GroupSettings(String name, String beanName, String transport, int workers, int queueSize, int prefetch,
		int shmSize, int maxMessageSize, Duration requestTimeout, Duration startupTimeout, Duration shutdownTimeout,
		Duration enqueueTimeout, int streamWindow, List<String> jvmArgs, Supervision supervision, boolean remoteWorkers,
		Scaling scaling, Standby standby) {

	/**
	 * Settings without spare workers, started once every worker is ready.
	 * @param name the group name
	 * @param beanName the name of the worker bean
	 * @param transport the transport name
	 * @param workers the number of worker processes; the most of an elastic group
	 * @param queueSize how many requests may wait for a worker
	 * @param prefetch how many requests one worker may hold at once
	 * @param shmSize bytes of each shared-memory ring
	 * @param maxMessageSize the largest request or response frame
	 * @param requestTimeout how long a caller waits for a response by default
	 * @param startupTimeout how long a worker may take to become ready
	 * @param shutdownTimeout how long stopping waits
	 * @param enqueueTimeout how long a caller waits for room in a full queue
	 * @param streamWindow stream items a worker may send ahead
	 * @param jvmArgs options for the worker JVMs
	 * @param supervision how dead, stuck and worn workers are handled
	 * @param remoteWorkers whether the group also takes workers from worker hosts
	 * @param scaling how many of the slots run while there is little work
	 */
	public GroupSettings(String name, String beanName, String transport, int workers, int queueSize, int prefetch,
			int shmSize, int maxMessageSize, Duration requestTimeout, Duration startupTimeout, Duration shutdownTimeout,
			Duration enqueueTimeout, int streamWindow, List<String> jvmArgs, Supervision supervision,
			boolean remoteWorkers, Scaling scaling) {
		this(name, beanName, transport, workers, queueSize, prefetch, shmSize, maxMessageSize, requestTimeout,
				startupTimeout, shutdownTimeout, enqueueTimeout, streamWindow, jvmArgs, supervision, remoteWorkers,
				scaling, Standby.NONE);
	}

	/**
	 * Settings of a group of fixed size: {@code workers} processes at all times.
	 * @param name the group name
	 * @param beanName the name of the worker bean
	 * @param transport the transport name
	 * @param workers the number of worker processes
	 * @param queueSize how many requests may wait for a worker
	 * @param prefetch how many requests one worker may hold at once
	 * @param shmSize bytes of each shared-memory ring
	 * @param maxMessageSize the largest request or response frame
	 * @param requestTimeout how long a caller waits for a response by default
	 * @param startupTimeout how long a worker may take to become ready
	 * @param shutdownTimeout how long stopping waits
	 * @param enqueueTimeout how long a caller waits for room in a full queue
	 * @param streamWindow stream items a worker may send ahead
	 * @param jvmArgs options for the worker JVMs
	 * @param supervision how dead, stuck and worn workers are handled
	 * @param remoteWorkers whether the group also takes workers from worker hosts
	 */
	public GroupSettings(String name, String beanName, String transport, int workers, int queueSize, int prefetch,
			int shmSize, int maxMessageSize, Duration requestTimeout, Duration startupTimeout, Duration shutdownTimeout,
			Duration enqueueTimeout, int streamWindow, List<String> jvmArgs, Supervision supervision,
			boolean remoteWorkers) {
		this(name, beanName, transport, workers, queueSize, prefetch, shmSize, maxMessageSize, requestTimeout,
				startupTimeout, shutdownTimeout, enqueueTimeout, streamWindow, jvmArgs, supervision, remoteWorkers,
				Scaling.fixed(workers));
	}

	/**
	 * Whether each worker's prefetch adapts to its handler's pace ({@code prefetch} 0).
	 * @return whether prefetch is adaptive
	 */
	public boolean adaptivePrefetch() {
		return this.prefetch == 0;
	}

	/**
	 * Whether the group grows and shrinks between {@link Scaling#minWorkers()} and
	 * {@code workers}.
	 * @return whether it is elastic
	 */
	public boolean elastic() {
		return this.scaling.minWorkers() < this.workers;
	}

	/**
	 * How an elastic group grows and shrinks. A group of fixed size has
	 * {@code minWorkers == workers}, and the rest does not apply.
	 *
	 * @param minWorkers the processes it keeps even when idle, and starts with
	 * @param scaleUpAfter how long requests may wait in the queue before it adds a worker
	 * @param scaleDownAfter how long a worker may stay idle before it is retired
	 */
	public record Scaling(int minWorkers, Duration scaleUpAfter, Duration scaleDownAfter) {

		/** Default of {@code scale-up-after}. */
		public static final Duration DEFAULT_SCALE_UP_AFTER = Duration.ofMillis(100);

		/** Default of {@code scale-down-after}. */
		public static final Duration DEFAULT_SCALE_DOWN_AFTER = Duration.ofMinutes(1);

		/**
		 * A group that always runs all its workers.
		 * @param workers the number of workers
		 * @return the scaling
		 */
		public static Scaling fixed(int workers) {
			return new Scaling(workers, DEFAULT_SCALE_UP_AFTER, DEFAULT_SCALE_DOWN_AFTER);
		}

	}

	/**
	 * When a group counts as started, and how many spare workers it keeps.
	 *
	 * @param spareWorkers worker processes started beyond the slots and kept ready and
	 * idle, so that one takes the slot of a dead or recycled worker at once instead of a
	 * fresh JVM start; each spare taken is replaced in the background
	 * @param readyWhen whether {@code start} waits for every worker or for the first
	 */
	public record Standby(int spareWorkers, ReadyWhen readyWhen) {

		/** No spares; started once every worker is ready. */
		public static final Standby NONE = new Standby(0, ReadyWhen.ALL);

	}

	/**
	 * When a starting group serves.
	 */
	public enum ReadyWhen {

		/** Once every worker it starts with is ready: a failed worker fails the start. */
		ALL,

		/**
		 * Once one worker is ready; the others serve as they become ready, and one that
		 * fails to start is replaced like a worker that died.
		 */
		FIRST

	}

	/**
	 * How a group treats workers that die, hang or have served long enough.
	 *
	 * @param retryOnCrash whether a request whose worker died is sent once more, to
	 * another worker; only for idempotent work
	 * @param maxRestarts how many unexpected worker deaths within {@code restartWindow}
	 * the group replaces; past that it stops replacing workers and reports itself down
	 * @param restartWindow the window over which deaths are counted
	 * @param stuckTimeout how long after a request timed out a worker still busy with it
	 * is killed and replaced; {@link Duration#ZERO} leaves stuck workers alone
	 * @param maxRequestsPerWorker after how many requests a worker is replaced by a fresh
	 * one (without failing any request), or 0 for never
	 * @param restartCooldown how long a group that gave up waits before it tries one
	 * worker again
	 */
	public record Supervision(boolean retryOnCrash, int maxRestarts, Duration restartWindow, Duration stuckTimeout,
			long maxRequestsPerWorker, Duration restartCooldown) {

		/**
		 * No retries, no recycling, 10 deaths a minute at most, then a minute's rest; a
		 * worker still busy a minute after its request timed out is replaced.
		 */
		public static final Supervision DEFAULTS = new Supervision(false, 10, Duration.ofMinutes(1),
				Duration.ofMinutes(1), 0, Duration.ofMinutes(1));

	}

	/**
	 * Checks the settings and copies the list.
	 */
	public GroupSettings {
		jvmArgs = List.copyOf(jvmArgs);
		if (!name.matches("[A-Za-z0-9][A-Za-z0-9._$-]*")) {
			throw new IllegalArgumentException("ipc-worker group name '" + name
					+ "' may only hold letters, digits, '.', '_', '-' and '$', and must start with a letter or "
					+ "digit; name the group with @IpcWorker(group = ...)");
		}
		check(name, workers >= (remoteWorkers ? 0 : 1), "workers", workers,
				remoteWorkers ? "0 or more" : "at least 1 (0 only for a group that takes remote workers)");
		check(name, queueSize >= 0, "queue-size", queueSize, "0 or more");
		check(name, prefetch >= 0, "prefetch", prefetch, "0 (adaptive) or more");
		check(name, maxMessageSize > 64, "max-message-size", maxMessageSize, "more than 64 bytes");
		check(name, isPositive(requestTimeout), "request-timeout", requestTimeout, "positive");
		check(name, isPositive(startupTimeout), "startup-timeout", startupTimeout, "positive");
		check(name, !shutdownTimeout.isNegative(), "shutdown-timeout", shutdownTimeout, "0 or more");
		check(name, !enqueueTimeout.isNegative(), "enqueue-timeout", enqueueTimeout, "0 or more");
		check(name, streamWindow >= 1, "stream-window", streamWindow, "at least 1");
		check(name, supervision.maxRestarts() >= 0, "max-restarts", supervision.maxRestarts(), "0 or more");
		check(name, isPositive(supervision.restartWindow()), "restart-window", supervision.restartWindow(), "positive");
		check(name, !supervision.stuckTimeout().isNegative(), "stuck-timeout", supervision.stuckTimeout(), "0 or more");
		check(name, isPositive(supervision.restartCooldown()), "restart-cooldown", supervision.restartCooldown(),
				"positive");
		check(name, supervision.maxRequestsPerWorker() >= 0, "max-requests-per-worker",
				supervision.maxRequestsPerWorker(), "0 or more");
		if (scaling.minWorkers() < workers) {
			check(name, scaling.minWorkers() >= 1, "groups." + name + ".min-workers", scaling.minWorkers(),
					"at least 1");
			check(name, isPositive(scaling.scaleUpAfter()), "groups." + name + ".scale-up-after",
					scaling.scaleUpAfter(), "positive");
			check(name, isPositive(scaling.scaleDownAfter()), "groups." + name + ".scale-down-after",
					scaling.scaleDownAfter(), "positive");
		}
		check(name, standby.spareWorkers() >= 0, "spare-workers", standby.spareWorkers(), "0 or more");
		check(name, scaling.minWorkers() <= workers, "groups." + name + ".min-workers", scaling.minWorkers(),
				"at most max-workers (" + workers + ")");
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isNegative() && !duration.isZero();
	}

	private static void check(String name, boolean valid, String key, @Nullable Object value, String expected) {
		if (!valid) {
			throw new IllegalArgumentException(
					"ipc.worker." + key + " of group '" + name + "' must be " + expected + ", was " + value);
		}
	}

}
