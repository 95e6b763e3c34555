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
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.LinkClosedException;

/**
 * Delivers a stream to a {@link StreamSubscriber} as its items arrive, and grants the
 * worker credit from the subscriber's demand: the worker may be at most the stream window
 * ahead of what was delivered, and never beyond what was asked for. The request carries
 * no credit, so nothing is produced before the subscriber asks.
 */
final class PushStream implements StreamSubscriber.Subscription {

	private final WorkerGroup group;

	private final StreamCall call;

	private final StreamSubscriber subscriber;

	/** Total items asked for, saturating at {@link Long#MAX_VALUE}; guarded by this. */
	private long demanded;

	/** Items the worker was granted credit for; guarded by this. */
	private long granted;

	/** Items delivered; written by the reader thread, read under this. */
	private volatile long delivered;

	PushStream(WorkerGroup group, StreamCall call, StreamSubscriber subscriber) {
		this.group = group;
		this.call = call;
		this.subscriber = subscriber;
	}

	@Override
	public void request(long items) {
		if (items <= 0) {
			cancel();
			this.subscriber.onError(new IllegalArgumentException("request of " + items + " items; ask for 1 or more"));
			return;
		}
		synchronized (this) {
			this.demanded = (this.demanded + items < 0) ? Long.MAX_VALUE : this.demanded + items;
		}
		grant();
	}

	@Override
	public void cancel() {
		if (!this.call.isDone()) {
			this.group.cancelInWorker(this.call);
			this.group.cancel(this.call);
		}
	}

	/** An item frame arrived, on the reader thread. */
	void onItem(Frame frame) {
		Object item;
		try {
			item = this.group.decode(new Payload(frame.flags(), frame.payload()), this.call.responseType);
		}
		catch (IpcSerializationException ex) {
			this.group.cancelInWorker(this.call);
			this.group.abort(this.call, ex);
			return;
		}
		this.delivered++;
		this.subscriber.onItem(item);
		if (frame.type() == FrameType.STREAM_ITEM) {
			grant();
		}
	}

	/** The call ended, however it ended. */
	void onFinished() {
		Throwable failure = this.call.result.handle((value, ex) -> ex).join();
		if (failure == null) {
			this.subscriber.onComplete();
		}
		else {
			this.subscriber
				.onError((failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null)
						? failure.getCause() : failure);
		}
	}

	/**
	 * Grants credit up to the window beyond what was delivered, within the demand, in
	 * steps of at least half a window so that credit frames stay few.
	 */
	private void grant() {
		long credit;
		Worker worker = this.call.worker;
		synchronized (this) {
			long target = Math.min(this.delivered + this.call.window, this.demanded);
			credit = target - this.granted;
			boolean starved = this.granted == this.delivered;
			if (credit <= 0 || (!starved && credit < Math.max(1, this.call.window / 2))) {
				return;
			}
			this.granted = target;
		}
		if (worker == null || this.call.isDone()) {
			return;
		}
		try {
			worker.link.send(new Frame(FrameType.CREDIT, 0, worker.index, this.call.id, credit, 0, new byte[0]),
					Duration.ofNanos(this.call.timeoutNs));
		}
		catch (LinkClosedException | TimeoutException ex) {
			// The worker is gone or stuck; its end or the stuck timeout reports it.
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IpcException ex) {
			cancel();
		}
	}

}
