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
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.jspecify.annotations.Nullable;

/**
 * Like {@link PoolWorld}, a real {@link WorkerGroup} over {@link FakeWorkers} on a
 * {@link ManualRuntime}, but with settings chosen per test, an observer that records the
 * supervision events, a transport that takes remote workers, and links whose start can be
 * scripted (a READY that never comes, comes late, or is wrong).
 */
final class SupervisedPool {

	final ManualRuntime runtime = new ManualRuntime();

	final FakeWorkers workers = new FakeWorkers();

	final Events events = new Events();

	final GroupSettings settings;

	final WorkerGroup group;

	private volatile @Nullable BiConsumer<FakeWorkers.Link, FrameListener> onStart;

	/** Whether the transport takes remote workers at all. */
	boolean acceptsRemotes = true;

	private volatile Transport.@Nullable RemoteWorkerListener remotes;

	SupervisedPool(Knobs knobs) {
		this.settings = knobs.build();
		Transport transport = new Transport() {

			@Override
			public String name() {
				return "fake";
			}

			@Override
			public WorkerLink open(int workerIndex) {
				FakeWorkers.Link link = (FakeWorkers.Link) SupervisedPool.this.workers.open(workerIndex);
				BiConsumer<FakeWorkers.Link, FrameListener> onStart = SupervisedPool.this.onStart;
				return (onStart != null) ? new ScriptedLink(link, onStart) : link;
			}

			@Override
			public void acceptRemoteWorkers(RemoteWorkerListener listener) throws IOException {
				if (!SupervisedPool.this.acceptsRemotes) {
					throw new IOException("no remote workers here");
				}
				SupervisedPool.this.remotes = listener;
			}

			@Override
			public void close() {
				SupervisedPool.this.workers.close();
			}

		};
		this.group = new WorkerGroup(this.settings, (settings) -> transport, this.workers, new TextCodec(), this.events,
				new AtomicLong()::incrementAndGet, ContextPropagator.NONE, this.runtime);
	}

	/**
	 * Scripts what each link launched from now on does when started, in place of
	 * reporting READY at once.
	 */
	SupervisedPool onStart(BiConsumer<FakeWorkers.Link, FrameListener> onStart) {
		this.workers.autoReady = false;
		this.onStart = onStart;
		return this;
	}

	SupervisedPool started() {
		this.group.start();
		this.runtime.runReady();
		return this;
	}

	/**
	 * Terminates the group and checks that it left no call open and no thread running.
	 */
	void terminateAndCheck() {
		this.group.terminate();
		this.runtime.runReady();
		org.assertj.core.api.Assertions.assertThat(this.group.openCalls()).as("calls left open").isZero();
		org.assertj.core.api.Assertions.assertThat(this.runtime.allClosed()).as("threads left open").isTrue();
	}

	FakeWorkers.Link link(int index) {
		return this.workers.live().stream().filter((link) -> link.index == index).findFirst().orElseThrow();
	}

	/** Whether the group's end of a link was closed: a closed link refuses frames. */
	static boolean isClosed(FakeWorkers.Link link) {
		try {
			link.trySend(Frame.of(io.github.ipcworker.protocol.FrameType.HEARTBEAT, link.index, 0));
			return false;
		}
		catch (io.github.ipcworker.transport.LinkClosedException ex) {
			return true;
		}
	}

	/** Whether the transport was asked to take remote workers. */
	boolean acceptingRemotes() {
		return this.remotes != null;
	}

	/**
	 * A worker host connects: its link is a fake one with a process of its own (the group
	 * never sees that process, as with a real remote worker), and it reports READY.
	 */
	FakeWorkers.Link join(String address) {
		Transport.RemoteWorkerListener remotes = this.remotes;
		if (remotes == null) {
			throw new IllegalStateException("the group takes no remote workers");
		}
		FakeWorkers.Link link = (FakeWorkers.Link) this.workers.open(-1);
		link.process = new FakeProcess();
		remotes.joined(link, address);
		this.runtime.runReady();
		return link;
	}

	/** The knobs of {@link GroupSettings} that tests turn; the rest stays fixed. */
	static final class Knobs {

		int workers = 1;

		int queueSize = 8;

		int prefetch = 1;

		Duration requestTimeout = Duration.ofSeconds(10);

		Duration startupTimeout = Duration.ofSeconds(5);

		Duration shutdownTimeout = Duration.ZERO;

		boolean retryOnCrash;

		int maxRestarts = 10;

		Duration stuckTimeout = Duration.ofMinutes(1);

		long maxRequestsPerWorker;

		Duration restartCooldown = Duration.ofMinutes(1);

		boolean remoteWorkers;

		/** Fewer than {@code workers} makes the group elastic. */
		int minWorkers = -1;

		Duration scaleUpAfter = Duration.ofMillis(100);

		Duration scaleDownAfter = Duration.ofSeconds(1);

		int spareWorkers;

		GroupSettings.ReadyWhen readyWhen = GroupSettings.ReadyWhen.ALL;

		GroupSettings build() {
			return new GroupSettings("pool", "poolWorker", "fake", this.workers, this.queueSize, this.prefetch, 1 << 16,
					1 << 20, this.requestTimeout, this.startupTimeout, this.shutdownTimeout, Duration.ZERO, 4,
					List.of(),
					new GroupSettings.Supervision(this.retryOnCrash, this.maxRestarts, Duration.ofMinutes(1),
							this.stuckTimeout, this.maxRequestsPerWorker, this.restartCooldown),
					this.remoteWorkers,
					new GroupSettings.Scaling((this.minWorkers < 0) ? this.workers : this.minWorkers, this.scaleUpAfter,
							this.scaleDownAfter),
					new GroupSettings.Standby(this.spareWorkers, this.readyWhen));
		}

	}

	/** Records what the group tells its observer about workers, in order. */
	static final class Events implements GroupObserver {

		final List<String> log = new CopyOnWriteArrayList<>();

		final List<Long> startupNs = new CopyOnWriteArrayList<>();

		@Override
		public void workerReplaced(String group, String cause) {
			this.log.add("replaced " + cause);
		}

		@Override
		public void workerStarted(String group, int index, long pid, long restarts, long startupNs) {
			this.log.add("started #" + index + " restarts " + restarts);
			this.startupNs.add(startupNs);
		}

		@Override
		public void workerExited(String group, int index, long pid, String cause, @Nullable Integer exitCode) {
			this.log.add("exited #" + index + " " + cause + " code " + exitCode);
		}

		@Override
		public void groupScaled(String group, int from, int to, String reason) {
			this.log.add("scaled " + from + " to " + to + " " + reason);
		}

		List<String> of(String kind) {
			return this.log.stream().filter((line) -> line.startsWith(kind)).toList();
		}

	}

	/** A fake link whose start the test scripts instead of FakeWorkers' READY. */
	private static final class ScriptedLink implements WorkerLink {

		private final FakeWorkers.Link link;

		private final BiConsumer<FakeWorkers.Link, FrameListener> onStart;

		ScriptedLink(FakeWorkers.Link link, BiConsumer<FakeWorkers.Link, FrameListener> onStart) {
			this.link = link;
			this.onStart = onStart;
		}

		@Override
		public Map<String, String> childSettings() {
			return this.link.childSettings();
		}

		@Override
		public void start(FrameListener listener) {
			this.link.start(listener);
			this.onStart.accept(this.link, listener);
		}

		@Override
		public void send(Frame frame, Duration timeout) {
			this.link.send(frame, timeout);
		}

		@Override
		public boolean trySend(Frame frame) {
			return this.link.trySend(frame);
		}

		@Override
		public void close() {
			this.link.close();
		}

	}

}
