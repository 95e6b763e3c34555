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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.WorkerLink;

/**
 * A {@link Dispatcher} with its {@link Members} and {@link CallTable}, but no supervisor:
 * the test installs workers, moves them through their states and reads what their links
 * were sent, so one decision of the dispatcher can be pinned at a time.
 */
final class DispatcherBench {

	final ManualRuntime runtime = new ManualRuntime();

	final FakeWorkers workers = new FakeWorkers();

	final GroupSettings settings;

	final Members members;

	final CallTable calls;

	final Dispatcher dispatcher;

	/** Workers the outbox found with a closed link. */
	final List<Worker> linkLost = new CopyOnWriteArrayList<>();

	/** Workers the dispatcher retired after their maximum of requests. */
	final List<Worker> retired = new CopyOnWriteArrayList<>();

	private final AtomicLong ids = new AtomicLong();

	/** Events of a worker that nobody listens to. */
	static final Worker.Events NO_EVENTS = new Worker.Events() {

		@Override
		public void onFrame(Worker worker, Frame frame) {
		}

		@Override
		public void onBadFrame(Worker worker, long requestId, RuntimeException problem) {
		}

		@Override
		public void onLost(Worker worker, String how) {
		}

	};

	DispatcherBench(int slots, int queueSize, int prefetch, Duration enqueueTimeout, long maxRequestsPerWorker) {
		this.settings = new GroupSettings(
				"pool", "poolWorker", "fake", slots, queueSize, prefetch, 1 << 16, 1 << 20, Duration.ofSeconds(10),
				Duration.ofSeconds(5), Duration.ZERO, enqueueTimeout, 4, List.of(), new GroupSettings.Supervision(true,
						10, Duration.ofMinutes(1), Duration.ofMinutes(1), maxRequestsPerWorker, Duration.ofMinutes(1)),
				false);
		this.members = new Members(slots);
		this.calls = new CallTable("pool", "fake", new GroupObserver() {
		}, this.runtime, this.ids::incrementAndGet);
		this.dispatcher = new Dispatcher(this.settings, this.calls, this.members);
		this.dispatcher.listeners(this.linkLost::add, this.retired::add);
	}

	static DispatcherBench of(int slots, int queueSize, int prefetch) {
		return new DispatcherBench(slots, queueSize, prefetch, Duration.ZERO, 0).running();
	}

	DispatcherBench running() {
		this.members.beginStart(this.runtime.open("pool"));
		this.members.markRunning();
		return this;
	}

	/** A worker in its slot, still starting. */
	Worker launched(int index) {
		return launched(index, this.workers.open(index));
	}

	Worker launched(int index, WorkerLink link) {
		Worker worker = new Worker("pool", index, link, null, this.runtime.nanoTime(), NO_EVENTS);
		this.members.install(worker);
		return worker;
	}

	/** A worker in its slot that serves. */
	Worker ready(int index) {
		Worker worker = launched(index);
		if (!this.dispatcher.ready(worker)) {
			throw new IllegalStateException(worker + " did not become ready");
		}
		return worker;
	}

	/** A worker that joined on its own and serves. */
	Worker remote(int index) {
		Worker worker = new Worker("pool", index, this.workers.open(index), "10.0.0.9:5555", this.runtime.nanoTime(),
				NO_EVENTS);
		this.members.addRemote(worker);
		if (!this.dispatcher.ready(worker)) {
			throw new IllegalStateException(worker + " did not become ready");
		}
		return worker;
	}

	/** A call entered in the table, not dispatched yet. */
	Call call() {
		Call call = this.calls.newCall(new Payload(0, "x".getBytes(StandardCharsets.UTF_8)), String.class,
				Duration.ofSeconds(10).toNanos());
		this.calls.accept(call);
		return call;
	}

	/** A call dispatched by a caller that may wait. */
	Call dispatched() {
		Call call = call();
		this.dispatcher.dispatch(call, true);
		return call;
	}

	/** The ids of the requests a worker's link was sent, in order. */
	/**
	 * A worker's answer to a call, taken and ended as the group's inbox does it.
	 * @return the call, or null when the worker held none with that id
	 */
	@org.jspecify.annotations.Nullable
	Call answered(Worker worker, long requestId) {
		Call call = this.dispatcher.answered(worker, requestId);
		if (call != null) {
			this.dispatcher.completed();
		}
		return call;
	}

	static List<Long> requestsTo(Worker worker) {
		List<Long> ids = new ArrayList<>();
		for (Frame frame : ((FakeWorkers.Link) worker.link).received) {
			if (frame.type() == FrameType.REQUEST) {
				ids.add(frame.requestId());
			}
		}
		return ids;
	}

	/** The frames of one type a worker's link was sent. */
	static long framesTo(Worker worker, FrameType type) {
		return ((FakeWorkers.Link) worker.link).received.stream().filter((frame) -> frame.type() == type).count();
	}

}
