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
package io.github.ipcworker.child;

import java.io.IOException;
import java.util.Map;

import io.github.ipcworker.transport.ChildLink;
import io.github.ipcworker.transport.WorkerLink;
import io.github.ipcworker.transport.shm.ShmChildLink;
import io.github.ipcworker.transport.zmq.ZmqChildLink;

/**
 * Connects a worker process's end of its link from the settings its parent gave it.
 * <p>
 * Choosing the transport means knowing every transport, so the choice is made here, in
 * the code that runs inside a worker, and not in the transport interface package, which
 * knows none of its implementations.
 */
public final class ChildLinks {

	private ChildLinks() {
	}

	/**
	 * Connects to the parent.
	 * @param settings the settings from {@link WorkerLink#childSettings()}
	 * @return the worker's end of the link
	 * @throws IOException when the link cannot be connected
	 * @throws IllegalArgumentException when the transport is missing or unknown
	 */
	public static ChildLink connect(Map<String, String> settings) throws IOException {
		String transport = settings.get(WorkerLink.TRANSPORT_KEY);
		// The names are compile-time constants: comparing them loads neither class.
		if (ShmChildLink.TRANSPORT_NAME.equals(transport)) {
			return ShmChildLink.connect(settings);
		}
		if (ZmqChildLink.TRANSPORT_NAME.equals(transport)) {
			// Loaded only when asked for: shm works without JeroMQ on the class path.
			return ZmqChildLink.connect(settings);
		}
		throw new IllegalArgumentException("unknown transport in worker settings: " + WorkerLink.TRANSPORT_KEY + "="
				+ transport + "; expected " + ShmChildLink.TRANSPORT_NAME + " or " + ZmqChildLink.TRANSPORT_NAME);
	}

}
