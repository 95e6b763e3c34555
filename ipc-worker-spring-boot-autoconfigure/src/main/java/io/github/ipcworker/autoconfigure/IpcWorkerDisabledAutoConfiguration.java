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

import io.github.ipcworker.IpcWorker;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;

/**
 * With {@code ipc.worker.enabled=false}, keeps {@link IpcWorker @IpcWorker} beans out of
 * the application's context all the same: they are components, so without this they would
 * be created in the application's JVM, where they were never meant to run. No group is
 * started and no {@code IpcClient} is made.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "ipc.worker.enabled", havingValue = false)
public final class IpcWorkerDisabledAutoConfiguration {

	IpcWorkerDisabledAutoConfiguration() {
	}

	@Bean
	static IpcWorkerBeanFactoryPostProcessor ipcWorkerBeanFactoryPostProcessor() {
		return new IpcWorkerBeanFactoryPostProcessor(false);
	}

}
