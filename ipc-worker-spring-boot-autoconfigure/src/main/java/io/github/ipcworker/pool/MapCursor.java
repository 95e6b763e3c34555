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

import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;
import java.util.stream.Stream;

import io.github.ipcworker.IpcException;
import org.jspecify.annotations.Nullable;

/**
 * The reading side of a lazy map: sends one request per input and hands out the answers,
 * in input order or as they come. Inputs are read on the reader's thread, only when it
 * asks for an answer and fewer than the window are sent and not taken; so the inputs may
 * be endless, and neither they nor the answers pile up. Not thread-safe, like the
 * iterator of any stream; only the cancelling ({@link #canceller()}) may run elsewhere.
 */
final class MapCursor implements Iterator<@Nullable Object> {

	private final String group;

	private final Stream<?> source;

	private final Iterator<?> inputs;

	private final Function<Object, CompletableFuture<@Nullable Object>> send;

	private final int window;

	private final boolean ordered;

	/**
	 * Requests sent and not taken, in input order; concurrent because the cleaner of a
	 * dropped cursor cancels them from its own thread.
	 */
	private final Deque<CompletableFuture<@Nullable Object>> sent = new ConcurrentLinkedDeque<>();

	/** Answered requests in the order they completed; for the unordered reading only. */
	private final BlockingQueue<CompletableFuture<@Nullable Object>> completed = new LinkedBlockingQueue<>();

	/** How many are in {@link #sent}; counted here because the deque counts slowly. */
	private int outstanding;

	/** Closed, failed or read to the end: nothing more is read or sent. */
	private boolean finished;

	MapCursor(String group, Stream<?> source, Function<Object, CompletableFuture<@Nullable Object>> send, int window,
			boolean ordered) {
		this.group = group;
		this.source = source;
		this.inputs = source.iterator();
		this.send = send;
		this.window = window;
		this.ordered = ordered;
	}

	@Override
	public boolean hasNext() {
		if (this.finished) {
			return false;
		}
		fill();
		if (this.outstanding == 0) {
			this.finished = true;
			return false;
		}
		return true;
	}

	@Override
	public @Nullable Object next() {
		if (!hasNext()) {
			throw new NoSuchElementException();
		}
		CompletableFuture<@Nullable Object> answer = this.ordered ? this.sent.peekFirst() : takeCompleted();
		Object value = await(answer);
		this.sent.remove(answer);
		this.outstanding--;
		return value;
	}

	/**
	 * Sends inputs until the window is full or the inputs end. An input stream that
	 * throws ends the map as a failed request does.
	 */
	private void fill() {
		while (this.outstanding < this.window) {
			CompletableFuture<@Nullable Object> answer;
			try {
				if (!this.inputs.hasNext()) {
					return;
				}
				answer = this.send.apply(this.inputs.next());
			}
			catch (RuntimeException ex) {
				fail();
				throw ex;
			}
			this.sent.addLast(answer);
			this.outstanding++;
			if (!this.ordered) {
				answer.whenComplete((value, failure) -> this.completed.add(answer));
			}
		}
	}

	private CompletableFuture<@Nullable Object> takeCompleted() {
		try {
			return this.completed.take();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail();
			throw new IpcException(this.group, "Interrupted while mapping over group '" + this.group + "'", ex);
		}
	}

	/**
	 * Waits for one answer. No timeout here: each request has its own deadline, which
	 * ends its future.
	 */
	private @Nullable Object await(CompletableFuture<@Nullable Object> answer) {
		try {
			return answer.get();
		}
		catch (ExecutionException ex) {
			fail();
			throw Requests.rethrown(ex.getCause());
		}
		catch (CancellationException ex) {
			fail();
			throw new IpcException(this.group, "A request of a map over group '" + this.group + "' was cancelled", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			fail();
			throw new IpcException(this.group, "Interrupted while mapping over group '" + this.group + "'", ex);
		}
	}

	/** One request failed: the others are cancelled and nothing more is sent. */
	private void fail() {
		this.finished = true;
		cancelAll(this.sent);
		this.outstanding = 0;
	}

	/** Cancels what is in flight and closes the inputs; the stream's close action. */
	void close() {
		fail();
		this.source.close();
	}

	/**
	 * Returns what cancels the requests in flight, holding no reference to this cursor,
	 * for a cleaner that runs once the cursor is unreachable.
	 * @return the cancelling action
	 */
	Runnable canceller() {
		Deque<CompletableFuture<@Nullable Object>> requests = this.sent;
		return () -> cancelAll(requests);
	}

	private static void cancelAll(Deque<CompletableFuture<@Nullable Object>> requests) {
		CompletableFuture<@Nullable Object> request;
		while ((request = requests.pollFirst()) != null) {
			request.cancel(false);
		}
	}

}
