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
 */
final class FakeWorkers implements Transport, WorkerLauncher {

	/** Every link opened, in order; a replacement gets a new one. */
	final List<Link> links = new ArrayList<>();

	/** Every REQUEST frame the group sent, by request id, counted across all links. */
	final Map<Long, Integer> requestsSent = new LinkedHashMap<>();

	/** The ids of the stream requests among them. */
	final java.util.Set<Long> streamRequests = new java.util.HashSet<>();

	/** Whether workers report that their handler streams. */
	boolean streaming;

	/** Whether the next launches fail. */
	boolean launchFails;

	/** Whether new workers report READY on their own when their link starts. */
	boolean autoReady = true;

	/** Whether links refuse {@code trySend}, as a full ring would. */
	boolean full;

	/** Runs right after a worker reported READY, for faults at that moment. */
	java.util.function.Consumer<Link> afterReady = (link) -> {
	};

	private boolean closed;

	@Override
	public String name() {
		return "fake";
	}

	@Override
	public WorkerLink open(int workerIndex) {
		Link link = new Link(workerIndex);
		this.links.add(link);
		return link;
	}

	@Override
	public WorkerProcess launch(GroupSettings settings, int workerIndex, Map<String, String> linkSettings)
			throws IOException {
		if (this.launchFails) {
			throw new IOException("no room left for worker " + workerIndex);
		}
		Link link = this.links.get(Integer.parseInt(linkSettings.get("link")));
		link.process = new FakeProcess();
		return WorkerProcess.adopt(link.process, settings.name() + "#" + workerIndex);
	}

	@Override
	public void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

	/** The live links, the current incarnation of each worker that was started. */
	List<Link> live() {
		return this.links.stream().filter(Link::isServing).toList();
	}

	/**
	 * The group's end of one worker's link, and the worker behind it.
	 */
	final class Link implements WorkerLink {

		final int index;

		final int number = FakeWorkers.this.links.size();

		@Nullable FakeProcess process;

		private @Nullable FrameListener listener;

		private boolean closed;

		/** Requests the worker holds, oldest first. */
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
			if (this.closed) {
				throw new LinkClosedException("closed");
			}
			if (FakeWorkers.this.full) {
				return false;
			}
			take(frame);
			return true;
		}

		private void take(Frame frame) {
			if (this.closed) {
				throw new LinkClosedException("closed");
			}
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
					if (this.process != null) {
						this.process.exit(0);
					}
				}
				default -> {
				}
			}
		}

		boolean isServing() {
			return !this.closed && this.process != null && this.process.isAlive() && this.listener != null;
		}

		@Nullable Held oldest() {
			return this.held.values().stream().findFirst().orElse(null);
		}

		/** The worker answers its oldest request: a response, or a stream's end. */
		boolean answerOldest() {
			Held held = oldest();
			if (held == null || !isServing()) {
				return false;
			}
			this.held.remove(held.id);
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
			Held held = oldest();
			if (held == null || !isServing()) {
				return false;
			}
			this.held.remove(held.id);
			deliver(Frame.of(FrameType.ERROR, 0, this.index, held.id,
					RemoteErrorCodec.encode(RemoteError.Kind.HANDLER, new IllegalStateException("boom"))));
			return true;
		}

		/**
		 * The worker sends the next item of its oldest stream, if its credit allows; or
		 * regardless, when it misbehaves.
		 */
		boolean item(boolean ignoreCredit) {
			Held held = this.held.values().stream().filter((h) -> h.stream && !h.cancelled).findFirst().orElse(null);
			if (held == null || !isServing() || (!ignoreCredit && held.sent >= held.credit)) {
				return false;
			}
			held.sent++;
			deliver(new Frame(FrameType.STREAM_ITEM, 0, this.index, held.id, held.sent, 0,
					("item" + held.sent).getBytes(StandardCharsets.UTF_8)));
			return true;
		}

		/** The worker dies: its process is killed. */
		void die() {
			if (this.process != null) {
				this.process.exit(137);
			}
		}

		/** The connection breaks while the process lives on. */
		void breakLink() {
			if (!this.closed) {
				this.closed = true;
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
			if (listener != null && !this.closed) {
				listener.onFrame(frame);
			}
		}

		@Override
		public void close() {
			if (!this.closed) {
				this.closed = true;
				FrameListener listener = this.listener;
				if (listener != null) {
					listener.onClosed(null);
				}
			}
		}

	}

	/** A request a fake worker holds. */
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
