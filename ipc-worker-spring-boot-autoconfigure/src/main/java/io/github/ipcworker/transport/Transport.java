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
package io.github.ipcworker.transport;

import java.io.Closeable;
import java.io.IOException;

/**
 * Makes the links between one group and its worker processes. One instance per group.
 */
public interface Transport extends Closeable {

	/**
	 * Returns the transport's name, as used in {@code ipc.worker.transport}.
	 * @return the name
	 */
	String name();

	/**
	 * Prepares the link to a worker process that is about to start.
	 * @param workerIndex the worker's index in the group
	 * @return the parent's end of the link
	 * @throws IOException when the link's resources cannot be created
	 */
	WorkerLink open(int workerIndex) throws IOException;

	/**
	 * Releases what the transport holds beyond its links. Idempotent.
	 */
	@Override
	void close();

}
