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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.github.ipcworker.codec.PayloadCodec.Payload;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import org.jspecify.annotations.Nullable;

/**
 * Every call a group accepted and has not ended: their ids, their deadlines, and the one
 * way to end them. A call ends exactly once, through {@link #succeed} or {@link #fail},
 * which take it out of the table, record its outcome and complete its future; whoever
 * comes second does nothing. When a group stops, what is still in the table fails, so no
 * future is ever left pending, whatever path a call was on.
 */
final class CallTable {

	private final String group;

	private final String transport;

	private final GroupObserver observer;

	private final GroupRuntime runtime;

	private final LongSupplier ids;

	private final ConcurrentHashMap<Long, Call> open = new ConcurrentHashMap<>();

	CallTable(String group, String transport, GroupObserver observer, GroupRuntime runtime, LongSupplier ids) {
		this.group = group;
		this.transport = transport;
		this.observer = observer;
		this.runtime = runtime;
		this.ids = ids;
	}

	/** Makes a call with a fresh id; it counts as accepted once {@link #accept}ed. */
	Call newCall(Payload payload, Type responseType, long timeoutNs) {
		return new Call(this.ids.getAsLong(), payload, responseType, Math.max(1, timeoutNs), this.runtime);
	}

	/** Makes a stream call with a fresh id. */
	StreamCall newStream(Payload payload, Type itemType, long timeoutNs, int window) {
		return new StreamCall(this.ids.getAsLong(), payload, itemType, Math.max(1, timeoutNs), window, this.runtime);
	}

	/**
	 * Enters a call in the table before it is dispatched, so that a stop racing with the
	 * dispatch still finds it.
	 */
	void accept(Call call) {
		this.open.put(call.id, call);
	}

	/** Ends a call with its answer; false when it had ended already. */
	boolean succeed(Call call, @Nullable Object value) {
		if (!call.claimEnd()) {
			return false;
		}
		// The outcome is recorded before the future completes, so a caller that reads the
		// meters after its call returned finds its own request counted.
		ended(call, Outcome.SUCCESS);
		call.result.complete(value);
		call.onFinished();
		return true;
	}

	/** Ends a call with a failure; false when it had ended already. */
	boolean fail(Call call, Throwable failure, Outcome outcome) {
		if (!call.claimEnd()) {
			return false;
		}
		ended(call, outcome);
		call.result.completeExceptionally(failure);
		call.onFinished();
		return true;
	}

	/**
	 * Ends a call the group refused before it got anywhere (not running, down), with no
	 * outcome recorded.
	 */
	void reject(Call call, Throwable failure) {
		if (call.claimEnd()) {
			this.open.remove(call.id, call);
			call.result.completeExceptionally(failure);
			call.onFinished();
		}
	}

	private void ended(Call call, Outcome outcome) {
		this.open.remove(call.id, call);
		call.timeoutTask.cancel();
		this.observer.requestCompleted(this.group, this.transport, outcome, call.elapsedNs());
	}

	/**
	 * Runs {@code onDeadline} at the call's deadline unless the call ended first; for
	 * calls nobody waits on.
	 */
	void scheduleDeadline(Call call, GroupRuntime.@Nullable Threads threads, Runnable onDeadline) {
		if (threads != null && !call.isDone()) {
			call.timeoutTask = threads.schedule(onDeadline, call.remainingNs());
			if (call.isDone()) {
				// Ended while being scheduled: the end may have missed the task.
				call.timeoutTask.cancel();
			}
		}
	}

	/**
	 * Fails every call still open; the group stopped.
	 * @param failure the failure for each call
	 */
	void failAll(Function<Call, Throwable> failure) {
		for (Call call : new ArrayList<>(this.open.values())) {
			fail(call, failure.apply(call), Outcome.CANCELLED);
		}
	}

	/**
	 * Returns how many accepted calls have not ended.
	 * @return the number of open calls
	 */
	int openCalls() {
		return this.open.size();
	}

}
