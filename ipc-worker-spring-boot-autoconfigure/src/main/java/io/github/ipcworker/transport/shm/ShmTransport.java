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
import io.github.ipcworker.transport.WorkerLink;

/**
 * The shared-memory transport: one mapped file per worker holding a ring each way, and a
 * Unix domain socket per worker used as a doorbell to wake a sleeping reader.
 */
public final class ShmTransport implements Transport {

	/** The transport's name. */
	public static final String NAME = "shm";

	private final String group;

	private final ShmOptions options;

	/**
	 * Creates the transport of a group.
	 * @param group the group name
	 * @param options the settings
	 */
	public ShmTransport(String group, ShmOptions options) {
		this.group = group;
		this.options = options;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public WorkerLink open(int workerIndex) throws IOException {
		throw new UnsupportedOperationException("not yet: " + this.group + this.options);
	}

	@Override
	public void close() {
	}

}
