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
package io.github.ipcworker.transport;

/**
 * The other end of a link is gone, or the link was closed.
 */
public class LinkClosedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a failure for a closed link.
	 * @param message what happened
	 */
	public LinkClosedException(String message) {
		super(message);
	}

	/**
	 * Creates a failure for a closed link with a cause.
	 * @param message what happened
	 * @param cause the cause
	 */
	public LinkClosedException(String message, Throwable cause) {
		super(message, cause);
	}

}
