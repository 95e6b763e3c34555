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
package io.github.ipcworker.autoconfigure;

import java.nio.file.Path;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.TransportFactory;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.shm.ShmOptions;
import io.github.ipcworker.transport.shm.ShmTransport;

/**
 * Creates each group's transport from its settings.
 */
final class TransportFactories implements TransportFactory {

	private final Path shmDirectory;

	TransportFactories(IpcWorkerProperties properties) {
		this.shmDirectory = Path.of("/dev/shm");
	}

	/** Fails at start-up, before any process is started, on settings no transport can use. */
	void check(GroupSettings settings) {
		if (!ShmTransport.NAME.equals(settings.transport())) {
			throw new IllegalStateException("ipc.worker.transport=" + settings.transport() + " of group '"
					+ settings.name() + "' is not available in this version; use shm");
		}
	}

	@Override
	public Transport create(GroupSettings settings) {
		return new ShmTransport(settings.name(),
				new ShmOptions(this.shmDirectory, settings.shmSize(), settings.maxMessageSize()));
	}

}
