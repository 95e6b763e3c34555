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

import java.time.Duration;

/**
 * Defaults of the ZeroMQ properties, kept apart from the transport so that the properties
 * class loads without JeroMQ on the class path; {@code IpcWorkerPropertiesTests} pins
 * them to the transport's own.
 */
final class ZmqDefaults {

	static final String BIND = "tcp://127.0.0.1:*";

	static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(1);

	static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(5);

	static final int SEND_HIGH_WATER_MARK = 1000;

	static final int MAX_WORKERS_PER_KEY = 64;

	static final int MAX_REMOTE_WORKERS = 256;

	private ZmqDefaults() {
	}

}
