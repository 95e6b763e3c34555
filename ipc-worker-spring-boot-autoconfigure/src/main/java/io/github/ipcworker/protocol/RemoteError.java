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
package io.github.ipcworker.protocol;

import io.github.ipcworker.RemoteThrowable;

/**
 * The payload of an {@link FrameType#ERROR ERROR} or {@link FrameType#BOOT_FAILED
 * BOOT_FAILED} frame: what went wrong in a worker, and where.
 *
 * @param kind which step failed
 * @param error a stand-in for the exception the worker saw
 */
public record RemoteError(Kind kind, RemoteThrowable error) {

	/**
	 * Which step of handling a request failed; decides the exception the caller sees.
	 */
	public enum Kind {

		/** The handler threw. */
		HANDLER(1),

		/** The worker could not read the request as the handler's input type. */
		REQUEST_UNREADABLE(2),

		/** The worker could not write the handler's response. */
		RESPONSE_UNWRITABLE(3),

		/**
		 * The response is larger than the maximum message size; the error's message is
		 * the response's size in bytes, in decimal.
		 */
		RESPONSE_TOO_LARGE(4),

		/** The worker received a frame it could not use. */
		PROTOCOL(5),

		/** The worker could not start. */
		BOOT(6),

		/** The request was cancelled before or while it ran. */
		CANCELLED(7);

		private final int id;

		Kind(int id) {
			this.id = id;
		}

		/**
		 * Returns the id of this kind on the wire.
		 * @return the id
		 */
		public int id() {
			return this.id;
		}

		/**
		 * Returns the kind with a wire id, {@link #PROTOCOL} for an unknown one.
		 * @param id the id
		 * @return the kind
		 */
		public static Kind fromId(int id) {
			for (Kind kind : values()) {
				if (kind.id == id) {
					return kind;
				}
			}
			return PROTOCOL;
		}

	}

}
