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

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream's items on the caller's thread, as the iterator behind the
 * {@link java.util.stream.Stream} a caller gets. Each item it hands out tops up the
 * worker's credit ({@link StreamCall#consumed}).
 */
final class StreamCursor implements Iterator<@Nullable Object> {

	private final StreamCall call;

	private final Requests requests;

	private final Replies replies;

	private boolean hasNext;

	private @Nullable Object next;

	private boolean done;

	StreamCursor(StreamCall call, Requests requests, Replies replies) {
		this.call = call;
		this.requests = requests;
		this.replies = replies;
	}

	@Override
	public boolean hasNext() {
		if (this.hasNext) {
			return true;
		}
		if (this.done) {
			return false;
		}
		Frame frame;
		try {
			frame = this.call.items.poll(this.call.timeoutNs, TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new IpcException(this.requests.name(),
					"Interrupted while reading the stream of request " + this.call.id, ex);
		}
		if (frame == null) {
			// No item within the timeout: the worker is slow or stuck; stop it.
			this.done = true;
			this.requests.cancelInWorker(this.call);
			this.requests.timeOut(this.call);
			throw Requests.rethrown(this.call.result.handle((value, ex) -> ex).join());
		}
		if (frame == StreamCall.END) {
			this.done = true;
			Throwable failure = this.call.result.handle((value, ex) -> ex).join();
			if (failure != null) {
				throw Requests.rethrown(failure);
			}
			return false;
		}
		try {
			this.next = this.replies.decode(new Payload(frame.flags(), frame.payload()), this.call.responseType);
		}
		catch (IpcException ex) {
			close();
			throw ex;
		}
		this.hasNext = true;
		this.call.consumed();
		return true;
	}

	@Override
	public @Nullable Object next() {
		if (!hasNext()) {
			throw new NoSuchElementException("the stream of request " + this.call.id + " has ended");
		}
		this.hasNext = false;
		Object value = this.next;
		this.next = null;
		return value;
	}

	/** Stops the stream early: the worker stops producing it. */
	void close() {
		this.done = true;
		this.requests.cancelStream(this.call, null);
	}

}
