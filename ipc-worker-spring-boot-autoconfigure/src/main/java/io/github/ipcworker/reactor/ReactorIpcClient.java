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

import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.pool.GroupDirectory;
import io.github.ipcworker.pool.StreamSubscriber;
import io.github.ipcworker.pool.WorkerGroup;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Calls worker groups with Project Reactor types, for reactive applications. A stream is
 * a {@link Flux} whose demand drives the worker: it produces nothing until the subscriber
 * asks, and at most the group's {@code stream-window} items beyond what was delivered;
 * cancelling the subscription cancels the work in the worker. There is no timeout between
 * items here: use {@link Flux#timeout(java.time.Duration)}.
 */
public class ReactorIpcClient {

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
	 * Sends a request and emits its response once it arrives; cancelling forgets it.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the response
	 */
	@SuppressWarnings("unchecked")
	public <T> Mono<T> call(String group, Object request, Class<T> responseType) {
		return Mono.fromFuture(
				() -> (java.util.concurrent.CompletableFuture<T>) (java.util.concurrent.CompletableFuture<?>) lookup(
						group)
					.submitWithoutWaiting(request, responseType));
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
