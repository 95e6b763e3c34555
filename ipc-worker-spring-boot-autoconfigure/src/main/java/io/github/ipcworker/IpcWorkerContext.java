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
 * Which worker of its group the current worker is. In a worker process the context holds
 * it as a bean, so a worker bean takes it in its constructor, say to pin one model to one
 * GPU: <pre class="code">
 * &#64;IpcWorker(group = "models", workers = 2)
 * class ModelWorker implements IpcHandler&lt;Prompt, Answer&gt; {
 *     ModelWorker(IpcWorkerContext worker) {
 *         this.model = Model.load("cuda:" + worker.index());
 *     }
 * }
 * </pre>
 * <p>
 * The index is the worker's slot, from 0 to {@code workers - 1}: a process that replaces
 * a dead, stuck or recycled worker takes over its slot and so its index, while its pid is
 * new. The same index is what {@code {index}} becomes in the group's {@code environment}
 * and {@code jvm-args} settings, and what {@link IpcWorkerInfo#index()} reports in the
 * application.
 * <p>
 * A record, so that tests of a worker bean can simply create one, as can other ways of
 * running handlers.
 *
 * @param group the name of the worker's group
 * @param index the worker's index in its group, from 0
 * @param pid the id of the process the worker runs in
 * @see IpcWorker
 */
public record IpcWorkerContext(String group, int index, long pid) {

	/**
	 * Creates a context.
	 * @throws IllegalArgumentException when the group is empty or the index negative
	 */
	public IpcWorkerContext {
		if (group.isEmpty()) {
			throw new IllegalArgumentException("a worker's group name must not be empty");
		}
		if (index < 0) {
			throw new IllegalArgumentException("a worker's index is 0 or more, was " + index);
		}
	}

	/**
	 * Returns the context of a worker that runs in the current process.
	 * @param group the name of the worker's group
	 * @param index the worker's index in its group, from 0
	 * @return the context, with this process's pid
	 */
	public static IpcWorkerContext ofCurrentProcess(String group, int index) {
		return new IpcWorkerContext(group, index, ProcessHandle.current().pid());
	}

}
