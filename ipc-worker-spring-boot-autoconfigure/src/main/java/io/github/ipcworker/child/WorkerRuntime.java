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
package io.github.ipcworker.child;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.context.ContextCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameDescriptor;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.protocol.ReadyInfo;
import io.github.ipcworker.protocol.RemoteError;
import io.github.ipcworker.protocol.RemoteErrorCodec;
import io.github.ipcworker.transport.ChildLink;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The serving loop of a worker process: reads requests from the link, runs the handler on
 * the same thread (no hand-off on the request path), and answers.
 * <p>
 * Every {@link FrameType#REQUEST REQUEST} gets exactly one final frame, a
 * {@link FrameType#RESPONSE RESPONSE}, {@link FrameType#STREAM_END STREAM_END} or
 * {@link FrameType#ERROR ERROR}: the parent counts a worker's load by them. A failure
 * while handling one request never ends the loop; only {@link FrameType#SHUTDOWN
 * SHUTDOWN} or the loss of the link does.
 * <p>
 * With a {@code prefetch} above 1 the parent sends requests while the handler is busy.
 * They wait here, in order, and the {@link FrameType#CREDIT CREDIT} and
 * {@link FrameType#CANCEL CANCEL} frames the parent sends for them meanwhile are kept
 * with them: a waiting stream starts with all the credit its caller granted, and a
 * request cancelled while it waited does not run but is answered with a
 * {@link RemoteError.Kind#CANCELLED CANCELLED} error, as a stream cancelled while it runs
 * is, so the parent frees its slot.
 */
public final class WorkerRuntime {

	private static final Log logger = LogFactory.getLog(WorkerRuntime.class);

	/**
	 * How long the serving loop sleeps between checks when nothing arrives; only a frame
	 * or the loss of the link matter, so it can be long and cost an idle worker nothing.
	 */
	private static final long IDLE_WAIT_NS = TimeUnit.MINUTES.toNanos(10);

	private final ChildLink link;

	private final int workerIndex;

	private final PayloadCodec codec;

	private final HandlerAdapter handler;

	private final int maxMessageSize;

	private final String group;

	private final ContextPropagator context;

	/**
	 * Frames read ahead while a stream was checked for cancellation, or before a request
	 * ran; never credit or cancels, which are applied as they are read.
	 */
	private final Deque<Frame> backlog = new ArrayDeque<>();

	/**
	 * The credit and cancels received for the stream requests in the {@link #backlog}, by
	 * request id; an entry leaves when its request runs.
	 */
	private final Map<Long, StreamControl> held = new HashMap<>();

	/**
	 * Whether a {@link FrameType#SHUTDOWN SHUTDOWN} was read: it stops the stream that
	 * runs and any stream that would start before the shutdown is reached.
	 */
	private boolean shutdownRead;

	/** Requests whose frames arrived unreadable, to be answered with an error. */
	private final Deque<Long> unreadable = new ArrayDeque<>();

	private boolean running = true;

	/**
	 * Creates the runtime of a worker.
	 * @param link the link to the parent
	 * @param workerIndex the worker's index in its group
	 * @param codec the codec, the same as the parent's
	 * @param handler the worker bean
	 * @param maxMessageSize the largest frame allowed, header included
	 * @param group the group name
	 * @param context opens the caller's context (its trace) around each handler call
	 */
	public WorkerRuntime(ChildLink link, int workerIndex, PayloadCodec codec, HandlerAdapter handler,
			int maxMessageSize, String group, ContextPropagator context) {
		this.link = link;
		this.workerIndex = workerIndex;
		this.codec = codec;
		this.handler = handler;
		this.maxMessageSize = maxMessageSize;
		this.group = group;
		this.context = context;
		link.onBadFrame((requestId, problem) -> {
			if (requestId != 0) {
				this.unreadable.addLast(requestId);
			}
		});
	}

	/**
	 * Tells the parent the worker is ready.
	 * @throws InterruptedException when interrupted while sending
	 */
	public void sendReady() throws InterruptedException {
		ReadyInfo ready = new ReadyInfo(FrameDescriptor.PROTOCOL_VERSION, ProcessHandle.current().pid(),
				this.handler.streaming());
		this.link.send(Frame.of(FrameType.READY, 0, this.workerIndex, 0, ready.encode()));
	}

	/**
	 * Tells the parent the worker could not start.
	 * @param link the link to the parent
	 * @param workerIndex the worker's index
	 * @param failure why
	 * @throws InterruptedException when interrupted while sending
	 */
	public static void sendBootFailure(ChildLink link, int workerIndex, Throwable failure) throws InterruptedException {
		byte[] payload = RemoteErrorCodec.encode(RemoteError.Kind.BOOT, failure);
		link.send(Frame.of(FrameType.BOOT_FAILED, 0, workerIndex, 0, payload));
	}

	/**
	 * Serves requests until the parent asks the worker to shut down.
	 * @throws InterruptedException when interrupted
	 * @throws io.github.ipcworker.transport.LinkClosedException when the parent is gone
	 */
	public void serve() throws InterruptedException {
		while (this.running) {
			answerUnreadable();
			if (this.backlog.isEmpty()) {
				Frame frame = this.link.receive(IDLE_WAIT_NS);
				if (frame != null) {
					route(frame, null);
				}
			}
			Frame next = this.backlog.peekFirst();
			if (next != null && isStreamRequest(next)) {
				// Whatever already arrived is read before a stream starts, so that a
				// cancel sent while it waited behind the previous request is seen. Only
				// streams get credit or cancels, so a plain request costs no extra poll.
				readArrived(null);
			}
			Frame frame = this.backlog.pollFirst();
			if (frame != null) {
				dispatch(frame);
			}
		}
	}

	/**
	 * Answers requests whose frames did not parse, so their callers learn at once and the
	 * parent frees the slot they took.
	 */
	private void answerUnreadable() throws InterruptedException {
		Long requestId;
		while ((requestId = this.unreadable.pollFirst()) != null) {
			sendError(requestId, RemoteError.Kind.PROTOCOL,
					new IllegalStateException("the request's frame arrived damaged and was dropped"), 0, 0);
		}
	}

	private void dispatch(Frame frame) throws InterruptedException {
		switch (frame.type()) {
			case REQUEST -> {
				StreamControl control = this.held.isEmpty() ? null : this.held.remove(frame.requestId());
				if (control == null) {
					control = new StreamControl(frame.requestId());
				}
				if (control.cancelled) {
					// Not run, but answered: the parent frees the slot on a final frame.
					sendError(frame.requestId(), RemoteError.Kind.CANCELLED,
							new IllegalStateException("cancelled by the caller before it ran"), 0, 0);
				}
				else {
					handle(frame, control);
				}
			}
			case SHUTDOWN -> this.running = false;
			case HEARTBEAT -> this.link.send(Frame.of(FrameType.HEARTBEAT, this.workerIndex, 0));
			default -> logger.warn("Ignoring unexpected " + frame);
		}
	}

	/**
	 * Takes a frame read from the link: credit and cancels go to the request they are
	 * for, the running stream's or a waiting one's, and are dropped when that request was
	 * answered already; anything else waits in the backlog, in order.
	 * @param frame the frame
	 * @param running the stream being sent, or {@code null}
	 */
	private void route(Frame frame, @Nullable StreamControl running) {
		switch (frame.type()) {
			case CREDIT, CANCEL -> {
				StreamControl target = (running != null && running.requestId == frame.requestId()) ? running
						: this.held.get(frame.requestId());
				if (target == null) {
					return;
				}
				if (frame.type() == FrameType.CREDIT) {
					target.credit += frame.sequence();
				}
				else {
					target.cancelled = true;
				}
			}
			case REQUEST -> {
				if (isStreamRequest(frame)) {
					this.held.putIfAbsent(frame.requestId(), new StreamControl(frame.requestId()));
				}
				this.backlog.addLast(frame);
			}
			case SHUTDOWN -> {
				this.shutdownRead = true;
				this.backlog.addLast(frame);
			}
			default -> this.backlog.addLast(frame);
		}
	}

	private static boolean isStreamRequest(Frame frame) {
		return frame.type() == FrameType.REQUEST && frame.hasFlag(FrameDescriptor.FLAG_STREAM);
	}

	/**
	 * Routes every frame that is there, without waiting.
	 * @param running the stream being sent, or {@code null}
	 */
	private void readArrived(@Nullable StreamControl running) {
		Frame frame;
		while ((frame = this.link.poll()) != null) {
			route(frame, running);
		}
	}

	private void handle(Frame request, StreamControl control) throws InterruptedException {
		long requestId = request.requestId();
		Map<String, String> carried = Map.of();
		Payload payload = new Payload(request.flags(), request.payload());
		Object input;
		try {
			if (request.hasFlag(FrameDescriptor.FLAG_CONTEXT)) {
				ContextCodec.Split split = ContextCodec.split(request.payload());
				carried = split.context();
				payload = new Payload(request.flags() & ~FrameDescriptor.FLAG_CONTEXT, split.payload());
			}
			input = this.codec.decode(payload, this.handler.inputType());
		}
		catch (Throwable ex) {
			// A request too deep to read is the request's fault, like an exception.
			rethrowIfFatal(ex);
			sendError(requestId, RemoteError.Kind.REQUEST_UNREADABLE, ex, 0, 0);
			return;
		}
		try (ContextPropagator.Scope scope = this.context.open(carried, this.group, requestId)) {
			handle(request, requestId, input, control, scope);
		}
	}

	private void handle(Frame request, long requestId, @Nullable Object input, StreamControl control,
			ContextPropagator.Scope scope) throws InterruptedException {
		long startNs = System.nanoTime();
		if (this.handler.streaming()) {
			if (!request.hasFlag(FrameDescriptor.FLAG_STREAM)) {
				sendError(requestId, RemoteError.Kind.PROTOCOL,
						new IllegalStateException(
								"the handler of this group streams its responses; read them with IpcClient.stream"),
						0, 0);
				return;
			}
			// The request's sequence is the initial credit; more may have come while it
			// waited.
			control.credit += request.sequence();
			handleStream(requestId, input, startNs, control, scope);
			return;
		}
		Object output;
		try {
			output = this.handler.handle(input);
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			scope.error(ex);
			sendError(requestId, RemoteError.Kind.HANDLER, ex, 0, System.nanoTime() - startNs);
			return;
		}
		long executionNs = System.nanoTime() - startNs;
		send(FrameType.RESPONSE, requestId, output, 0, executionNs);
	}

	/**
	 * Streams a handler's items under the caller's flow control: an item is taken from
	 * the handler's stream only when the caller has granted credit for it, so the worker
	 * is at most the credit ahead of the caller's reading, and a slow caller makes it
	 * wait instead of filling memory. A cancel (or a shutdown) stops the handler's
	 * stream, which is closed either way, so its {@code onClose} actions run.
	 */
	private void handleStream(long requestId, @Nullable Object input, long startNs, StreamControl control,
			ContextPropagator.Scope scope) throws InterruptedException {
		long sent = 0;
		try (Stream<?> items = this.handler.handleStream(input)) {
			Iterator<?> iterator = items.iterator();
			while (!readControl(control, 0)) {
				// Wait for credit before asking for the next item: a lazy stream computes
				// it
				// in hasNext(), and nothing should be made that the caller has not asked
				// for.
				while (control.credit <= 0 && !control.stopped()) {
					readControl(control, IDLE_WAIT_NS);
				}
				if (control.stopped() || !iterator.hasNext()) {
					break;
				}
				Object item = iterator.next();
				if (!send(FrameType.STREAM_ITEM, requestId, item, sent, 0)) {
					return;
				}
				sent++;
				control.credit--;
			}
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			scope.error(ex);
			sendError(requestId, RemoteError.Kind.HANDLER, ex, sent, System.nanoTime() - startNs);
			return;
		}
		if (control.stopped()) {
			sendError(requestId, RemoteError.Kind.CANCELLED, new IllegalStateException("cancelled by the caller"), sent,
					System.nanoTime() - startNs);
			return;
		}
		this.link.send(new Frame(FrameType.STREAM_END, 0, this.workerIndex, requestId, sent,
				System.nanoTime() - startNs, new byte[0]));
	}

	/**
	 * Reads what the parent sent meanwhile (see {@link #route}). Waits up to the timeout
	 * for a first frame.
	 * @return whether the stream is to stop
	 */
	private boolean readControl(StreamControl control, long timeoutNs) throws InterruptedException {
		if (timeoutNs > 0) {
			Frame frame = this.link.receive(timeoutNs);
			if (frame != null) {
				route(frame, control);
			}
		}
		readArrived(control);
		return control.stopped();
	}

	/** The flow-control state of a request, running or waiting to. */
	private final class StreamControl {

		final long requestId;

		/** Items the caller has asked for and not yet received. */
		long credit;

		/** Whether the caller cancelled the request. */
		boolean cancelled;

		StreamControl(long requestId) {
			this.requestId = requestId;
		}

		/** Whether the stream is to stop: cancelled, or the worker shuts down. */
		boolean stopped() {
			return this.cancelled || WorkerRuntime.this.shutdownRead;
		}

	}

	/**
	 * Encodes and sends a value; on a codec failure sends the error instead.
	 * @return whether the value was sent
	 */
	private boolean send(FrameType type, long requestId, @Nullable Object value, long sequence, long executionNs)
			throws InterruptedException {
		Payload payload;
		try {
			payload = this.codec.encode(value);
		}
		catch (Throwable ex) {
			rethrowIfFatal(ex);
			sendError(requestId, RemoteError.Kind.RESPONSE_UNWRITABLE, ex, sequence, executionNs);
			return false;
		}
		long length = (long) FrameDescriptor.HEADER_LENGTH + payload.bytes().length;
		if (length > this.maxMessageSize) {
			// The message is the bare payload size: the parent reads it back into its
			// exception.
			sendError(requestId, RemoteError.Kind.RESPONSE_TOO_LARGE,
					new IllegalStateException(Long.toString(payload.bytes().length)), sequence, executionNs);
			return false;
		}
		this.link.send(
				new Frame(type, payload.flags(), this.workerIndex, requestId, sequence, executionNs, payload.bytes()));
		return true;
	}

	private void sendError(long requestId, RemoteError.Kind kind, Throwable error, long sequence, long executionNs)
			throws InterruptedException {
		byte[] payload = RemoteErrorCodec.encode(kind, error);
		this.link.send(new Frame(FrameType.ERROR, 0, this.workerIndex, requestId, sequence, executionNs, payload));
	}

	/**
	 * Lets the errors the JVM cannot recover from end the serving loop, and with it the
	 * process (see {@code IpcWorkerMain}); an out-of-memory worker is replaced rather
	 * than left half-broken. A stack overflow is the handler's or the codec's own fault
	 * and is reported like an exception.
	 */
	private static void rethrowIfFatal(Throwable ex) {
		if (ex instanceof VirtualMachineError && !(ex instanceof StackOverflowError)) {
			throw (VirtualMachineError) ex;
		}
	}

}
