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
package io.github.ipcworker.reactor;

import java.lang.reflect.Type;
import java.util.Queue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * One request per input of a publisher, answers in input order: the subscription behind
 * {@link ReactorIpcClient#map}. An input is pulled from upstream only when the subscriber
 * has asked for its answer and fewer than {@code window} inputs are pulled but not yet
 * delivered, so a slow subscriber stops the requests instead of piling up answers. The
 * first failure, of a request or of the inputs, ends the output at once and cancels what
 * is left, as the blocking map does.
 * <p>
 * Every signal to the subscriber goes out of {@link #drain()}, which one thread runs at a
 * time (the usual work-in-progress counter): signals from the inputs, the answers and the
 * subscriber only record what happened and call it.
 */
final class OrderedMap<T> implements Subscription {

	private final Subscriber<? super T> downstream;

	private final WorkerGroup group;

	private final Type responseType;

	private final int window;

	/** The answers to come, in input order. */
	private final Queue<CompletableFuture<@Nullable Object>> pending = new ConcurrentLinkedQueue<>();

	private final AtomicLong requested = new AtomicLong();

	private final AtomicInteger wip = new AtomicInteger();

	private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();

	private volatile @Nullable Subscription upstream;

	private volatile boolean upstreamDone;

	private volatile boolean cancelled;

	/**
	 * Set once the subscriber got its last signal or cancelled; read without the drain.
	 */
	private volatile boolean terminated;

	// Touched only inside drain().
	private long emitted;

	private long pulled;

	OrderedMap(Subscriber<? super T> downstream, WorkerGroup group, Type responseType, int window) {
		this.downstream = downstream;
		this.group = group;
		this.responseType = responseType;
		this.window = window;
	}

	/** Hands the subscription to the subscriber, then subscribes to the inputs. */
	void start(Publisher<?> inputs) {
		this.downstream.onSubscribe(this);
		inputs.subscribe(new Inputs());
	}

	@Override
	public void request(long n) {
		if (n <= 0) {
			this.failure.compareAndSet(null,
					new IllegalArgumentException("Rule 3.9: the demand must be positive, was " + n));
		}
		else {
			this.requested.getAndUpdate((r) -> (r + n < 0) ? Long.MAX_VALUE : r + n);
		}
		drain();
	}

	@Override
	public void cancel() {
		this.cancelled = true;
		drain();
	}

	private void drain() {
		if (this.wip.getAndIncrement() != 0) {
			return;
		}
		int missed = 1;
		do {
			if (this.terminated) {
				// An input may have gone out while the output ended: forget its answer.
				cancelPending();
			}
			else {
				step();
			}
			missed = this.wip.addAndGet(-missed);
		}
		while (missed != 0);
	}

	@SuppressWarnings("unchecked")
	private void step() {
		if (this.cancelled) {
			terminate();
			return;
		}
		Throwable failed = this.failure.get();
		if (failed != null) {
			terminate();
			this.downstream.onError(failed);
			return;
		}
		long demand = this.requested.get();
		while (this.emitted < demand) {
			CompletableFuture<@Nullable Object> head = this.pending.peek();
			if (head == null || !head.isDone()) {
				break;
			}
			this.pending.poll();
			Object answer;
			try {
				answer = head.join();
			}
			catch (CompletionException | CancellationException ex) {
				terminate();
				this.downstream.onError(unwrap(ex));
				return;
			}
			if (answer == null) {
				terminate();
				this.downstream.onError(new IpcSerializationException(this.group.name(),
						"A worker of group '" + this.group.name() + "' answered null, which a Flux cannot emit", null));
				return;
			}
			this.emitted++;
			this.downstream.onNext((T) answer);
			if (this.cancelled) {
				terminate();
				return;
			}
		}
		if (this.upstreamDone && this.pending.isEmpty()) {
			// The inputs' failure is set before upstreamDone, so it is seen here.
			Throwable last = this.failure.get();
			terminate();
			if (last != null) {
				this.downstream.onError(last);
			}
			else {
				this.downstream.onComplete();
			}
			return;
		}
		Subscription inputs = this.upstream;
		if (inputs != null && !this.upstreamDone) {
			long wanted = Math.min(this.window, demand - this.emitted);
			long outstanding = this.pulled - this.emitted;
			if (outstanding < wanted) {
				this.pulled += wanted - outstanding;
				// May deliver inputs on this thread; their drain() calls loop here.
				inputs.request(wanted - outstanding);
			}
		}
	}

	/** Ends the output: no more inputs, and the requests not answered are forgotten. */
	private void terminate() {
		this.terminated = true;
		Subscription inputs = this.upstream;
		if (inputs != null) {
			inputs.cancel();
		}
		cancelPending();
	}

	private void cancelPending() {
		CompletableFuture<@Nullable Object> future;
		while ((future = this.pending.poll()) != null) {
			future.cancel(false);
		}
	}

	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/** Receives the inputs; the reactive-streams rules serialize these calls. */
	private final class Inputs implements CoreSubscriber<Object> {

		@Override
		public Context currentContext() {
			return (OrderedMap.this.downstream instanceof CoreSubscriber<?> core) ? core.currentContext()
					: Context.empty();
		}

		@Override
		public void onSubscribe(Subscription subscription) {
			OrderedMap.this.upstream = subscription;
			if (OrderedMap.this.terminated) {
				subscription.cancel();
				return;
			}
			drain();
		}

		@Override
		public void onNext(Object input) {
			if (OrderedMap.this.terminated) {
				return;
			}
			CompletableFuture<@Nullable Object> answer;
			try {
				// Never waits: a full queue fails the request with IpcBusyException.
				answer = OrderedMap.this.group.submitWithoutWaiting(input, OrderedMap.this.responseType);
			}
			catch (RuntimeException ex) {
				answer = CompletableFuture.failedFuture(ex);
			}
			OrderedMap.this.pending.offer(answer);
			// Answers complete on a worker's reader thread: hand them over, as the group
			// does for streams, so a slow subscriber never holds up its worker's answers.
			answer.whenCompleteAsync((value, ex) -> {
				if (ex != null && !(ex instanceof CancellationException)) {
					OrderedMap.this.failure.compareAndSet(null, unwrap(ex));
				}
				drain();
			}, ForkJoinPool.commonPool());
			if (OrderedMap.this.terminated) {
				// The output ended while this input went out: forget it now, not when
				// its answer comes.
				drain();
			}
		}

		@Override
		public void onError(Throwable failure) {
			OrderedMap.this.failure.compareAndSet(null, failure);
			OrderedMap.this.upstreamDone = true;
			drain();
		}

		@Override
		public void onComplete() {
			OrderedMap.this.upstreamDone = true;
			drain();
		}

	}

}
