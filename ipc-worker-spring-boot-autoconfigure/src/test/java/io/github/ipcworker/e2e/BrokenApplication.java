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
package io.github.ipcworker.e2e;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application whose worker cannot be created: its constructor throws, as a worker
 * whose model file is missing would.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(BrokenApplication.BrokenWorker.class)
public class BrokenApplication {

	/** The message the worker fails with. */
	static final String FAILURE = "model file /models/thumbnails.bin is missing";

	@IpcWorker(group = "broken", workers = 1)
	static class BrokenWorker implements IpcHandler<String, String> {

		BrokenWorker() {
			throw new IllegalStateException(FAILURE);
		}

		@Override
		public String handle(String request) {
			return request;
		}

	}

}
