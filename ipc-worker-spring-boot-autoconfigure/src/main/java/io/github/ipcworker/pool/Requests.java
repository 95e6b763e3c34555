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

import java.lang.ref.Cleaner;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcMessageTooLargeException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.context.ContextCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.github.ipcworker.protocol.FrameDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The callers' side of a group: encodes requests, admits them into the {@link CallTable}
 * and the {@link Dispatcher}, waits for answers, and ends calls that time out or that
 * their callers cancel.
 */
final class Requests {

	/**
	 * How long a blocking caller reads its worker's link itself before it parks, in
	 * nanoseconds: long enough for a short handler's answer, short enough that a slow one
	 * costs little CPU.
	 */
	static final long INLINE_WAIT_NS = 200_000L;

	/** Cancels streams their callers dropped without closing them. */
	private static final Cleaner CLEANER = Cleaner.create();

	private final GroupSettings settings;

	private final PayloadCodec codec;

	private final ContextPropagator context;

	private final CallTable calls;

	private final Members members;

	private final Dispatcher dispatcher;

	private final Replies replies;

	private final Supervisor supervisor;

	private final GroupRuntime runtime;

	/** Whether the workers' handler streams, as their READY frames said. */
	private volatile boolean streaming;

	Requests(GroupSettings settings, PayloadCodec codec, ContextPropagator context, CallTable calls, Members members,
			Dispatcher dispatcher, Replies replies, Supervisor supervisor, GroupRuntime runtime) {
		this.settings = settings;
		this.codec = codec;
		this.context = context;
		this.calls = calls;
		this.members = members;
		this.dispatcher = dispatcher;
		this.replies = replies;
		this.supervisor = supervisor;
		this.runtime = runtime;
	}

	String name() {
		return this.settings.name();
	}

	void streaming(boolean streaming) {
		this.streaming = streaming;
	}

	// ---------------------------------------------------------------------------------
	// One answer
	// ---------------------------------------------------------------------------------

	@Nullable Object call(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		Call call = newCall(request, responseType, timeout);
		admit(call, true);
		Worker worker = call.worker;
		if (worker != null) {
			// Read the answer on this thread while it is likely to come soon; park after.
			worker.link.awaitInline(call::isDone, Math.min(INLINE_WAIT_NS, Math.max(0, call.remainingNs())));
		}
		return await(call);
	}

	CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType, boolean mayWait) {
		return submit(request, responseType, null, mayWait);
	}

	CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType, @Nullable Duration timeout,
			boolean mayWait) {
		return submit(request, responseType, timeout, mayWait, this.context.capture());
	}

	/**
	 * Sends a request with a context captured before, for requests sent on another thread
	 * than the caller's.
	 */
	private CompletableFuture<@Nullable Object> submit(@Nullable Object request, Type responseType,
			@Nullable Duration timeout, boolean mayWait, Map<String, String> carried) {
		Call call;
		try {
			call = newCall(request, responseType, timeout, carried);
			admit(call, mayWait);
		}
		catch (IpcException ex) {
			return CompletableFuture.failedFuture(ex);
		}
		this.calls.scheduleDeadline(call, this.members.threads(), () -> timeOut(call));
		CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
		call.result.whenComplete((value, failure) -> {
			if (failure != null) {
				result.completeExceptionally(failure);
			}
			else {
				result.complete(value);
			}
		});
		result.whenComplete((value, failure) -> {
			if (failure instanceof CancellationException) {
				cancel(call);
			}
		});
		return result;
	}

	WorkerGroup.Pending put(@Nullable Object request) {
		Call call = newCall(request, Replies.UNDECODED, null);
		admit(call, true);
		this.calls.scheduleDeadline(call, this.members.threads(), () -> timeOut(call));
		return new WorkerGroup.Pending(call.id, call.result);
	}

	private Call newCall(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		return newCall(request, responseType, timeout, this.context.capture());
	}

	private Call newCall(@Nullable Object request, Type responseType, @Nullable Duration timeout,
			Map<String, String> carried) {
		if (this.streaming) {
			throw new IpcException(name(), "ipc-worker group '" + name()
					+ "' streams its responses (an IpcStreamHandler); read them with IpcClient.stream");
		}
		return this.calls.newCall(encode(request, carried), responseType, timeoutOf(timeout).toNanos());
	}

	private Duration timeoutOf(@Nullable Duration timeout) {
		return (timeout != null) ? timeout : this.settings.requestTimeout();
	}

	/**
	 * Enters a call in the table and dispatches it; a call the group refuses ends at
	 * once, and the refusal is thrown.
	 */
	private void admit(Call call, boolean mayWait) {
		this.calls.accept(call);
		try {
			this.dispatcher.dispatch(call, mayWait);
		}
		catch (IpcBusyException ex) {
			this.calls.fail(call, ex, Outcome.BUSY);
			throw ex;
		}
		catch (RuntimeException ex) {
			this.calls.reject(call, ex);
			throw ex;
		}
	}

	/**
	 * Encodes a request, with the caller's context in front when there is one; runs on
	 * the caller's thread, where that context lives.
	 */
	Payload encode(@Nullable Object request) {
		return encode(request, this.context.capture());
	}

	private Payload encode(@Nullable Object request, Map<String, String> carried) {
		if (request == null) {
			throw new IpcSerializationException(name(), "The request to ipc-worker group '" + name()
					+ "' is null; send a value (an empty one if the handler needs none)", null);
		}
		Payload payload;
		try {
			payload = this.codec.encode(request);
		}
		catch (RuntimeException ex) {
			throw new IpcSerializationException(name(), "The request of type " + request.getClass().getName()
					+ " to ipc-worker group '" + name() + "' could not be written: " + ex.getMessage(), ex);
		}
		long length = (long) FrameDescriptor.HEADER_LENGTH + payload.bytes().length;
		if (length > this.settings.maxMessageSize()) {
			throw new IpcMessageTooLargeException(name(), "request", payload.bytes().length,
					this.settings.maxMessageSize() - FrameDescriptor.HEADER_LENGTH);
		}
		if (!carried.isEmpty()) {
			byte[] combined = ContextCodec.prefix(carried, payload.bytes());
			if ((long) FrameDescriptor.HEADER_LENGTH + combined.length <= this.settings.maxMessageSize()) {
				payload = new Payload(payload.flags() | FrameDescriptor.FLAG_CONTEXT, combined);
			}
		}
		return payload;
	}

	/**
	 * Waits for a call within its deadline; at the deadline the call times out, and an
	 * interrupt cancels it.
	 */
	@Nullable Object await(Call call) {
		try {
			return call.result.get(Math.max(0, call.remainingNs()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			timeOut(call);
			return join(call);
		}
		catch (ExecutionException ex) {
			throw rethrown(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			cancel(call);
			throw new IpcException(name(), "Interrupted while waiting for request " + call.id, ex);
		}
	}

	private static @Nullable Object join(Call call) {
		try {
			return call.result.join();
		}
		catch (CompletionException ex) {
			throw rethrown(ex.getCause());
		}
	}

	static RuntimeException rethrown(@Nullable Throwable failure) {
		if (failure instanceof RuntimeException runtime) {
			return runtime;
		}
		return new IpcException(null, "Request failed", failure);
	}

	// ---------------------------------------------------------------------------------
	// Ending calls from the caller's side
	// ---------------------------------------------------------------------------------

	/**
	 * Times a call out. A queued call leaves the queue; one at a worker keeps its slot
	 * until the worker answers, since the worker is still busy with it, and the worker is
	 * killed if it still holds it {@code stuck-timeout} later.
	 */
	void timeOut(Call call) {
		boolean queued = this.dispatcher.withdraw(call);
		Worker holder = this.dispatcher.holder(call);
		if (this.calls.fail(call, new IpcTimeoutException(name(), call.id, Duration.ofNanos(call.timeoutNs),
				whereItWas(call, holder, queued)), Outcome.TIMEOUT) && holder != null) {
			this.supervisor.watchStuck(call, holder);
		}
	}

	/**
	 * Where a call was when it timed out, for its message: an operator can then tell a
	 * busy group (queued), a slow handler (held, sent long ago) and a lost frame apart.
	 */
	private String whereItWas(Call call, @Nullable Worker holder, boolean queued) {
		if (holder != null) {
			long sinceSentNs = call.sinceSentNs();
			String sent = (sinceSentNs < 0) ? "not yet written to its link"
					: "written to its link " + Duration.ofNanos(sinceSentNs).toMillis() + " ms before";
			return "held by worker " + holder + ", " + this.dispatcher.describe(holder) + "; " + sent;
		}
		return queued ? "still queued: no worker had room for it" : "not held by any worker";
	}

	void cancel(Call call) {
		this.dispatcher.withdraw(call);
		this.calls.fail(call, Dispatcher.cancelled(call), Outcome.CANCELLED);
	}

	/** Stops a stream: the worker stops producing it, and the call ends. */
	void cancelStream(StreamCall call, @Nullable Throwable failure) {
		if (call.isDone()) {
			return;
		}
		cancelInWorker(call);
		if (failure != null) {
			abortStream(call, failure);
		}
		else {
			cancel(call);
		}
	}

	/** Ends a stream with a failure of the caller's side, such as an unreadable item. */
	void abortStream(StreamCall call, Throwable failure) {
		cancelInWorker(call);
		this.dispatcher.withdraw(call);
		this.calls.fail(call, failure, Outcome.ERROR);
	}

	void cancelInWorker(Call call) {
		this.dispatcher.cancelInWorker(call);
	}

	// ---------------------------------------------------------------------------------
	// Streams
	// ---------------------------------------------------------------------------------

	Stream<@Nullable Object> stream(@Nullable Object request, Type itemType, @Nullable Duration timeout) {
		StreamCall call = this.calls.newStream(encode(request), itemType, timeoutOf(timeout).toNanos(),
				this.settings.streamWindow());
		admit(call, true);
		StreamCursor cursor = new StreamCursor(call, this, this.replies);
		// Tracks the cursor, which the stream's pipeline holds while anyone iterates, not
		// the stream's head, which a running forEach no longer needs; the action holds
		// only the call.
		CLEANER.register(cursor, () -> cancelStream(call, null));
		return StreamSupport.stream(Spliterators.spliteratorUnknownSize(cursor, Spliterator.ORDERED), false)
			.onClose(cursor::close);
	}

	StreamSubscriber.Subscription subscribe(@Nullable Object request, Type itemType, StreamSubscriber subscriber) {
		StreamCall call = this.calls.newStream(encode(request), itemType, this.settings.requestTimeout().toNanos(),
				this.settings.streamWindow());
		call.demandNothingYet();
		PushStream push = new PushStream(call, subscriber, this, this.replies, this.runtime.callbacks());
		call.push = push;
		// A subscriber may be an event loop: nothing here may wait.
		admit(call, false);
		return push;
	}

	// ---------------------------------------------------------------------------------
	// Many answers
	// ---------------------------------------------------------------------------------

	List<@Nullable Object> broadcast(@Nullable Object request, Type responseType, @Nullable Duration timeout) {
		Payload payload = encode(request);
		long timeoutNs = timeoutOf(timeout).toNanos();
		List<Call> sent = this.dispatcher.broadcast(() -> {
			Call call = this.calls.newCall(payload, responseType, timeoutNs);
			this.calls.accept(call);
			return call;
		});
		if (sent.isEmpty()) {
			throw new IpcException(name(), "ipc-worker group '" + name() + "' has no ready worker to broadcast to");
		}
		List<@Nullable Object> answers = new ArrayList<>();
		RuntimeException failure = null;
		for (Call call : sent) {
			try {
				answers.add(await(call));
			}
			catch (RuntimeException ex) {
				if (failure == null) {
					failure = ex;
				}
				else {
					failure.addSuppressed(ex);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		return answers;
	}

	/**
	 * One request per input, spread over the workers, answers in input order; at most the
	 * workers' capacity plus half the queue in flight at once, so any number of inputs
	 * fits. The first failure cancels what is left.
	 */
	List<@Nullable Object> map(Collection<?> inputs, Type responseType, @Nullable Duration timeout) {
		// Adaptive prefetch counts as 1: what the workers surely hold.
		int window = Math.max(1,
				this.settings.workers() * Math.max(1, this.settings.prefetch()) + this.settings.queueSize() / 2);
		Semaphore permits = new Semaphore(window);
		List<CompletableFuture<@Nullable Object>> futures = new ArrayList<>(inputs.size());
		CompletableFuture<Void> firstFailure = new CompletableFuture<>();
		try {
			for (Object input : inputs) {
				while (!permits.tryAcquire(50, TimeUnit.MILLISECONDS)) {
					if (firstFailure.isDone()) {
						break;
					}
				}
				if (firstFailure.isDone()) {
					break;
				}
				CompletableFuture<@Nullable Object> future = submit(input, responseType, timeout, true);
				future.whenComplete((value, ex) -> {
					permits.release();
					if (ex != null) {
						firstFailure.completeExceptionally(ex);
					}
				});
				futures.add(future);
			}
			CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
			CompletableFuture.anyOf(all, firstFailure).join();
			if (firstFailure.isCompletedExceptionally()) {
				futures.forEach((future) -> future.cancel(false));
				firstFailure.join();
			}
			List<@Nullable Object> answers = new ArrayList<>(futures.size());
			futures.forEach((future) -> answers.add(future.join()));
			return answers;
		}
		catch (CompletionException ex) {
			futures.forEach((future) -> future.cancel(false));
			throw rethrown(ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			futures.forEach((future) -> future.cancel(false));
			throw new IpcException(name(), "Interrupted while mapping over group '" + name() + "'", ex);
		}
	}

	/**
	 * The most requests a lazy or asynchronous map keeps sent and not yet taken by its
	 * reader: twice what the workers hold at once ({@code workers × prefetch}), so that
	 * while every worker runs one batch the next batch already waits in the queue and no
	 * worker idles between answers; more would only hold answers and inputs in memory and
	 * take queue room from other callers, since the workers are what bounds the
	 * throughput. Never more than the workers and the queue hold together, so a map alone
	 * never finds the queue full.
	 */
	int mapWindow() {
		// Adaptive prefetch counts as 1: a window sized for what workers may grow to
		// would
		// start requests long before a worker can take them, and their timeouts with
		// them.
		int capacity = Math.max(1, this.settings.workers() * Math.max(1, this.settings.prefetch()));
		return Math.max(1, Math.min(2 * capacity, capacity + this.settings.queueSize()));
	}

	/**
	 * One request per input, read from the inputs only as answers are taken, at most
	 * {@link #mapWindow()} sent and not taken; answers in input order or as they come.
	 */
	Stream<@Nullable Object> mapStream(Stream<?> inputs, Type responseType, boolean ordered,
			@Nullable Duration timeout) {
		MapCursor cursor = new MapCursor(name(), inputs, (input) -> submit(input, responseType, timeout, true),
				mapWindow(), ordered);
		// As for stream: a cursor dropped without closing still cancels what it sent.
		CLEANER.register(cursor, cursor.canceller());
		return StreamSupport
			.stream(Spliterators.spliteratorUnknownSize(cursor, ordered ? Spliterator.ORDERED : 0), false)
			.onClose(cursor::close);
	}

	/**
	 * One request per input, at most {@link #mapWindow()} in flight; the caller's thread
	 * sends the first window, each answer sends the next input from the callback executor
	 * without waiting there, with the caller's context captured once.
	 */
	CompletableFuture<List<@Nullable Object>> mapAsync(Collection<?> inputs, Type responseType,
			@Nullable Duration timeout) {
		Map<String, String> carried = this.context.capture();
		MapAsync map = new MapAsync(new ArrayList<>(inputs),
				(input, first) -> submit(input, responseType, timeout, first, carried), this.runtime.callbacks());
		return map.start(mapWindow());
	}

}
