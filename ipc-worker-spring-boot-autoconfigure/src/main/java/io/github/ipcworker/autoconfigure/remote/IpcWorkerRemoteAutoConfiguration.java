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

import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.IpcWorkerProperties;
import io.github.ipcworker.autoconfigure.child.WorkerModeBeanFactoryPostProcessor;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of a worker host: an instance of the application started with
 * {@value RemoteWorkerEnvironmentPostProcessor#CONNECT_PROPERTY} serves one group of
 * another instance over ZeroMQ.
 */
@AutoConfiguration(after = IpcWorkerAutoConfiguration.class)
@ConditionalOnClass(name = "org.zeromq.ZMQ")
@ConditionalOnBooleanProperty(name = "ipc.worker.enabled", matchIfMissing = true)
@ConditionalOnProperty(RemoteWorkerEnvironmentPostProcessor.CONNECT_PROPERTY)
public final class IpcWorkerRemoteAutoConfiguration {

	IpcWorkerRemoteAutoConfiguration() {
	}

	@Bean
	static WorkerModeBeanFactoryPostProcessor ipcWorkerRemoteModePostProcessor() {
		return new WorkerModeBeanFactoryPostProcessor();
	}

	@Bean
	RemoteWorkerHost ipcWorkerRemoteHost(ConfigurableApplicationContext context, IpcWorkerProperties properties,
			PayloadCodec codec, ObjectProvider<ContextPropagator> propagator) {
		return new RemoteWorkerHost(context, properties, codec,
				propagator.getIfAvailable(() -> ContextPropagator.NONE));
	}

}
