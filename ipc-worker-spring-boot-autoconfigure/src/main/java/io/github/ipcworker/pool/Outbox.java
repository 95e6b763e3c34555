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
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;

/**
 * Writes what the {@link Dispatcher} decided to the workers' links: requests, credit,
 * cancels and the shutdown of a retiring worker. It never holds the dispatcher's lock. A
 * thread that may wait (a caller) sends on its own; a thread that must not (a link's
 * reader, an event loop) uses {@code trySend} and hands what does not fit at once to the
 * group's send thread, which keeps the order.
 */
final class Outbox implements StreamCall.CreditLine {

	private final Dispatcher dispatcher;

	private final CallTable calls;

	private final Members members;

	private final String group;

	/** Told of a worker whose link closed under a send; the supervisor. */
	private volatile Consumer<Worker> linkLost = (worker) -> {
	};

	Outbox(Dispatcher dispatcher, Members members, CallTable calls, String group) {
		this.dispatcher = dispatcher;
		this.members = members;
		this.calls = calls;
		this.group = group;
	}

	void linkLost(Consumer<Worker> linkLost) {
		this.linkLost = linkLost;
	}

	private String name() {
		return this.group;
	}

	/** Sends a call on this thread, waiting for room until its deadline. */
	void send(Call call, Worker worker) {
		if (call.isDone()) {
			// Timed out or cancelled before it went out; free the worker's slot.
			this.dispatcher.unsent(call, worker);
			return;
		}
		try {
			worker.link.send(requestFrame(call, worker), Duration.ofNanos(Math.max(1, call.remainingNs())));
			sent(call);
		}
		catch (LinkClosedException ex) {
			// The worker died; its loss fails the calls it held, this one included.
			this.linkLost.accept(worker);
		}
		catch (TimeoutException ex) {
			this.dispatcher.unsent(call, worker);
			// Says which wait ran out (the link's turn or room in it) and when, so that a
			// stalled link and a clock that jumped can be told apart.
			this.calls.fail(call,
					new IpcTimeoutException(name(), call.id, Duration.ofNanos(call.timeoutNs),
							"never written to worker " + worker + ": " + ex.getMessage() + ", "
									+ Duration.ofNanos(call.elapsedNs()).toMillis() + " ms after the call began"),
					Outcome.TIMEOUT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.dispatcher.unsent(call, worker);
			this.calls.fail(call, new IpcException(name(), "Interrupted while sending request " + call.id, ex),
					Outcome.CANCELLED);
		}
	}

	/**
	 * Sends calls moved from the queue: at once with {@code trySend} when the frame fits,
	 * otherwise through the send thread, in order.
	 */
	void sendMoved(List<Call> moved) {
		for (Call call : moved) {
			Worker worker = call.worker;
			if (worker == null) {
				continue;
			}
			call.markHandedOver();
			try {
				if (!call.isDone() && worker.link.trySend(requestFrame(call, worker))) {
					sent(call);
					continue;
				}
			}
			catch (LinkClosedException ex) {
				this.linkLost.accept(worker);
				continue;
			}
			GroupRuntime.Threads threads = this.members.threads();
			if (threads != null) {
				threads.send(() -> send(call, worker));
			}
		}
	}

	private void sent(Call call) {
		call.markSent();
		if (call instanceof StreamCall stream) {
			stream.requestSent();
		}
	}

	private Frame requestFrame(Call call, Worker worker) {
		if (call instanceof StreamCall stream) {
			stream.creditLine = this;
			return new Frame(FrameType.REQUEST, call.payload.flags() | FrameDescriptor.FLAG_STREAM, worker.index,
					call.id, stream.creditForRequest(), 0, call.payload.bytes());
		}
		return new Frame(FrameType.REQUEST, call.payload.flags(), worker.index, call.id, 0, 0, call.payload.bytes());
	}

	@Override
	public void grant(StreamCall call, long credit) {
		Worker worker = this.dispatcher.holder(call);
		if (worker != null) {
			control(worker, new Frame(FrameType.CREDIT, 0, worker.index, call.id, credit, 0, new byte[0]));
		}
	}

	/** Tells the worker holding a call to stop it; the worker answers with its end. */
	void cancel(Call call) {
		Worker worker = this.dispatcher.holder(call);
		if (worker != null) {
			control(worker, Frame.of(FrameType.CANCEL, worker.index, call.id));
		}
	}

	/** Sends a control frame without blocking the calling thread. */
	private void control(Worker worker, Frame frame) {
		try {
			if (worker.link.trySend(frame)) {
				return;
			}
		}
		catch (LinkClosedException ex) {
			// Gone: its death ends its calls.
			return;
		}
		GroupRuntime.Threads threads = this.members.threads();
		if (threads != null) {
			threads.send(() -> {
				try {
					worker.link.send(frame, Duration.ofSeconds(1));
				}
				catch (LinkClosedException | TimeoutException ex) {
					// Gone or stuck: its death or the stuck timeout ends its calls.
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			});
		}
	}

	/** Asks a retiring worker to exit; it holds nothing any more. */
	void shutDown(Worker worker) {
		GroupRuntime.Threads threads = this.members.threads();
		if (threads == null) {
			return;
		}
		threads.send(() -> {
			try {
				worker.link.send(Frame.of(FrameType.SHUTDOWN, worker.index, 0), Duration.ofSeconds(1));
			}
			catch (LinkClosedException | TimeoutException ex) {
				WorkerProcess process = worker.process;
				if (process != null) {
					process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
	}

}
