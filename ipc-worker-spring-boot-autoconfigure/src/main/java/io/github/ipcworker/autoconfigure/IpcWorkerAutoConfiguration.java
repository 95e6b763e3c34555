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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.autoconfigure.IpcWorkerBeanFactoryPostProcessor.IpcWorkerDefinitions;
import io.github.ipcworker.client.DefaultIpcClient;
import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.codec.PayloadCodec;
import io.github.ipcworker.context.ContextPropagator;
import io.github.ipcworker.pool.GroupObserver;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.WorkerGroup;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of ipc-worker: finds the beans annotated with
 * {@link io.github.ipcworker.IpcWorker}, keeps them out of the application's context, and
 * runs each as a group of worker processes reached through the {@link IpcClient} bean. In
 * a worker process it provides only the codec: the worker runtime does the rest.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnBooleanProperty(name = "ipc.worker.enabled", matchIfMissing = true)
@EnableConfigurationProperties(IpcWorkerProperties.class)
public final class IpcWorkerAutoConfiguration {

	IpcWorkerAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	PayloadCodec ipcWorkerPayloadCodec(ObjectProvider<JsonMapper> jsonMapper, IpcWorkerProperties properties) {
		return new JacksonPayloadCodec(jsonMapper.getIfAvailable(JsonMapper::shared),
				properties.getCodec().formatName());
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnApplicationProcessCondition.class)
	static class ApplicationProcessConfiguration {

		@Bean
		static IpcWorkerBeanFactoryPostProcessor ipcWorkerBeanFactoryPostProcessor(Environment environment) {
			// Bound here, not injected: post-processors come before configuration
			// properties beans.
			IpcWorkerProperties.Mode mode = Binder.get(environment)
				.bind("ipc.worker.mode", IpcWorkerProperties.Mode.class)
				.orElse(IpcWorkerProperties.Mode.PROCESSES);
			return new IpcWorkerBeanFactoryPostProcessor(mode == IpcWorkerProperties.Mode.IN_PROCESS);
		}

		@Bean
		@ConditionalOnMissingBean
		IpcWorkerLifecycle ipcWorkerLifecycle(IpcWorkerDefinitions ipcWorkerDefinitions, IpcWorkerProperties properties,
				PayloadCodec codec, ApplicationContext context, ObjectProvider<GroupObserver> observers,
				ObjectProvider<ContextPropagator> propagator, ConfigurableListableBeanFactory beanFactory) {
			GroupObserver observer = CompositeGroupObserver.of(observers.orderedStream().toList());
			GroupSettingsMapper mapper = new GroupSettingsMapper(properties);
			ContextPropagator contextPropagator = propagator.getIfAvailable(() -> ContextPropagator.NONE);
			AtomicLong requestIds = new AtomicLong();
			Map<String, WorkerGroup> groups = new LinkedHashMap<>();
			if (properties.getMode() == IpcWorkerProperties.Mode.IN_PROCESS) {
				Map<String, PayloadCodec> codecs = new HashMap<>();
				InProcessWorkers workers = new InProcessWorkers(beanFactory, codecs::get, contextPropagator);
				for (var definition : ipcWorkerDefinitions.definitions()) {
					GroupSettings settings = mapper.map(definition);
					workers.check(settings);
					PayloadCodec groupCodec = GroupCodecs.forGroup(codec, properties, settings.name());
					codecs.put(settings.name(), groupCodec);
					groups.put(settings.name(), new WorkerGroup(settings, workers, workers, groupCodec, observer,
							requestIds::incrementAndGet, contextPropagator));
				}
				return new IpcWorkerLifecycle(groups, () -> {
				}, () -> {
				}, properties.isAutoStartup());
			}
			SpringWorkerLauncher launcher = new SpringWorkerLauncher(context, properties);
			TransportFactories transports = new TransportFactories(properties, context.getClassLoader());
			for (var definition : ipcWorkerDefinitions.definitions()) {
				GroupSettings settings = mapper.map(definition);
				transports.check(settings);
				PayloadCodec groupCodec = GroupCodecs.forGroup(codec, properties, settings.name());
				groups.put(settings.name(), new WorkerGroup(settings, transports, launcher, groupCodec, observer,
						requestIds::incrementAndGet, contextPropagator));
			}
			return new IpcWorkerLifecycle(groups, transports::removeStaleFiles, launcher::close,
					properties.isAutoStartup());
		}

		@Bean
		@ConditionalOnMissingBean
		IpcClient ipcClient(IpcWorkerLifecycle ipcWorkerLifecycle, IpcWorkerProperties properties) {
			return new DefaultIpcClient(ipcWorkerLifecycle.directory(), properties.getResultRetention());
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "org.slf4j.spi.LoggingEventBuilder")
		static class EventLogConfiguration {

			@Bean
			WorkerEventLog ipcWorkerEventLog() {
				return new WorkerEventLog();
			}

		}

	}

}
