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
 * The worker's handler threw. Carries the remote exception's class name, message and
 * stack trace as text; the remote class is never loaded or instantiated in the caller's
 * JVM. The cause of this exception is a stand-in that prints like the remote exception,
 * so logs show where in the worker it failed. The worker keeps serving.
 */
public class IpcRemoteException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final long requestId;

	private final String remoteClassName;

	private final String remoteMessage;

	/**
	 * Creates a failure reported by a worker.
	 * @param group the group name
	 * @param requestId the id of the failed request
	 * @param remote the remote exception, rebuilt as a stand-in
	 */
	public IpcRemoteException(String group, long requestId, RemoteThrowable remote) {
		super(group, "Worker of ipc-worker group '" + group + "' failed request " + requestId + ": " + remote, remote);
		this.requestId = requestId;
		this.remoteClassName = remote.getRemoteClassName();
		this.remoteMessage = remote.getRemoteMessage();
	}

	/**
	 * Returns the id of the failed request.
	 * @return the request id
	 */
	public long getRequestId() {
		return this.requestId;
	}

	/**
	 * Returns the fully qualified class name of the exception thrown in the worker.
	 * @return the remote class name
	 */
	public String getRemoteClassName() {
		return this.remoteClassName;
	}

	/**
	 * Returns the message of the exception thrown in the worker.
	 * @return the remote message, empty when it had none
	 */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

	/**
	 * Returns the stack trace of the exception thrown in the worker.
	 * @return the remote stack trace
	 */
	public StackTraceElement[] getRemoteStackTrace() {
		return getCause().getStackTrace();
	}

	@Override
	public synchronized RemoteThrowable getCause() {
		return (RemoteThrowable) super.getCause();
	}

}
