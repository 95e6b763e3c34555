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
 * A request or response could not be written or read by the codec: a value it cannot
 * serialize, or bytes that do not read as the expected type.
 */
public class IpcSerializationException extends IpcException {

	private static final long serialVersionUID = 1L;

	/**
	 * Creates a codec failure.
	 * @param group the group name, or {@code null}
	 * @param message the detail message
	 * @param cause the codec's own failure, or {@code null}
	 */
	public IpcSerializationException(@Nullable String group, String message, @Nullable Throwable cause) {
		super(group, message, cause);
	}

}
