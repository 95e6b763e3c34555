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

import org.jspecify.annotations.Nullable;

/**
 * A request or response is larger than {@code ipc.worker.max-message-size}. Nothing was
 * sent; the group keeps serving.
 */
public class IpcMessageTooLargeException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final long size;

	private final long maxSize;

	/**
	 * Creates a failure for an oversized message.
	 * @param group the group name, or {@code null}
	 * @param what which message was too large, for example "request" or "response"
	 * @param size the size of the message in bytes
	 * @param maxSize the largest size allowed, in bytes
	 */
	public IpcMessageTooLargeException(@Nullable String group, String what, long size, long maxSize) {
		super(group,
				"The " + what + " is " + size + " bytes, more than the " + maxSize
						+ " bytes allowed by ipc.worker.max-message-size"
						+ ((group != null) ? " for group '" + group + "'" : ""));
		this.size = size;
		this.maxSize = maxSize;
	}

	/**
	 * Returns the size of the message.
	 * @return the size in bytes
	 */
	public long getSize() {
		return this.size;
	}

	/**
	 * Returns the largest size allowed.
	 * @return the limit in bytes
	 */
	public long getMaxSize() {
		return this.maxSize;
	}

}
