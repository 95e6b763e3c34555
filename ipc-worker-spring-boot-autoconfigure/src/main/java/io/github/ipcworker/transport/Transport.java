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
	 * Starts accepting workers that the group did not launch: worker hosts that connect
	 * on their own, from this or another machine. Each one that introduces itself with a
	 * {@link io.github.ipcworker.protocol.FrameType#READY READY} frame is handed to the
	 * listener as a new link, not yet started; its READY frame is delivered first once
	 * the group starts the link.
	 * @param listener told of each worker that joins
	 * @throws IOException when the transport cannot accept workers
	 * @throws UnsupportedOperationException when the transport only reaches workers it
	 * launched itself, as shared memory does
	 */
	default void acceptRemoteWorkers(RemoteWorkerListener listener) throws IOException {
		throw new UnsupportedOperationException("the " + name() + " transport takes no remote workers");
	}

	/**
	 * Hears of workers that joined a group on their own.
	 */
	@FunctionalInterface
	interface RemoteWorkerListener {

		/**
		 * A worker joined.
		 * @param link the group's end of the link to it, not started yet
		 * @param address where the worker connects from, for logs and the worker list
		 */
		void joined(WorkerLink link, String address);

	}

	/**
	 * Releases what the transport holds beyond its links. Idempotent.
	 */
	@Override
	void close();

}
