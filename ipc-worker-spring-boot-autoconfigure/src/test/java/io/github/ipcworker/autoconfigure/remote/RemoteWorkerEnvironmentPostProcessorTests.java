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
package io.github.ipcworker.autoconfigure.remote;

import io.github.ipcworker.autoconfigure.child.IpcWorkerMain;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link RemoteWorkerEnvironmentPostProcessor}.
 */
class RemoteWorkerEnvironmentPostProcessorTests {

	private final RemoteWorkerEnvironmentPostProcessor postProcessor = new RemoteWorkerEnvironmentPostProcessor();

	@Test
	void withoutConnectTheApplicationStartsAsItself() {
		MockEnvironment environment = new MockEnvironment();
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getPropertySources().contains(RemoteWorkerEnvironmentPostProcessor.PROPERTY_SOURCE_NAME))
			.isFalse();
		assertThat(environment.getProperty(IpcWorkerMain.GROUP_PROPERTY)).isNull();
	}

	@Test
	void connectTurnsTheApplicationIntoAWorkerHostOfTheGroup() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(RemoteWorkerEnvironmentPostProcessor.CONNECT_PROPERTY, "tcp://app:5555")
			.withProperty(RemoteWorkerEnvironmentPostProcessor.GROUP_PROPERTY, "thumbnails")
			.withProperty("spring.main.web-application-type", "servlet");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");
		assertThat(environment.getProperty("spring.main.lazy-initialization")).isEqualTo("true");
		assertThat(environment.getProperty(IpcWorkerMain.GROUP_PROPERTY)).isEqualTo("thumbnails");
	}

	@Test
	void connectWithoutAGroupFailsNamingTheProperty() {
		MockEnvironment environment = new MockEnvironment()
			.withProperty(RemoteWorkerEnvironmentPostProcessor.CONNECT_PROPERTY, "tcp://app:5555");
		assertThatIllegalStateException()
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment, new SpringApplication()))
			.withMessageContaining(RemoteWorkerEnvironmentPostProcessor.GROUP_PROPERTY);
	}

}
