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

/**
 * A worker that answers each request with one response. Implemented by an
 * {@link IpcWorker @IpcWorker} bean; runs inside a worker process, one request at a time.
 * <p>
 * The request and response types are read from the generic parameters and carried across
 * the process boundary by the configured codec (JSON by default; {@code byte[]} passes
 * through untouched).
 *
 * @param <I> the request type
 * @param <O> the response type
 */
@FunctionalInterface
public interface IpcHandler<I, O> {

	/**
	 * Handles one request. An exception thrown here reaches the caller as an
	 * {@link IpcRemoteException}; the worker keeps serving.
	 * @param request the request, decoded as {@code I}
	 * @return the response
	 * @throws Exception any failure, reported to the caller
	 */
	O handle(I request) throws Exception;

}
