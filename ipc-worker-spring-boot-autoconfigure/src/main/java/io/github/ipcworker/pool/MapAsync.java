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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

/**
 * A map whose answers come as one future: the first window of requests is sent on the
 * caller's thread, then every answer sends the next input, on the callback executor so
 * that no link reader encodes requests. The first failure fails the whole and cancels
 * what is in flight; so does cancelling the returned future.
 */
final class MapAsync {

	private final List<?> inputs;

	/**
	 * Sends an input; the flag says whether the sending thread may wait (the caller's).
	 */
	private final BiFunction<Object, Boolean, CompletableFuture<@Nullable Object>> send;

	private final Executor callbacks;

	private final @Nullable Object[] answers;

	private final CompletableFuture<List<@Nullable Object>> result = new CompletableFuture<>();

	private final Set<CompletableFuture<@Nullable Object>> inFlight = ConcurrentHashMap.newKeySet();

	/** The next input to send. Guarded by this. */
	private int next;

	/** Answers still to come. Guarded by this. */
	private int remaining;

	MapAsync(List<?> inputs, BiFunction<Object, Boolean, CompletableFuture<@Nullable Object>> send,
			Executor callbacks) {
		this.inputs = inputs;
		this.send = send;
		this.callbacks = callbacks;
		this.answers = new Object[inputs.size()];
		this.remaining = inputs.size();
		this.result.whenComplete((value, failure) -> {
			if (failure != null) {
				cancelInFlight();
			}
		});
	}

	CompletableFuture<List<@Nullable Object>> start(int window) {
		if (this.inputs.isEmpty()) {
			this.result.complete(new ArrayList<>());
		}
		for (int i = 0; i < window && !this.result.isDone(); i++) {
			sendNext(true);
		}
		return this.result;
	}

	private void sendNext(boolean mayWait) {
		int index;
		synchronized (this) {
			if (this.next >= this.inputs.size() || this.result.isDone()) {
				return;
			}
			index = this.next++;
		}
		CompletableFuture<@Nullable Object> answer;
		try {
			answer = this.send.apply(this.inputs.get(index), mayWait);
		}
		catch (RuntimeException ex) {
			this.result.completeExceptionally(ex);
			return;
		}
		this.inFlight.add(answer);
		if (this.result.isDone()) {
			// Failed while this one was being sent, after the others were cancelled.
			answer.cancel(false);
		}
		answer.whenCompleteAsync((value, failure) -> {
			this.inFlight.remove(answer);
			if (failure != null) {
				this.result.completeExceptionally(unwrapped(failure));
				return;
			}
			if (answered(index, value)) {
				this.result.complete(new ArrayList<>(Arrays.asList(this.answers)));
			}
			else {
				sendNext(false);
			}
		}, this.callbacks);
	}

	/** Records an answer; whether it was the last. */
	private synchronized boolean answered(int index, @Nullable Object value) {
		this.answers[index] = value;
		return --this.remaining == 0;
	}

	private void cancelInFlight() {
		for (CompletableFuture<@Nullable Object> answer : this.inFlight) {
			answer.cancel(false);
		}
	}

	private static Throwable unwrapped(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

}
