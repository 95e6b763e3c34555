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
 * A call whose answer is a stream of items, and the credit that paces it.
 * <p>
 * Credit: the worker may send only as many items as it was granted, first in the request
 * frame, then in CREDIT frames. The grant follows the caller: at most {@code window}
 * items beyond those it consumed, and never beyond its demand (a subscriber's requests; a
 * reader's demand is unbounded). No credit goes out before the request frame has been
 * written, so a CREDIT frame never overtakes its request; demand that comes earlier is
 * carried by the request itself. The worker is trusted with nothing: an item beyond the
 * credit granted is a protocol error.
 */
final class StreamCall extends Call {

	/** Marks the end of the queue: the stream ended, failed or was cancelled. */
	static final Frame END = Frame.of(FrameType.STREAM_END, 0, 0);

	/** Items for a reader; unused when a subscriber takes the items. */
	final BlockingQueue<Frame> items = new LinkedBlockingQueue<>();

	final int window;

	/** Set for a stream delivered to a subscriber instead of queued. */
	volatile @Nullable PushStream push;

	/** Where credit goes once the request was sent; set by the dispatcher. */
	volatile @Nullable CreditLine creditLine;

	/** Items the caller asked for in all, saturating; guarded by this. */
	private long demanded = Long.MAX_VALUE;

	/** Items the caller consumed; guarded by this. */
	private long consumed;

	/**
	 * Items the worker was allowed, the request's own credit included; guarded by this.
	 */
	private long granted;

	/** Items that arrived; guarded by this. */
	private long received;

	/** Whether the request frame has been written; guarded by this. */
	private boolean sent;

	StreamCall(long id, Payload payload, Type itemType, long timeoutNs, int window, GroupRuntime clock) {
		super(id, payload, itemType, timeoutNs, clock);
		this.window = window;
	}

	@Override
	boolean retriable() {
		return false;
	}

	/** Starts a subscriber's stream with no demand: it asks with {@link #demand}. */
	synchronized void demandNothingYet() {
		this.demanded = 0;
	}

	/**
	 * Returns the credit to put in the request frame, counted as granted.
	 * @return the credit
	 */
	synchronized long creditForRequest() {
		long target = target();
		this.granted = target;
		return target;
	}

	/** The request frame was written: credit may follow it. */
	void requestSent() {
		synchronized (this) {
			this.sent = true;
		}
		grantIfDue();
	}

	/** The caller asked for more items. */
	void demand(long items) {
		synchronized (this) {
			this.demanded = (this.demanded + items < 0) ? Long.MAX_VALUE : this.demanded + items;
		}
		grantIfDue();
	}

	/** The caller took an item. */
	void consumed() {
		synchronized (this) {
			this.consumed++;
		}
		grantIfDue();
	}

	/**
	 * Counts an item that arrived.
	 * @return whether it was within the credit granted
	 */
	synchronized boolean arrived() {
		this.received++;
		return this.received <= this.granted;
	}

	synchronized long granted() {
		return this.granted;
	}

	synchronized long received() {
		return this.received;
	}

	private long target() {
		return Math.min(this.consumed + this.window, this.demanded);
	}

	/**
	 * Sends credit when the worker has used half its window, or has none left, so that
	 * CREDIT frames stay few.
	 */
	private void grantIfDue() {
		long credit;
		synchronized (this) {
			if (!this.sent || isDone()) {
				return;
			}
			long target = target();
			credit = target - this.granted;
			boolean starved = this.granted == this.consumed;
			if (credit <= 0 || (!starved && credit < Math.max(1, this.window / 2))) {
				return;
			}
			this.granted = target;
		}
		CreditLine line = this.creditLine;
		if (line != null) {
			line.grant(this, credit);
		}
	}

	/** An item arrived, in order, within the credit. */
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

	/**
	 * Sends credit to the worker holding a stream, without blocking the caller.
	 */
	@FunctionalInterface
	interface CreditLine {

		void grant(StreamCall call, long credit);

	}

}
