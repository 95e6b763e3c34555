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

import java.io.IOException;
import java.nio.file.Path;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.TransportFactory;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.shm.ShmFiles;
import io.github.ipcworker.transport.shm.ShmOptions;
import io.github.ipcworker.transport.shm.ShmTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Creates each group's transport from its settings.
 */
final class TransportFactories implements TransportFactory {

	private static final Log logger = LogFactory.getLog(TransportFactories.class);

	private final Path shmDirectory = ShmFiles.defaultDirectory();

	/**
	 * Fails at start-up, before any process is started, on settings the transport cannot
	 * use, naming the property.
	 */
	void check(GroupSettings settings) {
		if (!ShmTransport.NAME.equals(settings.transport())) {
			throw new IllegalStateException("ipc.worker.transport=" + settings.transport() + " of group '"
					+ settings.name() + "' is not available in this version; use shm");
		}
		try {
			shmOptions(settings);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("ipc.worker.shm-size or ipc.worker.max-message-size of group '"
					+ settings.name() + "' is out of range: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Removes what parents that died without cleaning up left in the shared-memory
	 * directory.
	 */
	void removeStaleFiles() {
		try {
			int removed = ShmFiles.removeStaleFiles(this.shmDirectory);
			if (removed > 0) {
				logger
					.info("Removed " + removed + " file(s) of dead ipc-worker applications from " + this.shmDirectory);
			}
		}
		catch (IOException ex) {
			logger.warn("Could not look for stale ipc-worker files in " + this.shmDirectory + ": " + ex);
		}
	}

	@Override
	public Transport create(GroupSettings settings) {
		return new ShmTransport(settings.name(), shmOptions(settings));
	}

	private ShmOptions shmOptions(GroupSettings settings) {
		return new ShmOptions(this.shmDirectory, settings.shmSize(), settings.maxMessageSize());
	}

}
