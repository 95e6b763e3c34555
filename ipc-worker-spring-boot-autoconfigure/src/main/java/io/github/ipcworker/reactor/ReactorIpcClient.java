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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;

import io.github.ipcworker.IpcException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.GroupDirectory;
import io.github.ipcworker.pool.StreamSubscriber;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Calls worker groups with Project Reactor types, for reactive applications. A stream is
 * a {@link Flux} whose demand drives the worker: it produces nothing until the subscriber
 * asks, and at most the group's {@code stream-window} items beyond what was delivered;
 * cancelling the subscription cancels the work in the worker. There is no timeout between
 * items here: use {@link Flux#timeout(java.time.Duration)}.
 * <p>
 * No method blocks the subscribing thread, so they may be subscribed to on an event loop:
 * a request that finds the group's queue full fails at once with
 * {@link io.github.ipcworker.IpcBusyException} instead of waiting for room. Failures
 * reach the subscriber as {@code onError}, with the exceptions
 * {@link io.github.ipcworker.IpcClient} throws. Signals never arrive on the threads that
 * read the workers' answers, so a slow subscriber holds up no other caller.
 */
public class ReactorIpcClient {

	/** Where answers reach subscribers: the executor the group hands stream items to. */
	private static final Scheduler CALLBACKS = Schedulers.fromExecutor(ForkJoinPool.commonPool());

	private final GroupDirectory groups;

	/**
	 * Creates a client over groups.
	 * @param groups the groups
	 */
	public ReactorIpcClient(GroupDirectory groups) {
		this.groups = groups;
	}

	/**
	 * Sends a request to a streaming worker; the items arrive as the subscriber asks.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param <T> the item type
	 * @return the items
	 */
	public <T> Flux<T> stream(String group, Object request, Class<T> itemType) {
		return stream(group, request, (Type) itemType);
	}

	/**
	 * Sends a request to a streaming worker, for items of a generic type.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param <T> the item type
	 * @return the items
	 */
	public <T> Flux<T> stream(String group, Object request, ParameterizedTypeReference<T> itemType) {
		return stream(group, request, itemType.getType());
	}

	/**
	 * Sends a request and emits its response once it arrives, within the group's request
	 * timeout; cancelling forgets it. A {@code null} answer completes it empty.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the response
	 */
	public <T> Mono<T> call(String group, Object request, Class<T> responseType) {
		return call(group, request, (Type) responseType);
	}

	/**
	 * Sends a request and emits its response of a generic type once it arrives.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the response
	 * @see #call(String, Object, Class)
	 */
	public <T> Mono<T> call(String group, Object request, ParameterizedTypeReference<T> responseType) {
		return call(group, request, responseType.getType());
	}

	/**
	 * Sends one request per input, spread over the group's workers, and emits the answers
	 * in the order of the inputs: the reactive counterpart of
	 * {@link io.github.ipcworker.IpcClient#map}, for inputs too many to hold. An input is
	 * read only when the subscriber has asked for its answer, and at most a window of
	 * inputs is read but not yet emitted (the group's workers times its {@code prefetch},
	 * plus half its {@code queue-size}, as for the blocking map), so a slow subscriber
	 * holds back the requests rather than piling up answers. The first failure, of a
	 * request or of the inputs, ends the output at once and cancels the requests not
	 * answered. Cancelling cancels them too, and the subscription to the inputs. A
	 * {@code null} answer fails with {@link IpcSerializationException}.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in input order
	 */
	public <T> Flux<T> map(String group, Publisher<?> inputs, Class<T> responseType) {
		return map(group, inputs, (Type) responseType);
	}

	/**
	 * Sends one request per input and emits the answers, of a generic type, in the order
	 * of the inputs.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in input order
	 * @see #map(String, Publisher, Class)
	 */
	public <T> Flux<T> map(String group, Publisher<?> inputs, ParameterizedTypeReference<T> responseType) {
		return map(group, inputs, responseType.getType());
	}

	/**
	 * Sends a request to every ready worker of a group, each exactly once, and emits
	 * every worker's answer as one list.
	 * <p>
	 * A {@code Mono<List<T>>} rather than a {@code Flux<T>}, to mirror
	 * {@link io.github.ipcworker.IpcClient#broadcast}: the answers come by worker index,
	 * which only the whole list keeps, a worker may answer {@code null}, which a list
	 * holds and a {@code Flux} cannot emit, and the broadcast succeeds or fails as a
	 * whole (the first failure, the others suppressed), so a {@code Flux} would have
	 * nothing to emit early. The group waits for the answers on a thread of
	 * {@link Schedulers#boundedElastic()}, never on the subscribing thread; cancelling
	 * forgets the requests.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, by worker index
	 */
	public <T> Mono<List<T>> broadcast(String group, Object request, Class<T> responseType) {
		return broadcast(group, request, (Type) responseType);
	}

	/**
	 * Sends a request to every ready worker of a group and emits their answers, of a
	 * generic type, as one list.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, by worker index
	 * @see #broadcast(String, Object, Class)
	 */
	public <T> Mono<List<T>> broadcast(String group, Object request, ParameterizedTypeReference<T> responseType) {
		return broadcast(group, request, responseType.getType());
	}

	@SuppressWarnings("unchecked")
	private <T> Mono<T> call(String group, Object request, Type responseType) {
		// Never waits: a full queue fails at once, and a full link sends on the group's
		// own thread. Cancelling the Mono cancels the future, which forgets the request.
		// The answer completes on a reader thread, which must not run the subscriber.
		return Mono.fromFuture(() -> {
			try {
				return (CompletableFuture<T>) (CompletableFuture<?>) lookup(group).submitWithoutWaiting(request,
						responseType);
			}
			catch (IpcException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		}).publishOn(CALLBACKS);
	}

	@SuppressWarnings("unchecked")
	private <T> Flux<T> map(String group, Publisher<?> inputs, Type responseType) {
		return Flux.from((subscriber) -> {
			WorkerGroup target;
			try {
				target = lookup(group);
			}
			catch (IpcException ex) {
				Operators.error(subscriber, ex);
				return;
			}
			new OrderedMap<T>(subscriber, target, responseType, window(target.settings())).start(inputs);
		});
	}

	/**
	 * As many requests in flight as the blocking map allows: it never fills the queue.
	 */
	static int window(GroupSettings settings) {
		return Math.max(1, settings.workers() * Math.max(1, settings.prefetch()) + settings.queueSize() / 2);
	}

	@SuppressWarnings("unchecked")
	private <T> Mono<List<T>> broadcast(String group, Object request, Type responseType) {
		// The group's broadcast waits for every answer; a cancel interrupts that wait,
		// which forgets the requests.
		return Mono.fromCallable(() -> (List<T>) (List<?>) lookup(group).broadcast(request, responseType, null))
			.subscribeOn(Schedulers.boundedElastic());
	}

	@SuppressWarnings("unchecked")
	private <T> Flux<T> stream(String group, Object request, Type itemType) {
		return Flux.create((sink) -> {
			StreamSubscriber.Subscription subscription = lookup(group).subscribe(request, itemType,
					new SinkSubscriber<>((FluxSink<Object>) (FluxSink<?>) sink, group));
			sink.onRequest(subscription::request);
			sink.onDispose(subscription::cancel);
		}, FluxSink.OverflowStrategy.ERROR);
	}

	private WorkerGroup lookup(String name) {
		return this.groups.get(name);
	}

	/**
	 * Hands a group's stream to a Reactor sink. The worker sends no more than was asked
	 * for, so the sink never has to buffer.
	 */
	private static final class SinkSubscriber<T> implements StreamSubscriber {

		private final FluxSink<T> sink;

		private final String group;

		SinkSubscriber(FluxSink<T> sink, String group) {
			this.sink = sink;
			this.group = group;
		}

		@Override
		@SuppressWarnings("unchecked")
		public void onItem(@Nullable Object item) {
			if (item == null) {
				this.sink.error(new IpcSerializationException(this.group,
						"A worker of group '" + this.group + "' streamed a null item, which a Flux cannot emit", null));
				return;
			}
			this.sink.next((T) item);
		}

		@Override
		public void onComplete() {
			this.sink.complete();
		}

		@Override
		public void onError(Throwable failure) {
			this.sink.error(failure);
		}

	}

}
