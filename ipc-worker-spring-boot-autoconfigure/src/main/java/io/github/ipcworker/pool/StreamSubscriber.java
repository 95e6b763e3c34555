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

import org.jspecify.annotations.Nullable;

/**
 * Receives a stream's items as they arrive, for callers that are told rather than ask,
 * such as reactive streams. Called on the link's reader thread, in order, never
 * concurrently; implementations hand the items on quickly.
 */
public interface StreamSubscriber {

	/**
	 * An item arrived.
	 * @param item the decoded item
	 */
	void onItem(@Nullable Object item);

	/**
	 * The stream ended after its last item.
	 */
	void onComplete();

	/**
	 * The stream failed, after the items before the failure; or it was cancelled.
	 * @param failure what went wrong, an {@link io.github.ipcworker.IpcException} for
	 * failures of the worker or the transport
	 */
	void onError(Throwable failure);

	/**
	 * The subscriber's handle on a stream: its demand drives the worker's credit.
	 */
	interface Subscription {

		/**
		 * Asks for more items. The worker is granted credit for at most the group's
		 * {@code stream-window} items beyond those delivered, however much is asked.
		 * @param items how many more items the subscriber takes
		 */
		void request(long items);

		/**
		 * Cancels the stream: the worker stops producing it. Idempotent.
		 */
		void cancel();

	}

}
