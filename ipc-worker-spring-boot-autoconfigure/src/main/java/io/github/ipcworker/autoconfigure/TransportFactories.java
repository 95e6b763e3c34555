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
import java.time.Duration;

import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.TransportFactory;
import io.github.ipcworker.transport.Transport;
import io.github.ipcworker.transport.shm.ShmFiles;
import io.github.ipcworker.transport.shm.ShmOptions;
import io.github.ipcworker.transport.shm.ShmTransport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Creates each group's transport from its settings: shared memory, or ZeroMQ when JeroMQ
 * is on the class path (the starter brings it; the ZeroMQ classes are only loaded for a
 * group that uses them).
 */
final class TransportFactories implements TransportFactory {

	static final String ZMQ = "zmq";

	private static final Log logger = LogFactory.getLog(TransportFactories.class);

	private final Path shmDirectory = ShmFiles.defaultDirectory();

	private final IpcWorkerProperties properties;

	private final @Nullable ClassLoader classLoader;

	TransportFactories(IpcWorkerProperties properties, @Nullable ClassLoader classLoader) {
		this.properties = properties;
		this.classLoader = classLoader;
	}

	/**
	 * Fails at start-up, before any process is started, on settings the transport cannot
	 * use, naming the property.
	 */
	void check(GroupSettings settings) {
		switch (settings.transport()) {
			case ShmTransport.NAME -> {
				if (settings.remoteWorkers()) {
					throw new IllegalArgumentException("ipc.worker.groups." + settings.name()
							+ ".remote-workers needs the zmq transport (ipc.worker.transport=zmq): shared memory "
							+ "only reaches workers on this machine that the group launches itself");
				}
				try {
					shmOptions(settings);
				}
				catch (IllegalArgumentException ex) {
					throw new IllegalArgumentException("ipc.worker.shm-size, shm-spin or max-message-size of group '"
							+ settings.name() + "' is out of range: " + ex.getMessage(), ex);
				}
			}
			case ZMQ -> {
				if (!ClassUtils.isPresent("org.zeromq.ZMQ", this.classLoader)) {
					throw new IllegalStateException("ipc.worker.transport=zmq of group '" + settings.name()
							+ "' needs JeroMQ (org.zeromq:jeromq) on the class path; the starter brings it");
				}
				ZmqTransports.check(settings, this.properties);
			}
			default -> throw new IllegalArgumentException("ipc.worker.transport of group '" + settings.name() + "' is '"
					+ settings.transport() + "'; use shm or zmq");
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
		if (ZMQ.equals(settings.transport())) {
			return ZmqTransports.create(settings, this.properties);
		}
		return new ShmTransport(settings.name(), shmOptions(settings));
	}

	private ShmOptions shmOptions(GroupSettings settings) {
		IpcWorkerProperties.Group group = this.properties.getGroups().get(settings.name());
		Duration spin = (group != null && group.getShmSpin() != null) ? group.getShmSpin()
				: this.properties.getShmSpin();
		return new ShmOptions(this.shmDirectory, settings.shmSize(), settings.maxMessageSize(), spin.toNanos());
	}

}
