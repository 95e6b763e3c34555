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
package io.github.ipcworker.autoconfigure.endpoint;

import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.TwoGroupsConfiguration;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint.GroupDescriptor;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint.GroupsDescriptor;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkersEndpointAutoConfiguration} and {@link IpcWorkersEndpoint}.
 * The groups are not started.
 */
class IpcWorkersEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcWorkerAutoConfiguration.class, IpcWorkersEndpointAutoConfiguration.class))
		.withUserConfiguration(TwoGroupsConfiguration.class)
		.withPropertyValues("ipc.worker.auto-startup=false");

	@Test
	void whenTheEndpointIsExposedThenItIsDefined() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ipcworkers")
			.run((context) -> assertThat(context).hasSingleBean(IpcWorkersEndpoint.class));
	}

	@Test
	void whenTheEndpointIsNotExposedThenItIsNotDefined() {
		this.contextRunner
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcWorkersEndpoint.class));
	}

	@Test
	void whenAccessToTheEndpointIsNoneThenItIsNotDefined() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=ipcworkers",
					"management.endpoint.ipcworkers.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(IpcWorkersEndpoint.class));
	}

	@Test
	void endpointDescribesEveryGroupAndItsWorkerSlots() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ipcworkers").run((context) -> {
			GroupsDescriptor groups = context.getBean(IpcWorkersEndpoint.class).groups();
			assertThat(groups.groups()).containsOnlyKeys("calc", "echo");
			GroupDescriptor calc = groups.groups().get("calc");
			assertThat(calc.transport()).isEqualTo("shm");
			assertThat(calc.size()).isEqualTo(2);
			assertThat(calc.status()).isEqualTo(IpcGroup.Status.STOPPED);
			assertThat(calc.liveWorkers()).isZero();
			assertThat(calc.queued()).isZero();
			assertThat(calc.inFlight()).isZero();
			assertThat(calc.workers()).hasSize(2).allSatisfy((worker) -> {
				assertThat(worker.pid()).isNull();
				assertThat(worker.state()).isEqualTo(IpcWorkerInfo.State.STOPPED);
				assertThat(worker.startedAt()).isNull();
			});
			assertThat(calc.workers()).extracting(IpcWorkersEndpoint.WorkerDescriptor::index).containsExactly(0, 1);
		});
	}

	@Test
	void endpointSelectsOneGroupByName() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=ipcworkers").run((context) -> {
			IpcWorkersEndpoint endpoint = context.getBean(IpcWorkersEndpoint.class);
			assertThat(endpoint.group("echo").size()).isEqualTo(1);
			assertThat(endpoint.group("nope")).isNull();
		});
	}

}
