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
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;
import org.jspecify.annotations.Nullable;

/**
 * Reads a stream's items for its caller, granting the worker credit as it goes: once half
 * of the window is read, the worker's credit is topped back up to the window, so a reader
 * that keeps up never makes the worker wait, and one that does not holds it at most a
 * window ahead.
 */
final class StreamCursor implements Iterator<@Nullable Object> {

	private final WorkerGroup group;

	private final StreamCall call;

	private long received;

	private long granted;

	private boolean hasNext;

	private @Nullable Object next;

	private boolean done;

	StreamCursor(WorkerGroup group, StreamCall call) {
		this.group = group;
		this.call = call;
		this.granted = call.window;
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
			throw new IpcException(this.group.name(), "Interrupted while reading the stream of request " + this.call.id,
					ex);
		}
		if (frame == null) {
			// No item within the timeout: the worker is slow or stuck; stop it.
			this.done = true;
			this.group.timeOut(this.call);
			this.group.cancelInWorker(this.call);
			throw WorkerGroup.rethrown(this.call.result.handle((value, ex) -> ex).join());
		}
		if (frame == StreamCall.END) {
			this.done = true;
			Throwable failure = this.call.result.handle((value, ex) -> ex).join();
			if (failure != null) {
				throw WorkerGroup.rethrown(failure);
			}
			return false;
		}
		try {
			this.next = this.group.decode(new Payload(frame.flags(), frame.payload()), this.call.responseType);
		}
		catch (IpcException ex) {
			close();
			throw ex;
		}
		this.hasNext = true;
		this.received++;
		grantCredit();
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

	/** Tops the worker's credit back up to the window once half of it is read. */
	private void grantCredit() {
		long outstanding = this.granted - this.received;
		if (outstanding > this.call.window / 2) {
			return;
		}
		long grant = this.call.window - outstanding;
		Worker worker = this.call.worker;
		if (worker == null || this.call.isDone()) {
			return;
		}
		try {
			worker.link.send(new Frame(FrameType.CREDIT, 0, worker.index, this.call.id, grant, 0, new byte[0]),
					Duration.ofNanos(this.call.timeoutNs));
			this.granted += grant;
		}
		catch (LinkClosedException | TimeoutException ex) {
			// The worker is gone or stuck; its end or the next timeout reports it.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	void close() {
		if (this.done && this.call.isDone()) {
			return;
		}
		this.done = true;
		if (!this.call.isDone()) {
			this.group.cancelInWorker(this.call);
			this.group.cancel(this.call);
		}
	}

}
