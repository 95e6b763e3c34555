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

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the shared-memory transport of one group.
 *
 * @param directory where the mapped files and doorbell sockets are created; see
 * {@link ShmFiles#defaultDirectory()}
 * @param ringCapacity bytes of each of a worker's two rings; a power of two, see
 * {@link ShmFileDescriptor#checkRingCapacity(int)}
 * @param maxMessageSize the largest frame, header included, either way; may be far larger
 * than the rings, see {@link ShmFileDescriptor#checkMaxMessageSize(int)}
 * @param spinNs how long a worker waiting for requests spins before it sleeps, in
 * nanoseconds, 0 to 1 s; see {@link Backoff}
 */
public record ShmOptions(Path directory, int ringCapacity, int maxMessageSize, long spinNs) {

	/** The longest spin allowed: beyond it a waiting side is a busy loop. */
	static final long MAX_SPIN_NS = 1_000_000_000L;

	/**
	 * Checks the settings.
	 * @param directory where the files are created
	 * @param ringCapacity bytes of each ring
	 * @param maxMessageSize the largest frame
	 * @throws IllegalArgumentException when a value is out of range
	 */
	public ShmOptions {
		Objects.requireNonNull(directory, "directory");
		ShmFileDescriptor.checkRingCapacity(ringCapacity);
		ShmFileDescriptor.checkMaxMessageSize(maxMessageSize);
		if (spinNs < 0 || spinNs > MAX_SPIN_NS) {
			throw new IllegalArgumentException("spin out of range: " + spinNs + " ns, allowed 0 to 1 s");
		}
	}

	/**
	 * Settings with the default spin, {@link Backoff#SPIN_PERIOD_NS}.
	 * @param directory where the files are created
	 * @param ringCapacity bytes of each ring
	 * @param maxMessageSize the largest frame
	 */
	public ShmOptions(Path directory, int ringCapacity, int maxMessageSize) {
		this(directory, ringCapacity, maxMessageSize, Backoff.SPIN_PERIOD_NS);
	}

}
