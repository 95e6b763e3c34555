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
package io.github.ipcworker.transport.shm;

import java.io.IOException;

import io.github.ipcworker.transport.Transport;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The shared-memory transport: one mapped file per worker holding a ring each way, and a
 * Unix domain socket per worker used as a doorbell to wake a sleeping reader. See
 * {@link ShmFileDescriptor} for the file, {@link ShmFiles} for names and clean-up,
 * {@link ShmWorkerLink} and {@link ShmChildLink} for the two ends.
 *
 * <p>
 * Creating the transport deletes the files that parents now gone left in its directory.
 */
public final class ShmTransport implements Transport {

	/** The transport's name. */
	public static final String NAME = "shm";

	private static final Log logger = LogFactory.getLog(ShmTransport.class);

	private final String group;

	private final ShmOptions options;

	private volatile boolean closed;

	/**
	 * Creates the transport of a group.
	 * @param group the group name
	 * @param options the settings
	 */
	public ShmTransport(String group, ShmOptions options) {
		this.group = group;
		this.options = options;
		try {
			int removed = ShmFiles.removeStaleFiles(options.directory());
			if (removed > 0) {
				logger.info("Removed " + removed + " files left in " + options.directory() + " by processes now gone");
			}
		}
		catch (IOException ex) {
			logger.warn("Could not look for stale files in " + options.directory(), ex);
		}
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public ShmWorkerLink open(int workerIndex) throws IOException {
		if (this.closed) {
			throw new IllegalStateException("shared-memory transport of group '" + this.group + "' is closed");
		}
		return ShmWorkerLink.open(this.group, workerIndex, this.options);
	}

	/**
	 * Marks the transport closed; it holds nothing beyond its links, which are closed on
	 * their own.
	 */
	@Override
	public void close() {
		this.closed = true;
	}

}
