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
package io.github.ipcworker.transport.local;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.FrameListener;
import io.github.ipcworker.transport.LinkClosedException;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.WorkerLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Links to workers that run in this JVM: each link is a pair of unbounded queues, one
 * each way. The group's end delivers the worker's frames on a reader thread of its own,
 * as the other transports do, so the group's code runs on the same kind of thread in
 * every mode; the worker's end is taken by whoever runs the worker, with
 * {@link #connect(String)}.
 * <p>
 * Unbounded queues are enough: the group never has more than {@code prefetch} requests
 * out to a worker, and a worker never more stream items out than the credit its caller
 * granted.
 */
public final class LocalTransport implements Transport {

	/** The transport's name, also the metrics' {@code transport} tag. */
	public static final String NAME = "in-process";

	/** Key of the link's id in {@link WorkerLink#childSettings()}. */
	public static final String LINK_KEY = "link";

	private static final Log logger = LogFactory.getLog(LocalTransport.class);

	/** Stands for the end of a queue; compared by identity. */
	private static final Frame END = Frame.of(FrameType.SHUTDOWN, -1, -1);

	private static final AtomicLong nextId = new AtomicLong();

	private final String group;

	/** Links opened and not yet connected by a worker, by id. */
	private final Map<String, Link> unconnected = new ConcurrentHashMap<>();

	/**
	 * Creates the transport of a group.
	 * @param group the group name, for thread names
	 */
	public LocalTransport(String group) {
		this.group = group;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public WorkerLink open(int workerIndex) {
		Link link = new Link(this.group + "#" + workerIndex, Long.toString(nextId.incrementAndGet()));
		this.unconnected.put(link.id, link);
		return link.parentEnd;
	}

	/**
	 * Takes the worker's end of a link this transport opened.
	 * @param linkId the value of {@link #LINK_KEY} in the link's settings
	 * @return the worker's end
	 * @throws IllegalArgumentException when no such link waits to be connected
	 */
	public ChildLink connect(String linkId) {
		Link link = this.unconnected.remove(linkId);
		if (link == null) {
			throw new IllegalArgumentException("no in-process link " + linkId + " waits in group '" + this.group + "'");
		}
		return link.childEnd;
	}

	/**
	 * Closes the links that no worker connected; the others are the group's to close.
	 */
	@Override
	public void close() {
		this.unconnected.values().forEach(Link::close);
		this.unconnected.clear();
	}

	/** The state both ends share. */
	private static final class Link {

		final String name;

		final String id;

		final LinkedBlockingQueue<Frame> toWorker = new LinkedBlockingQueue<>();

		final LinkedBlockingQueue<Frame> fromWorker = new LinkedBlockingQueue<>();

		volatile boolean closed;

		final ParentEnd parentEnd = new ParentEnd();

		final ChildEnd childEnd = new ChildEnd();

		Link(String name, String id) {
			this.name = name;
			this.id = id;
		}

		/**
		 * Closes both ends at once: the worker's next read or send fails, and the group's
		 * reader delivers what was sent before and then reports the link closed.
		 */
		void close() {
			synchronized (this) {
				if (this.closed) {
					return;
				}
				this.closed = true;
			}
			this.toWorker.add(END);
			this.fromWorker.add(END);
		}

		void checkOpen() {
			if (this.closed) {
				throw new LinkClosedException("in-process link of worker " + this.name + " is closed");
			}
		}

		private final class ParentEnd implements WorkerLink {

			private @Nullable Thread reader;

			@Override
			public Map<String, String> childSettings() {
				return Map.of(TRANSPORT_KEY, NAME, LINK_KEY, Link.this.id);
			}

			@Override
			public synchronized void start(FrameListener listener) {
				if (this.reader != null) {
					throw new IllegalStateException("link of worker " + Link.this.name + " started twice");
				}
				Thread thread = new Thread(() -> read(listener), "ipc-worker-" + Link.this.name + "-reader");
				thread.setDaemon(true);
				this.reader = thread;
				thread.start();
			}

			private void read(FrameListener listener) {
				Throwable cause = null;
				try {
					Frame frame;
					while ((frame = Link.this.fromWorker.take()) != END) {
						listener.onFrame(frame);
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					cause = ex;
				}
				catch (Throwable ex) {
					// As on the other transports: a listener that fails ends the link, so
					// the worker's requests fail and it is replaced.
					cause = ex;
					Link.this.close();
				}
				try {
					listener.onClosed(cause);
				}
				catch (Throwable ex) {
					logger.error("Frame listener failed on close of in-process link " + Link.this.name, ex);
				}
			}

			@Override
			public void send(Frame frame, Duration timeout) {
				Link.this.checkOpen();
				Link.this.toWorker.add(frame);
			}

			@Override
			public boolean trySend(Frame frame) {
				send(frame, Duration.ZERO);
				return true;
			}

			@Override
			public void close() {
				Link.this.close();
				Thread reader;
				synchronized (this) {
					reader = this.reader;
				}
				if (reader != null && reader != Thread.currentThread()) {
					try {
						// Bounded: a listener blocked for long must not hold up a stop.
						reader.join(TimeUnit.SECONDS.toMillis(2));
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
				}
			}

			@Override
			public String toString() {
				return "in-process link of worker " + Link.this.name;
			}

		}

		private final class ChildEnd implements ChildLink {

			@Override
			public @Nullable Frame receive(long timeoutNs) throws InterruptedException {
				Link.this.checkOpen();
				return ended(Link.this.toWorker.poll(timeoutNs, TimeUnit.NANOSECONDS));
			}

			@Override
			public @Nullable Frame poll() {
				Link.this.checkOpen();
				return ended(Link.this.toWorker.poll());
			}

			private @Nullable Frame ended(@Nullable Frame frame) {
				if (frame == END) {
					// Left for any later read, which must fail the same way.
					Link.this.toWorker.add(END);
					Link.this.checkOpen();
				}
				return frame;
			}

			@Override
			public void send(Frame frame) {
				Link.this.checkOpen();
				Link.this.fromWorker.add(frame);
			}

			@Override
			public void onBadFrame(BadFrameListener listener) {
				// Frames are handed over whole, never as bytes that could be damaged.
			}

			@Override
			public void close() {
				Link.this.close();
			}

		}

	}

}
