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

import java.util.stream.Stream;

/**
 * A worker that answers each request with a sequence of responses, delivered to the
 * caller in order as they are produced. Implemented by an {@link IpcWorker @IpcWorker}
 * bean.
 * <p>
 * The returned stream is consumed by the worker process and closed when the caller has
 * read it all, when the caller closes its end early, or when an item fails, so
 * {@link Stream#onClose(Runnable)} handlers release what the handler opened.
 *
 * @param <I> the request type
 * @param <O> the type of each response item
 */
@FunctionalInterface
public interface IpcStreamHandler<I, O> {

	/**
	 * Starts producing items for one request.
	 * @param request the request, decoded as {@code I}
	 * @return the items, produced lazily
	 * @throws Exception any failure, reported to the caller after the items already sent
	 */
	Stream<O> handle(I request) throws Exception;

}
