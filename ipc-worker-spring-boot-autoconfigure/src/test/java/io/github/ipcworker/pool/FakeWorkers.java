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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.jspecify.annotations.Nullable;

/**
 * An in-memory transport and launcher: each "worker" is a {@link FakeProcess} and the
 * worker end of a {@link Link}, which records what the group sent and answers only when
 * the test tells it to. Frames from the group are taken on the sending thread; frames to
 * the group are delivered on the test's thread. Nothing here starts a thread of its own.
 * <p>
 * Tests may drive it from several threads at once (model checking): what it records is
 * guarded by this object's monitor, which is never held while a frame or a link's end is
 * delivered to the group, as a real link's reader holds none of the group's locks.
 */
final class FakeWorkers implements Transport, WorkerLauncher {

	/** Every link opened, in order; a replacement gets a new one. Guarded by this. */
	final List<Link> links = new ArrayList<>();

	/**
	 * Every REQUEST frame the group sent, by request id, counted across all links.
	 * Guarded by this.
	 */
	final Map<Long, Integer> requestsSent = new LinkedHashMap<>();

	/** The ids of the stream requests among them. Guarded by this. */
	final java.util.Set<Long> streamRequests = new java.util.HashSet<>();

	/** Whether workers report that their handler streams. */
	volatile boolean streaming;

	/** Whether the next launches fail. */
	volatile boolean launchFails;

	/** Whether new workers report READY on their own when their link starts. */
	volatile boolean autoReady = true;

	/** Whether processes wait for their exit in a timed wait, as real ones do. */
	volatile boolean processesWait;

	/** Whether links refuse {@code trySend}, as a full ring would. */
	volatile boolean full;

	/** Runs right after a worker reported READY, for faults at that moment. */
	volatile java.util.function.Consumer<Link> afterReady = (link) -> {
	};

	private volatile boolean closed;

	@Override
	public String name() {
		return "fake";
	}

	@Override
	public WorkerLink open(int workerIndex) {
		synchronized (this) {
			Link link = new Link(workerIndex);
			this.links.add(link);
			return link;
		}
	}

	@Override
	public WorkerProcess launch(GroupSettings settings, int workerIndex, Map<String, String> linkSettings)
			throws IOException {
		if (this.launchFails) {
			throw new IOException("no room left for worker " + workerIndex);
		}
		Link link;
		synchronized (this) {
			link = this.links.get(Integer.parseInt(linkSettings.get("link")));
		}
		FakeProcess process = new FakeProcess();
		process.waits = this.processesWait;
		link.process = process;
		return WorkerProcess.adopt(process, settings.name() + "#" + workerIndex);
	}

	@Override
	public void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** The live links, the current incarnation of each worker that was started. */
	synchronized List<Link> live() {
		return this.links.stream().filter(Link::isServing).toList();
	}

	/**
	 * The group's end of one worker's link, and the worker behind it.
	 */
	final class Link implements WorkerLink {

		final int index;

		/** Made under the monitor, in {@link #open}. */
		final int number = FakeWorkers.this.links.size();

		volatile @Nullable FakeProcess process;

		private volatile @Nullable FrameListener listener;

		/** Guarded by the monitor. */
		private boolean closed;

		/** Requests the worker holds, oldest first. Guarded by the monitor. */
		final Map<Long, Held> held = new LinkedHashMap<>();

		/**
		 * Every frame the group sent to this worker; read by tests while a cleaner
		 * writes.
		 */
		final List<Frame> received = new java.util.concurrent.CopyOnWriteArrayList<>();

		Link(int index) {
			this.index = index;
		}

		@Override
		public Map<String, String> childSettings() {
			return Map.of("transport", "fake", "link", Integer.toString(this.number));
		}

		@Override
		public void start(FrameListener listener) {
			this.listener = listener;
			if (FakeWorkers.this.autoReady) {
				ready();
				FakeWorkers.this.afterReady.accept(this);
			}
		}

		void ready() {
			long pid = (this.process != null) ? this.process.pid() : -1;
			deliver(new Frame(FrameType.READY, 0, this.index, 0, 0, 0,
					new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION, pid, FakeWorkers.this.streaming).encode()));
		}

		@Override
		public void send(Frame frame, Duration timeout) {
			take(frame);
		}

		@Override
		public boolean trySend(Frame frame) {
			synchronized (FakeWorkers.this) {
				if (this.closed) {
					throw new LinkClosedException("closed");
				}
				if (FakeWorkers.this.full) {
					return false;
				}
			}
			take(frame);
			return true;
		}

		private void take(Frame frame) {
			FakeProcess exiting;
			synchronized (FakeWorkers.this) {
				if (this.closed) {
					throw new LinkClosedException("closed");
				}
				exiting = record(frame);
			}
			// The exit runs the group's reaction to it: outside the monitor.
			if (exiting != null) {
				exiting.exit(0);
			}
		}

		/** Records a frame from the group; returns the process a SHUTDOWN ends. */
		private @Nullable FakeProcess record(Frame frame) {
			this.received.add(frame);
			switch (frame.type()) {
				case REQUEST -> {
					FakeWorkers.this.requestsSent.merge(frame.requestId(), 1, Integer::sum);
					if ((frame.flags() & FrameDescriptor.FLAG_STREAM) != 0) {
						FakeWorkers.this.streamRequests.add(frame.requestId());
					}
					this.held.put(frame.requestId(), new Held(frame.requestId(),
							(frame.flags() & FrameDescriptor.FLAG_STREAM) != 0, frame.sequence(), frame.payload()));
				}
				case CREDIT -> {
					Held held = this.held.get(frame.requestId());
					if (held != null) {
						held.credit += frame.sequence();
					}
				}
				case CANCEL -> {
					Held held = this.held.get(frame.requestId());
					if (held != null) {
						held.cancelled = true;
					}
				}
				case SHUTDOWN -> {
					return this.process;
				}
				default -> {
				}
			}
			return null;
		}

		boolean isServing() {
			FakeProcess process = this.process;
			synchronized (FakeWorkers.this) {
				return !this.closed && process != null && process.isAlive() && this.listener != null;
			}
		}

		@Nullable Held oldest() {
			synchronized (FakeWorkers.this) {
				return this.held.values().stream().findFirst().orElse(null);
			}
		}

		/**
		 * Takes the oldest request the worker holds, if it serves.
		 */
		private @Nullable Held takeOldest() {
			synchronized (FakeWorkers.this) {
				Held held = oldest();
				if (held == null || !isServing()) {
					return null;
				}
				this.held.remove(held.id);
				return held;
			}
		}

		/** The worker answers its oldest request: a response, or a stream's end. */
		boolean answerOldest() {
			Held held = takeOldest();
			if (held == null) {
				return false;
			}
			if (held.stream) {
				deliver(Frame.of(FrameType.STREAM_END, this.index, held.id));
			}
			else {
				deliver(new Frame(FrameType.RESPONSE, 0, this.index, held.id, 0, 1000, held.payload));
			}
			return true;
		}

		/** The worker's handler throws on its oldest request. */
		boolean failOldest() {
			Held held = takeOldest();
			if (held == null) {
				return false;
			}
			deliver(Frame.of(FrameType.ERROR, 0, this.index, held.id,
					RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new IllegalStateException("boom"))));
			return true;
		}

		/**
		 * The worker sends the next item of its oldest stream, if its credit allows; or
		 * regardless, when it misbehaves.
		 */
		boolean item(boolean ignoreCredit) {
			Frame item;
			synchronized (FakeWorkers.this) {
				Held held = this.held.values()
					.stream()
					.filter((h) -> h.stream && !h.cancelled)
					.findFirst()
					.orElse(null);
				if (held == null || !isServing() || (!ignoreCredit && held.sent >= held.credit)) {
					return false;
				}
				held.sent++;
				item = new Frame(FrameType.STREAM_ITEM, 0, this.index, held.id, held.sent, 0,
						("item" + held.sent).getBytes(StandardCharsets.UTF_8));
			}
			deliver(item);
			return true;
		}

		/** The worker dies: its process is killed. */
		void die() {
			FakeProcess process = this.process;
			if (process != null) {
				process.exit(137);
			}
		}

		/** The connection breaks while the process lives on. */
		void breakLink() {
			if (markClosed()) {
				FrameListener listener = this.listener;
				if (listener != null) {
					listener.onClosed(new IOException("connection reset"));
				}
			}
		}

		/** The link read a frame of the worker's that does not parse. */
		void badFrame(long requestId, RuntimeException problem) {
			FrameListener listener = this.listener;
			if (listener != null && !this.closed) {
				listener.onBadFrame(requestId, problem);
			}
		}

		void deliver(Frame frame) {
			FrameListener listener = this.listener;
			boolean open;
			synchronized (FakeWorkers.this) {
				open = !this.closed;
			}
			if (listener != null && open) {
				listener.onFrame(frame);
			}
		}

		@Override
		public void close() {
			if (markClosed()) {
				FrameListener listener = this.listener;
				if (listener != null) {
					listener.onClosed(null);
				}
			}
		}

		/** Closes the link once; whoever closes it tells the group. */
		private boolean markClosed() {
			synchronized (FakeWorkers.this) {
				if (this.closed) {
					return false;
				}
				this.closed = true;
				return true;
			}
		}

	}

	/** A request a fake worker holds; its counts are guarded by the monitor. */
	static final class Held {

		final long id;

		final boolean stream;

		long credit;

		long sent;

		boolean cancelled;

		final byte[] payload;

		Held(long id, boolean stream, long credit, byte[] payload) {
			this.id = id;
			this.stream = stream;
			this.credit = credit;
			this.payload = payload;
		}

	}

}
