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

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcStartupException;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.process.WorkerProcess;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.FrameFormatException;
import io.github.ipcworker.protocol.ReadyInfo;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Where the frames of every worker arrive, on the links' reader threads: answers end
 * their calls, items go to their streams, READY and BOOT_FAILED to the worker's start,
 * and a closed link to the {@link Supervisor}. Nothing here blocks.
 */
final class Inbox implements Worker.Events {

	private static final Log logger = LogFactory.getLog(Inbox.class);

	private final String group;

	private final String transport;

	private final Dispatcher dispatcher;

	private final Replies replies;

	private final CallTable calls;

	private final GroupObserver observer;

	private volatile Supervisor supervisor;

	Inbox(String group, String transport, Dispatcher dispatcher, Replies replies, CallTable calls,
			GroupObserver observer) {
		this.group = group;
		this.transport = transport;
		this.dispatcher = dispatcher;
		this.replies = replies;
		this.calls = calls;
		this.observer = observer;
	}

	void supervisor(Supervisor supervisor) {
		this.supervisor = supervisor;
	}

	@Override
	public void onFrame(Worker worker, Frame frame) {
		switch (frame.type()) {
			case RESPONSE, ERROR, STREAM_END -> onFinal(worker, frame);
			case STREAM_ITEM -> onItem(worker, frame);
			case READY -> {
				try {
					worker.ready.complete(ReadyInfo.decode(frame.payload()));
				}
				catch (FrameFormatException ex) {
					worker.ready.completeExceptionally(new IpcStartupException(this.group,
							"Worker " + worker + " sent a READY frame that does not parse: " + ex.getMessage(), ex));
				}
			}
			case BOOT_FAILED -> worker.ready.completeExceptionally(this.replies.bootFailure(worker, frame));
			case HEARTBEAT -> {
			}
			default -> logger.warn("Worker " + worker + " sent an unexpected " + frame);
		}
	}

	private void onFinal(Worker worker, Frame frame) {
		if (frame.executionTimeNs() > 0) {
			this.observer.handlerExecuted(this.group, this.transport, frame.executionTimeNs());
		}
		// A stream's end says nothing of one handler run against one round trip.
		long executionNs = (frame.type() == FrameType.STREAM_END) ? -1 : frame.executionTimeNs();
		Call call = this.dispatcher.answered(worker, frame.requestId(), executionNs);
		if (call != null) {
			try {
				this.replies.complete(call, frame);
			}
			finally {
				this.dispatcher.completed();
			}
		}
	}

	private void onItem(Worker worker, Frame frame) {
		if (!(this.dispatcher.held(worker, frame.requestId()) instanceof StreamCall stream) || stream.isDone()) {
			return;
		}
		if (!stream.arrived()) {
			brokeProtocol(worker, stream);
			return;
		}
		stream.deliver(frame);
	}

	/**
	 * A worker sent stream items beyond the credit granted: it cannot be trusted with
	 * anything else, so its link is closed and it is replaced like a dead one.
	 */
	private void brokeProtocol(Worker worker, StreamCall stream) {
		String problem = "Worker " + worker + " sent item " + stream.received() + " of the stream of request "
				+ stream.id + " beyond the " + stream.granted() + " its caller allowed; closing its link";
		logger.error(problem);
		this.calls.fail(stream, new IpcException(this.group, problem), Outcome.ERROR);
		WorkerProcess process = worker.process;
		if (process != null) {
			process.destroyForcibly();
		}
		worker.link.close();
		onLost(worker, "broke the stream protocol");
	}

	@Override
	public void onBadFrame(Worker worker, long requestId, RuntimeException problem) {
		logger.warn("Dropped a frame from worker " + worker + " that does not parse: " + problem.getMessage());
		Call call = this.dispatcher.answered(worker, requestId);
		if (call != null) {
			try {
				this.calls.fail(
						call, new IpcSerializationException(this.group, "The answer of worker " + worker
								+ " to request " + requestId + " could not be read: " + problem.getMessage(), problem),
						Outcome.ERROR);
			}
			finally {
				this.dispatcher.completed();
			}
		}
	}

	@Override
	public void onLost(Worker worker, String how) {
		this.supervisor.onLost(worker, how);
	}

}
