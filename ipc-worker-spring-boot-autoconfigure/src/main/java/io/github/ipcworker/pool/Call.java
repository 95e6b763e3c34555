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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import org.jspecify.annotations.Nullable;

/**
 * One request from the moment a caller makes it until it ends: waiting in the queue, in
 * flight at a worker, answered, failed, timed out or cancelled. Its future completes
 * exactly once, through the {@link CallTable}, which records the outcome.
 */
sealed class Call permits StreamCall {

	final long id;

	final Payload payload;

	final Type responseType;

	final long startNs;

	final long deadlineNs;

	final long timeoutNs;

	final CompletableFuture<@Nullable Object> result = new CompletableFuture<>();

	/**
	 * The worker holding the call; written under the dispatcher's lock, read without it
	 * only as a hint.
	 */
	volatile @Nullable Worker worker;

	/**
	 * Whether the request was written to a worker's link, and when it was last handed to
	 * a worker after waiting in the queue (0 if it went out at once, when its start time
	 * serves). For the message of a timeout only, so plain fields: a stale read there is
	 * harmless, and a request sent at once costs no clock read.
	 */
	private boolean sent;

	private long handedOverAtNs;

	/**
	 * How many times the call was given to a worker; guarded by the dispatcher's lock.
	 */
	int attempts;

	/**
	 * Whether its worker held nothing else when it got the call; guarded by the
	 * dispatcher's lock. Adaptive prefetch measures the transport's gap on such calls.
	 */
	boolean alone;

	/** Cancels the deadline of a call nobody waits on; set once it is scheduled. */
	volatile GroupRuntime.Cancellable timeoutTask = GroupRuntime.Cancellable.NONE;

	/** Set once by whoever ends the call, so its outcome is recorded exactly once. */
	private final AtomicBoolean ended = new AtomicBoolean();

	private final GroupRuntime clock;

	Call(long id, Payload payload, Type responseType, long timeoutNs, GroupRuntime clock) {
		this.id = id;
		this.payload = payload;
		this.responseType = responseType;
		this.timeoutNs = timeoutNs;
		this.clock = clock;
		this.startNs = clock.nanoTime();
		this.deadlineNs = this.startNs + timeoutNs;
	}

	/**
	 * Called once when the call ends, however it ends.
	 */
	void onFinished() {
	}

	/**
	 * Whether the call may be given to a second worker when the first died with it: a
	 * plain request may, with {@code retry-on-crash}; a stream never, since its caller
	 * has read items already.
	 */
	boolean retriable() {
		return true;
	}

	boolean isDone() {
		return this.result.isDone();
	}

	/**
	 * Claims the right to end this call.
	 * @return whether the caller is the one to end it
	 */
	boolean claimEnd() {
		return this.ended.compareAndSet(false, true);
	}

	/** Notes that the request, which waited, is now being handed to a worker. */
	void markHandedOver() {
		this.handedOverAtNs = this.clock.nanoTime();
	}

	/** Notes that the request has been written to its worker's link. */
	void markSent() {
		this.sent = true;
	}

	/** How long ago the request was written to a link, or -1 if it never was. */
	long sinceSentNs() {
		if (!this.sent) {
			return -1;
		}
		long handedOverAtNs = this.handedOverAtNs;
		return Math.max(0, this.clock.nanoTime() - ((handedOverAtNs != 0) ? handedOverAtNs : this.startNs));
	}

	/**
	 * How long ago the request last went to a worker: from its hand-over after waiting in
	 * the queue, else from its start. A hint (see the fields), for adaptive prefetch.
	 */
	long sinceHandedOverNs(long nowNs) {
		long handedOverAtNs = this.handedOverAtNs;
		return nowNs - ((handedOverAtNs != 0) ? handedOverAtNs : this.startNs);
	}

	long nowNs() {
		return this.clock.nanoTime();
	}

	long remainingNs() {
		return this.deadlineNs - this.clock.nanoTime();
	}

	long elapsedNs() {
		return this.clock.nanoTime() - this.startNs;
	}

	@Override
	public String toString() {
		return "request " + this.id;
	}

}
