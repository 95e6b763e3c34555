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

import org.jspecify.annotations.Nullable;

/**
 * A request got no answer within its timeout. The request is forgotten: a late answer is
 * dropped. The worker that held it may still be busy with it.
 */
public class IpcTimeoutException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final long requestId;

	private final Duration timeout;

	/**
	 * Creates a timeout failure.
	 * @param group the group name
	 * @param requestId the id of the request that timed out
	 * @param timeout the timeout that passed
	 */
	public IpcTimeoutException(String group, long requestId, Duration timeout) {
		this(group, requestId, timeout, null);
	}

	/**
	 * Creates a timeout failure that says where the request was when time ran out.
	 * @param group the group name
	 * @param requestId the id of the request that timed out
	 * @param timeout the timeout that passed
	 * @param where where the request was, such as the worker that held it, or
	 * {@code null}
	 */
	public IpcTimeoutException(String group, long requestId, Duration timeout, @Nullable String where) {
		super(group, "Request " + requestId + " to ipc-worker group '" + group + "' got no answer within " + timeout
				+ ((where != null) ? " (" + where + ")" : ""));
		this.requestId = requestId;
		this.timeout = timeout;
	}

	/**
	 * Returns the id of the request that timed out.
	 * @return the request id
	 */
	public long getRequestId() {
		return this.requestId;
	}

	/**
	 * Returns the timeout that passed.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
