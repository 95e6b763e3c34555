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
package io.github.ipcworker.autoconfigure.metrics;

import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.IpcWorkerLifecycle;
import io.github.ipcworker.metrics.IpcWorkerGroupMetrics;
import io.github.ipcworker.metrics.IpcWorkerMeterObserver;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the meters of ipc-worker groups, when the application has a
 * {@link MeterRegistry}. The meters are registered on that registry, after Spring Boot
 * has applied its meter filters to it, so {@code management.metrics.enable.*} and
 * {@code management.metrics.distribution.*} apply to them.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
		after = IpcWorkerAutoConfiguration.class)
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, IpcWorkerLifecycle.class })
public final class IpcWorkerMetricsAutoConfiguration {

	IpcWorkerMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	IpcWorkerMeterObserver ipcWorkerMeterObserver(MeterRegistry meterRegistry) {
		return new IpcWorkerMeterObserver(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	IpcWorkerGroupMetrics ipcWorkerGroupMetrics(IpcWorkerLifecycle ipcWorkerLifecycle) {
		return new IpcWorkerGroupMetrics(ipcWorkerLifecycle.groups());
	}

}
