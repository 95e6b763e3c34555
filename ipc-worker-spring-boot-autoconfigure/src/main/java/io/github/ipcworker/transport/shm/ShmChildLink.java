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
import java.util.Map;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.transport.ChildLink;
import org.jspecify.annotations.Nullable;

/**
 * The worker's end of a shared-memory link.
 */
public final class ShmChildLink implements ChildLink {

	/** The transport name in the child settings. */
	public static final String TRANSPORT_NAME = ShmTransport.NAME;

	private ShmChildLink() {
	}

	/**
	 * Connects to the parent's end.
	 * @param settings the settings from the parent's link
	 * @return the link
	 * @throws IOException when the file or the doorbell cannot be opened
	 */
	public static ShmChildLink connect(Map<String, String> settings) throws IOException {
		throw new IOException("not yet: " + settings);
	}

	@Override
	public @Nullable Frame receive(long timeoutNs) {
		return null;
	}

	@Override
	public @Nullable Frame poll() {
		return null;
	}

	@Override
	public void send(Frame frame) {
	}

	@Override
	public void close() {
	}

}
