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
import io.github.ipcworker.IpcWorkerContext;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * An application whose workers tell who they are: the {@link IpcWorkerContext} they were
 * given, the pid they really run in, and the environment variable and system property the
 * test sets per worker with {@code {index}}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(WorkerIdentityApplication.IdentityWorker.class)
public class WorkerIdentityApplication {

	/** The environment variable the test sets per worker. */
	static final String SLOT_VARIABLE = "IPC_WORKER_E2E_SLOT";

	/** The system property the test sets per worker through jvm-args. */
	static final String SLOT_PROPERTY = "ipc.worker.e2e.slot";

	/**
	 * What a worker says about itself.
	 *
	 * @param group the context's group
	 * @param index the context's index
	 * @param pid the context's pid
	 * @param processPid the pid of the process that answered
	 * @param slotVariable the value of {@link #SLOT_VARIABLE}
	 * @param slotProperty the value of {@link #SLOT_PROPERTY}
	 */
	record Identity(String group, int index, long pid, long processPid, String slotVariable, String slotProperty) {

	}

	/** Answers with what it was told about itself, taken in its constructor. */
	@IpcWorker(group = "models", workers = 2)
	static class IdentityWorker implements IpcHandler<String, Identity> {

		private final IpcWorkerContext worker;

		IdentityWorker(IpcWorkerContext worker) {
			this.worker = worker;
		}

		@Override
		public Identity handle(String request) {
			return new Identity(this.worker.group(), this.worker.index(), this.worker.pid(),
					ProcessHandle.current().pid(), String.valueOf(System.getenv(SLOT_VARIABLE)),
					String.valueOf(System.getProperty(SLOT_PROPERTY)));
		}

	}

}
