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
 * A request was refused because the group's queue stayed full: every worker was busy and
 * {@code queue-size} requests were already waiting.
 */
public class IpcBusyException extends IpcException {

	private static final long serialVersionUID = 1L;

	private final int queueSize;

	/**
	 * Creates a busy failure.
	 * @param group the group name
	 * @param queueSize the capacity of the group's queue
	 */
	public IpcBusyException(String group, int queueSize) {
		super(group, "ipc-worker group '" + group + "' is busy: all workers are occupied and its queue of " + queueSize
				+ " waiting requests is full");
		this.queueSize = queueSize;
	}

	/**
	 * Returns the capacity of the group's queue.
	 * @return the queue capacity
	 */
	public int getQueueSize() {
		return this.queueSize;
	}

}
