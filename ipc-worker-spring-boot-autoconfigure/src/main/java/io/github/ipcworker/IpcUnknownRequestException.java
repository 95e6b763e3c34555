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
 * {@link IpcClient#get} was given a request id it holds no result for: never returned by
 * {@link IpcClient#put}, already collected, or forgotten after
 * {@code ipc.worker.result-retention}.
 */
public class IpcUnknownRequestException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final long requestId;

	/**
	 * Creates a failure for an unknown request id.
	 * @param requestId the id asked for
	 * @param retention how long uncollected results are kept, for the message
	 */
	public IpcUnknownRequestException(long requestId, java.time.Duration retention) {
		super(null, "No result for request " + requestId + ": it was never put, was already collected, or was "
				+ "forgotten " + retention + " after it arrived (ipc.worker.result-retention)");
		this.requestId = requestId;
	}

	/**
	 * Returns the request id asked for.
	 * @return the request id
	 */
	public long getRequestId() {
		return this.requestId;
	}

}
