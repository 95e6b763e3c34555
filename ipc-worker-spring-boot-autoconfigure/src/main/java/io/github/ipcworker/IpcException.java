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
 * Base of every failure ipc-worker reports to a caller. Unchecked: callers decide which
 * failures they can handle, the rest propagate like any other runtime failure.
 */
public class IpcException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final @Nullable String group;

	/**
	 * Creates an exception for a failure of a group.
	 * @param group the group name, or {@code null} when no group is concerned
	 * @param message the detail message
	 */
	public IpcException(@Nullable String group, String message) {
		super(message);
		this.group = group;
	}

	/**
	 * Creates an exception for a failure of a group with a cause.
	 * @param group the group name, or {@code null} when no group is concerned
	 * @param message the detail message
	 * @param cause the cause
	 */
	public IpcException(@Nullable String group, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.group = group;
	}

	/**
	 * Returns the name of the group the failure concerns.
	 * @return the group name, or {@code null} when no group is concerned
	 */
	public @Nullable String getGroup() {
		return this.group;
	}

}
