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

import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;

/**
 * A stream delivered to a {@link StreamSubscriber}, paced by its demand. Items and the
 * end reach the subscriber one at a time, in order, on the callback executor: never on a
 * link's reader, which must not run user code.
 */
final class PushStream implements StreamSubscriber.Subscription {

	private final StreamCall call;

	private final StreamSubscriber subscriber;

	private final Requests requests;

	private final Replies replies;

	private final Executor callbacks;

	private final ConcurrentLinkedQueue<Runnable> signals = new ConcurrentLinkedQueue<>();

	private final AtomicInteger pending = new AtomicInteger();

	/** Set once the subscriber got its end; only the delivering thread touches it. */
	private boolean ended;

	PushStream(StreamCall call, StreamSubscriber subscriber, Requests requests, Replies replies, Executor callbacks) {
		this.call = call;
		this.subscriber = subscriber;
		this.requests = requests;
		this.replies = replies;
		this.callbacks = callbacks;
	}

	@Override
	public void request(long items) {
		if (items <= 0) {
			this.requests.cancelStream(this.call,
					new IllegalArgumentException("request of " + items + " items; ask for 1 or more"));
			return;
		}
		this.call.demand(items);
	}

	@Override
	public void cancel() {
		this.requests.cancelStream(this.call, null);
	}

	/** An item frame arrived, within the credit. */
	void onItem(Frame frame) {
		signal(() -> {
			if (this.ended) {
				return;
			}
			Object item;
			try {
				item = this.replies.decode(new Payload(frame.flags(), frame.payload()), this.call.responseType);
			}
			catch (IpcSerializationException ex) {
				this.requests.abortStream(this.call, ex);
				return;
			}
			if (!this.ended) {
				this.subscriber.onItem(item);
				if (frame.type() == FrameType.STREAM_ITEM) {
					this.call.consumed();
				}
			}
		});
	}

	/** The call ended, however it ended: after the items before it. */
	void onFinished() {
		signal(() -> {
			if (this.ended) {
				return;
			}
			this.ended = true;
			Throwable failure = this.call.result.handle((value, ex) -> ex).join();
			if (failure == null) {
				this.subscriber.onComplete();
			}
			else {
				this.subscriber.onError(unwrap(failure));
			}
		});
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/**
	 * Queues a signal and, unless another thread is delivering, delivers the queue on the
	 * callback executor, one signal at a time.
	 */
	private void signal(Runnable signal) {
		this.signals.add(signal);
		if (this.pending.getAndIncrement() == 0) {
			this.callbacks.execute(this::drain);
		}
	}

	private void drain() {
		int missed = 1;
		do {
			Runnable next;
			while ((next = this.signals.poll()) != null) {
				try {
					next.run();
				}
				catch (RuntimeException ex) {
					// A subscriber that throws loses its stream, not the delivery thread.
					this.requests.abortStream(this.call, ex);
				}
			}
			missed = this.pending.addAndGet(-missed);
		}
		while (missed != 0);
	}

	@Override
	public String toString() {
		return "PushStream[" + this.call + "]";
	}

}
