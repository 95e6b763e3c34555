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

import java.lang.reflect.Type;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import org.jspecify.annotations.Nullable;

/**
 * A request whose answer is read as a stream. Items are queued as they arrive, on the
 * link's reader thread, and read by the caller; the queue stays bounded because the
 * worker sends no more than the credit the caller granted ({@link #window} ahead of its
 * reading).
 */
final class StreamCall extends Call {

	/** Marks the end of the queue: the stream ended, failed or was cancelled. */
	static final Frame END = Frame.of(FrameType.STREAM_END, 0, 0);

	final BlockingQueue<Frame> items = new LinkedBlockingQueue<>();

	final int window;

	/**
	 * Credit the request itself grants: the window for a reader, none for a subscriber.
	 */
	final int initialCredit;

	/** Set for a stream delivered to a subscriber instead of queued. */
	volatile @Nullable PushStream push;

	StreamCall(long id, Payload payload, Type itemType, long timeoutNs, int window, int initialCredit) {
		super(id, payload, itemType, timeoutNs);
		this.window = window;
		this.initialCredit = initialCredit;
	}

	/** An item (or the single answer of a one-response handler) arrived, in order. */
	void deliver(Frame frame) {
		PushStream push = this.push;
		if (push != null) {
			push.onItem(frame);
		}
		else {
			this.items.add(frame);
		}
	}

	@Override
	void onFinished() {
		PushStream push = this.push;
		if (push != null) {
			push.onFinished();
		}
		else {
			this.items.add(END);
		}
	}

}
