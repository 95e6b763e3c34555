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
import java.util.concurrent.CompletableFuture;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Sends requests to the worker groups of the application. Thread-safe; inject it where the
 * work is needed.
 * <p>
 * Each request goes to the least loaded live worker of the group. When every worker is
 * busy it waits in the group's bounded queue; when that stays full the request fails with
 * {@link IpcBusyException}. A request not answered within its timeout
 * ({@code ipc.worker.request-timeout} unless given) fails with {@link IpcTimeoutException}.
 * A handler failure arrives as {@link IpcRemoteException}, a dead worker as
 * {@link IpcWorkerCrashedException}.
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
