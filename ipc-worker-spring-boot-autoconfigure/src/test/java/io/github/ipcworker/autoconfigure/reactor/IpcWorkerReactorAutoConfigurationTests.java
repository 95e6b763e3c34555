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
import io.github.ipcworker.reactor.ReactorIpcClient;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerReactorAutoConfiguration}.
 */
class IpcWorkerReactorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcWorkerAutoConfiguration.class, IpcWorkerReactorAutoConfiguration.class))
		.withPropertyValues("ipc.worker.auto-startup=false");

	@Test
	void whenReactorIsOnTheClassPathThenThereIsAReactorClient() {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(ReactorIpcClient.class));
	}

	@Test
	void whenReactorIsNotOnTheClassPathThenTheReactorClientBacksOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flux.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorIpcClient.class));
	}

	@Test
	void whenDisabledThenThereIsNoReactorClient() {
		this.contextRunner.withPropertyValues("ipc.worker.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ReactorIpcClient.class));
	}

	@Test
	void userDefinedReactorClientBacksOff() {
		ReactorIpcClient mine = new ReactorIpcClient(new io.github.ipcworker.pool.GroupDirectory(java.util.List.of()));
		this.contextRunner.withBean(ReactorIpcClient.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ReactorIpcClient.class)).isSameAs(mine));
	}

}
