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
