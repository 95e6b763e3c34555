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
package io.github.ipcworker;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Sends requests to the worker groups of the application. Thread-safe; inject it where
 * the work is needed.
 * <p>
 * Each request goes to the least loaded live worker of the group. When every worker is
 * busy it waits in the group's bounded queue; when that stays full the request fails with
 * {@link IpcBusyException}. A request not answered within its timeout
 * ({@code ipc.worker.request-timeout} unless given) fails with
 * {@link IpcTimeoutException}. A handler failure arrives as {@link IpcRemoteException}, a
 * dead worker as {@link IpcWorkerCrashedException}.
 */
public interface IpcClient {

	/**
	 * Sends a request and waits for its response, within the group's request timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the response
	 * @throws IpcException when the request fails
	 */
	<T> T call(String group, Object request, Class<T> responseType);

	/**
	 * Sends a request and waits for its response, within the given timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long to wait for the response
	 * @param <T> the response type
	 * @return the response
	 * @throws IpcException when the request fails
	 */
	<T> T call(String group, Object request, Class<T> responseType, Duration timeout);

	/**
	 * Sends a request and waits for its response of a generic type, within the group's
	 * request timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the response
	 * @throws IpcException when the request fails
	 */
	<T> T call(String group, Object request, ParameterizedTypeReference<T> responseType);

	/**
	 * Sends a request and waits for its response of a generic type, within the given
	 * timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long to wait for the response
	 * @param <T> the response type
	 * @return the response
	 * @throws IpcException when the request fails
	 */
	<T> T call(String group, Object request, ParameterizedTypeReference<T> responseType, Duration timeout);

	/**
	 * Sends a request without waiting. The future completes with the response, or
	 * exceptionally with an {@link IpcException}; it times out after the group's request
	 * timeout. Cancelling the future forgets the request.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the future response
	 */
	<T> CompletableFuture<T> submit(String group, Object request, Class<T> responseType);

	/**
	 * Sends a request without waiting, for a response of a generic type.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param <T> the response type
	 * @return the future response
	 * @see #submit(String, Object, Class)
	 */
	<T> CompletableFuture<T> submit(String group, Object request, ParameterizedTypeReference<T> responseType);

	/**
	 * Sends a request without waiting; the future fails with {@link IpcTimeoutException}
	 * when no answer came within the given timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long the answer may take
	 * @param <T> the response type
	 * @return the future response
	 * @see #submit(String, Object, Class)
	 */
	<T> CompletableFuture<T> submit(String group, Object request, Class<T> responseType, Duration timeout);

	/**
	 * Sends a request without waiting, for a response of a generic type, within the given
	 * timeout.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read the response as
	 * @param timeout how long the answer may take
	 * @param <T> the response type
	 * @return the future response
	 * @see #submit(String, Object, Class)
	 */
	<T> CompletableFuture<T> submit(String group, Object request, ParameterizedTypeReference<T> responseType,
			Duration timeout);

	/**
	 * Sends a request to a streaming worker ({@link IpcStreamHandler}) and returns its
	 * items as a lazily filled stream, in order. The worker sends at most
	 * {@code stream-window} items ahead of the reading, so a slow reader makes it wait.
	 * Waiting longer than the group's request timeout for the next item fails with
	 * {@link IpcTimeoutException}; a failure in the worker arrives after the items sent
	 * before it. Closing the stream before its end cancels the work in the worker, which
	 * closes its own stream: use try-with-resources. A worker that answers once gives a
	 * stream of one item.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param <T> the item type
	 * @return the items
	 */
	<T> Stream<T> stream(String group, Object request, Class<T> itemType);

	/**
	 * Sends a request to a streaming worker and returns its items of a generic type.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param <T> the item type
	 * @return the items
	 * @see #stream(String, Object, Class)
	 */
	<T> Stream<T> stream(String group, Object request, ParameterizedTypeReference<T> itemType);

	/**
	 * Sends a request to a streaming worker and returns its items; waiting longer than
	 * the given timeout for the next item fails with {@link IpcTimeoutException}.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param timeout the longest wait for the next item
	 * @param <T> the item type
	 * @return the items
	 * @see #stream(String, Object, Class)
	 */
	<T> Stream<T> stream(String group, Object request, Class<T> itemType, Duration timeout);

	/**
	 * Sends a request to a streaming worker and returns its items of a generic type;
	 * waiting longer than the given timeout for the next item fails with
	 * {@link IpcTimeoutException}.
	 * @param group the group name
	 * @param request the request
	 * @param itemType the type to read each item as
	 * @param timeout the longest wait for the next item
	 * @param <T> the item type
	 * @return the items
	 * @see #stream(String, Object, Class)
	 */
	<T> Stream<T> stream(String group, Object request, ParameterizedTypeReference<T> itemType, Duration timeout);

	/**
	 * Sends a request and returns at once with its id, to collect the answer later with
	 * {@link #get(long, Class)}. An answer not collected within
	 * {@code ipc.worker.result-retention} of its arrival is forgotten.
	 * @param group the group name
	 * @param request the request
	 * @return the request id
	 * @throws IpcException when the request cannot be sent
	 */
	long put(String group, Object request);

	/**
	 * Waits for the answer of a request sent with {@link #put}, within the group's
	 * request timeout, and forgets it.
	 * @param requestId the id {@link #put} returned
	 * @param responseType the type to read the answer as
	 * @param <T> the response type
	 * @return the answer
	 * @throws IpcUnknownRequestException when no answer is held for the id
	 * @throws IpcException when the request failed
	 */
	<T> T get(long requestId, Class<T> responseType);

	/**
	 * Waits for the answer of a request sent with {@link #put}, within a timeout, and
	 * forgets it. When the timeout passes first, the answer stays for a later call.
	 * @param requestId the id {@link #put} returned
	 * @param responseType the type to read the answer as
	 * @param timeout how long to wait
	 * @param <T> the response type
	 * @return the answer
	 * @throws IpcUnknownRequestException when no answer is held for the id
	 * @throws IpcTimeoutException when the answer is not there within the timeout
	 */
	<T> T get(long requestId, Class<T> responseType, Duration timeout);

	/**
	 * Sends a request to every ready worker of a group, each exactly once, and returns
	 * every worker's answer.
	 * @param group the group name
	 * @param request the request
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, by worker index
	 * @throws IpcException the first failure, the others suppressed
	 */
	<T> List<T> broadcast(String group, Object request, Class<T> responseType);

	/**
	 * Sends one request per input, spread over the group's workers, and returns the
	 * answers in the order of the inputs. The first failure is thrown and the requests
	 * not yet answered are cancelled.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in input order
	 * @throws IpcException the first failure
	 */
	<T> List<T> map(String group, Collection<?> inputs, Class<T> responseType);

	/**
	 * Sends one request per input and returns the answers in the order of the inputs;
	 * each request must be answered within the timeout.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take (per request, as for {@code call})
	 * @param <T> the response type
	 * @return the answers, in input order
	 * @throws IpcException the first failure
	 * @see #map(String, Collection, Class)
	 */
	<T> List<T> map(String group, Collection<?> inputs, Class<T> responseType, Duration timeout);

	/**
	 * Maps a stream of inputs lazily, like Python's {@code imap}: one request per input,
	 * the answers as a lazily filled stream in the order of the inputs.
	 * <p>
	 * Inputs are read on the thread that reads the answers, and only as answers make
	 * room: at most a window of requests is sent and not yet taken by the reader, twice
	 * what the group's workers hold at once ({@code workers × prefetch}). That keeps
	 * every worker busy, with the next batch waiting in the queue while they run one,
	 * without holding more inputs or answers in memory or more of the queue than that
	 * buys; so an endless or huge input stream is fine. In input order, a slow request
	 * holds back the reading of the answers behind it; use
	 * {@link #mapUnordered(String, Stream, Class) mapUnordered} when order does not
	 * matter.
	 * <p>
	 * The failure of one request (its handler's exception, a crash, a timeout) is thrown
	 * when its answer is reached, after the answers before it, and cancels the requests
	 * still in flight. Closing the returned stream cancels the requests in flight and
	 * closes the input stream: use try-with-resources, and
	 * {@link IpcGroup#awaitIdle(Duration)} to wait until the workers are free again. Each
	 * request gets the group's request timeout.
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in input order; close it
	 */
	<T> Stream<T> mapStream(String group, Stream<?> inputs, Class<T> responseType);

	/**
	 * Maps a stream of inputs lazily, each request answered within the given timeout.
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take (per request, as for {@code call},
	 * not for the whole stream)
	 * @param <T> the response type
	 * @return the answers, in input order; close it
	 * @see #mapStream(String, Stream, Class)
	 */
	<T> Stream<T> mapStream(String group, Stream<?> inputs, Class<T> responseType, Duration timeout);

	/**
	 * Maps a stream of inputs lazily, for answers of a generic type.
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in input order; close it
	 * @see #mapStream(String, Stream, Class)
	 */
	<T> Stream<T> mapStream(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType);

	/**
	 * Maps a stream of inputs lazily, for answers of a generic type, each request
	 * answered within the given timeout (per request).
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take
	 * @param <T> the response type
	 * @return the answers, in input order; close it
	 * @see #mapStream(String, Stream, Class)
	 */
	<T> Stream<T> mapStream(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType,
			Duration timeout);

	/**
	 * Maps a stream of inputs lazily, like Python's {@code imap_unordered}: as
	 * {@link #mapStream(String, Stream, Class) mapStream}, with the same window, but the
	 * answers come in the order they complete, so a slow request holds back nothing. A
	 * failure is thrown when it completes, and cancels the requests in flight.
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in completion order; close it
	 */
	<T> Stream<T> mapUnordered(String group, Stream<?> inputs, Class<T> responseType);

	/**
	 * Maps a stream of inputs lazily in completion order, each request answered within
	 * the given timeout (per request).
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take
	 * @param <T> the response type
	 * @return the answers, in completion order; close it
	 * @see #mapUnordered(String, Stream, Class)
	 */
	<T> Stream<T> mapUnordered(String group, Stream<?> inputs, Class<T> responseType, Duration timeout);

	/**
	 * Maps a stream of inputs lazily in completion order, for answers of a generic type.
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the answers, in completion order; close it
	 * @see #mapUnordered(String, Stream, Class)
	 */
	<T> Stream<T> mapUnordered(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType);

	/**
	 * Maps a stream of inputs lazily in completion order, for answers of a generic type,
	 * each request answered within the given timeout (per request).
	 * @param group the group name
	 * @param inputs the requests, read lazily
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take
	 * @param <T> the response type
	 * @return the answers, in completion order; close it
	 * @see #mapUnordered(String, Stream, Class)
	 */
	<T> Stream<T> mapUnordered(String group, Stream<?> inputs, ParameterizedTypeReference<T> responseType,
			Duration timeout);

	/**
	 * Maps inputs without waiting for the answers, like Python's {@code map_async}. At
	 * most the window of {@link #mapStream(String, Stream, Class) mapStream} is in
	 * flight: the calling thread sends the first requests, each answer sends the next
	 * input. The future completes with the answers in input order, or fails with the
	 * first failure, which cancels the requests in flight; cancelling the future cancels
	 * them too. When other callers fill the group's queue, a later request fails with
	 * {@link IpcBusyException} rather than block the thread that delivered an answer.
	 * Each request gets the group's request timeout.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the future answers, in input order
	 */
	<T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs, Class<T> responseType);

	/**
	 * Maps inputs without waiting, each request answered within the given timeout (per
	 * request, not for the whole map).
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take
	 * @param <T> the response type
	 * @return the future answers, in input order
	 * @see #mapAsync(String, Collection, Class)
	 */
	<T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs, Class<T> responseType,
			Duration timeout);

	/**
	 * Maps inputs without waiting, for answers of a generic type.
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param <T> the response type
	 * @return the future answers, in input order
	 * @see #mapAsync(String, Collection, Class)
	 */
	<T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs,
			ParameterizedTypeReference<T> responseType);

	/**
	 * Maps inputs without waiting, for answers of a generic type, each request answered
	 * within the given timeout (per request).
	 * @param group the group name
	 * @param inputs the requests
	 * @param responseType the type to read each answer as
	 * @param timeout how long each request may take
	 * @param <T> the response type
	 * @return the future answers, in input order
	 * @see #mapAsync(String, Collection, Class)
	 */
	<T> CompletableFuture<List<T>> mapAsync(String group, Collection<?> inputs,
			ParameterizedTypeReference<T> responseType, Duration timeout);

	/**
	 * Returns a group by name.
	 * @param name the group name
	 * @return the group
	 * @throws IpcException when no group has that name
	 */
	IpcGroup group(String name);

	/**
	 * Returns every group of the application.
	 * @return the groups, in no particular order
	 */
	Collection<IpcGroup> groups();

}
