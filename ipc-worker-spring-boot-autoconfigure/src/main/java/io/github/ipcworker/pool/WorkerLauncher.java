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
package io.github.ipcworker.pool;

import java.io.IOException;
import java.util.Map;

import io.github.ipcworker.process.WorkerProcess;

/**
 * Starts worker processes for a group. The Spring integration provides the implementation
 * that knows how the application was launched.
 */
@FunctionalInterface
public interface WorkerLauncher {

	/**
	 * Starts one worker process.
	 * @param settings the group's settings
	 * @param workerIndex the worker's index
	 * @param linkSettings what the worker needs to connect its link
	 * @return the running process
	 * @throws IOException when the process cannot be started
	 */
	WorkerProcess launch(GroupSettings settings, int workerIndex, Map<String, String> linkSettings) throws IOException;

}
