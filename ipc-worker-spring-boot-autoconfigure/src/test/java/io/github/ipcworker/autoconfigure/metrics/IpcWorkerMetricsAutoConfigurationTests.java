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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.ipcworker.autoconfigure.IpcWorkerAutoConfiguration;
import io.github.ipcworker.autoconfigure.TwoGroupsConfiguration;
import io.github.ipcworker.metrics.IpcWorkerGroupMetrics;
import io.github.ipcworker.metrics.IpcWorkerMeterObserver;
import io.github.ipcworker.metrics.IpcWorkerMetricNames;
import io.github.ipcworker.pool.GroupObserver;
import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.core.instrument.distribution.pause.PauseDetector;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerMetricsAutoConfiguration}. The groups are not started.
 */
class IpcWorkerMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(IpcWorkerAutoConfiguration.class, IpcWorkerMetricsAutoConfiguration.class))
		.withUserConfiguration(TwoGroupsConfiguration.class)
		.withPropertyValues("ipc.worker.auto-startup=false");

	private final AutoConfigurations meterRegistry = AutoConfigurations.of(MetricsAutoConfiguration.class,
			SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class);

	@Test
	void whenThereIsAMeterRegistryThenGroupMetersAreRegistered() {
		this.contextRunner.withConfiguration(this.meterRegistry).run((context) -> {
			assertThat(context).hasSingleBean(IpcWorkerMeterObserver.class).hasSingleBean(IpcWorkerGroupMetrics.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			for (String group : new String[] { "calc", "echo" }) {
				assertThat(registry.get(IpcWorkerMetricNames.PROCESSES).tag("group", group).gauge().value()).isZero();
				assertThat(registry.get(IpcWorkerMetricNames.INFLIGHT).tag("group", group).gauge().value()).isZero();
				assertThat(registry.get(IpcWorkerMetricNames.RESTARTS).tag("group", group).counters())
					.extracting((counter) -> counter.getId().getTag("cause"))
					.containsExactlyInAnyOrderElementsOf(IpcWorkerMetricNames.RESTART_CAUSES);
			}
		});
	}

	@Test
	void theGroupsReportToTheMeterObserver() {
		this.contextRunner.withConfiguration(this.meterRegistry).run((context) -> {
			assertThat(context.getBeanProvider(GroupObserver.class).orderedStream())
				.contains(context.getBean(IpcWorkerMeterObserver.class));
			context.getBean(IpcWorkerMeterObserver.class)
				.requestCompleted("calc", "shm", Outcome.SUCCESS, Duration.ofMillis(3).toNanos());
			Timer timer = context.getBean(MeterRegistry.class)
				.get(IpcWorkerMetricNames.REQUESTS)
				.tags("group", "calc", "transport", "shm", "outcome", "success")
				.timer();
			assertThat(timer.count()).isOne();
		});
	}

	@Test
	void whenThereIsNoMeterRegistryThenMetricsBackOff() {
		this.contextRunner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(IpcWorkerMeterObserver.class)
			.doesNotHaveBean(IpcWorkerGroupMetrics.class));
	}

	@Test
	void whenMicrometerIsNotOnTheClasspathThenMetricsBackOff() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("ipcWorkerMeterObserver")
				.doesNotHaveBean("ipcWorkerGroupMetrics")
				.hasBean("ipcClient"));
	}

	@Test
	void whenIpcWorkerIsDisabledThenMetricsBackOff() {
		this.contextRunner.withConfiguration(this.meterRegistry)
			.withPropertyValues("ipc.worker.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(IpcWorkerMeterObserver.class));
	}

	@Test
	void distributionsFollowBootsDistributionProperties() {
		ConfigRecordingMeterRegistry registry = new ConfigRecordingMeterRegistry();
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, () -> registry)
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.ipc.worker.requests=true",
					"management.metrics.distribution.slo.ipc.worker.execution=5ms,50ms",
					"management.metrics.distribution.percentiles.ipc.worker=0.5,0.99")
			.run((context) -> {
				GroupObserver observer = context.getBean(IpcWorkerMeterObserver.class);
				observer.requestCompleted("calc", "shm", Outcome.SUCCESS, Duration.ofMillis(3).toNanos());
				observer.handlerExecuted("calc", "shm", Duration.ofMillis(2).toNanos());
				DistributionStatisticConfig requests = registry.configs.get(IpcWorkerMetricNames.REQUESTS);
				assertThat(requests.isPercentileHistogram()).isTrue();
				assertThat(requests.getPercentiles()).containsExactly(0.5, 0.99);
				DistributionStatisticConfig execution = registry.configs.get(IpcWorkerMetricNames.EXECUTION);
				assertThat(execution.isPercentileHistogram()).isNotEqualTo(Boolean.TRUE);
				assertThat(execution.getServiceLevelObjectiveBoundaries())
					.containsExactly(Duration.ofMillis(5).toNanos(), Duration.ofMillis(50).toNanos());
				Timer timer = registry.get(IpcWorkerMetricNames.EXECUTION).timer();
				assertThat(timer.takeSnapshot().percentileValues()).hasSize(2);
			});
	}

	@Test
	void metersCanBeTurnedOffWithBootsEnableProperty() {
		this.contextRunner.withConfiguration(this.meterRegistry)
			.withPropertyValues("management.metrics.enable.ipc.worker=false")
			.run((context) -> {
				context.getBean(IpcWorkerMeterObserver.class)
					.requestCompleted("calc", "shm", Outcome.SUCCESS, Duration.ofMillis(3).toNanos());
				assertThat(context.getBean(MeterRegistry.class).find("ipc.worker.requests").meters()).isEmpty();
				assertThat(context.getBean(MeterRegistry.class).find("ipc.worker.processes").meters()).isEmpty();
			});
	}

	@Test
	void metersAreRemovedWhenTheContextCloses() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.contextRunner.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class))
			.withBean(MeterRegistry.class, () -> registry)
			.run((context) -> {
				context.getBean(IpcWorkerMeterObserver.class)
					.requestCompleted("calc", "shm", Outcome.ERROR, Duration.ofMillis(1).toNanos());
				assertThat(registry.find(IpcWorkerMetricNames.REQUESTS).meters()).hasSize(1);
				assertThat(registry.find(IpcWorkerMetricNames.PROCESSES).meters()).hasSize(2);
				context.close();
				assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith("ipc.worker"));
			});
	}

	@Test
	void userDefinedMeterObserverBacksOff() {
		IpcWorkerMeterObserver mine = new IpcWorkerMeterObserver(new SimpleMeterRegistry());
		this.contextRunner.withConfiguration(this.meterRegistry)
			.withBean(IpcWorkerMeterObserver.class, () -> mine)
			.run((context) -> assertThat(context.getBean(IpcWorkerMeterObserver.class)).isSameAs(mine));
	}

	/** Keeps the distribution settings each timer was created with. */
	static class ConfigRecordingMeterRegistry extends SimpleMeterRegistry {

		final Map<String, DistributionStatisticConfig> configs = new ConcurrentHashMap<>();

		@Override
		protected Timer newTimer(Meter.Id id, DistributionStatisticConfig config, PauseDetector pauseDetector) {
			this.configs.put(id.getName(), config);
			return super.newTimer(id, config, pauseDetector);
		}

	}

}
