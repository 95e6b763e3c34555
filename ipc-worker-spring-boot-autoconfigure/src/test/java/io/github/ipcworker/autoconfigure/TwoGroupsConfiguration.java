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

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcWorker;

import org.springframework.context.annotation.Configuration;

/**
 * Two worker beans, for auto-configuration tests that need groups: {@code calc} with two
 * workers and {@code echo} with one. No worker process starts unless the test starts the
 * groups. The workers, being {@code @Component}s, register themselves as member classes.
 */
@Configuration(proxyBeanMethods = false)
public class TwoGroupsConfiguration {

	@IpcWorker(group = "calc", workers = 2)
	static class CalcWorker implements IpcHandler<Integer, Integer> {

		@Override
		public Integer handle(Integer request) {
			return request * 2;
		}

	}

	@IpcWorker(group = "echo", workers = 1)
	static class EchoWorker implements IpcHandler<String, String> {

		@Override
		public String handle(String request) {
			return request;
		}

	}

}
