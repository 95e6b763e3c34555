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
 * A worker process did not become ready: its application failed to start, the worker bean
 * could not be created, or it did not answer within {@code ipc.worker.startup-timeout}.
 * The message carries the worker's own error text.
 */
public class IpcStartupException extends IpcException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a start-up failure.
	 * @param group the group name
	 * @param message the detail message, including the worker's error text
	 * @param cause the local cause, or {@code null}
	 */
	public IpcStartupException(String group, String message, @Nullable Throwable cause) {
		super(group, message, cause);
	}

}
