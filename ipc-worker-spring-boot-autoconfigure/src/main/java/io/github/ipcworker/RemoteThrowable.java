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
 * A stand-in for an exception thrown in another JVM: it prints as the remote exception
 * (class name, message, stack trace and causes) without the remote class being loaded.
 * Appears as the cause of {@link IpcRemoteException}.
 */
public final class RemoteThrowable extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String remoteClassName;

	private final String remoteMessage;

	/**
	 * Creates a stand-in for a remote exception.
	 * @param remoteClassName the fully qualified class name of the remote exception
	 * @param remoteMessage the remote message, empty when it had none
	 * @param stackTrace the remote stack trace
	 * @param cause the stand-in for the remote cause, or {@code null}
	 */
	public RemoteThrowable(String remoteClassName, String remoteMessage, StackTraceElement[] stackTrace,
			@Nullable RemoteThrowable cause) {
		super(remoteMessage, cause, false, true);
		this.remoteClassName = remoteClassName;
		this.remoteMessage = remoteMessage;
		setStackTrace(stackTrace);
	}

	/**
	 * Returns the fully qualified class name of the remote exception.
	 * @return the class name
	 */
	public String getRemoteClassName() {
		return this.remoteClassName;
	}

	/**
	 * Returns the message of the remote exception.
	 * @return the message, empty when it had none
	 */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

	@Override
	public synchronized @Nullable RemoteThrowable getCause() {
		return (RemoteThrowable) super.getCause();
	}

	@Override
	public String toString() {
		return this.remoteMessage.isEmpty() ? this.remoteClassName : this.remoteClassName + ": " + this.remoteMessage;
	}

}
