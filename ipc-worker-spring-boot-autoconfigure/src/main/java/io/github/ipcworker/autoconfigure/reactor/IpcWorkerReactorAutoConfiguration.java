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
package io.github.ipcworker.autoconfigure.reactor;

import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.IpcWorkerLifecycle;
import io.github.ipcworker.reactor.ReactorIpcClient;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of {@link ReactorIpcClient} when Project Reactor is on the class
 * path.
 */
@AutoConfiguration(after = IpcWorkerAutoConfiguration.class)
@ConditionalOnClass(Flux.class)
@ConditionalOnBean(IpcWorkerLifecycle.class)
public final class IpcWorkerReactorAutoConfiguration {

	IpcWorkerReactorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	ReactorIpcClient reactorIpcClient(IpcWorkerLifecycle ipcWorkerLifecycle) {
		return new ReactorIpcClient(ipcWorkerLifecycle.directory());
	}

}
