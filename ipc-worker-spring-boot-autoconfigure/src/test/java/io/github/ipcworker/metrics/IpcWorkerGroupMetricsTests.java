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
package io.github.ipcworker.metrics;

import java.time.Duration;
import java.util.List;

import io.github.ipcworker.codec.JacksonPayloadCodec;
import io.github.ipcworker.pool.GroupObserver;
import io.github.ipcworker.pool.GroupSettings;
import io.github.ipcworker.pool.WorkerGroup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IpcWorkerGroupMetrics}, on groups that are not started.
 */
class IpcWorkerGroupMetricsTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final IpcWorkerGroupMetrics metrics = new IpcWorkerGroupMetrics(List.of(group("calc"), group("echo")));

	@Test
	void shouldBindGaugesOfEveryGroup() {
		this.metrics.bindTo(this.registry);
		for (String group : List.of("calc", "echo")) {
			Gauge inflight = this.registry.get(IpcWorkerMetricNames.INFLIGHT).tag("group", group).gauge();
			Gauge processes = this.registry.get(IpcWorkerMetricNames.PROCESSES).tag("group", group).gauge();
			assertThat(inflight.value()).isZero();
			assertThat(processes.value()).isZero();
			assertThat(inflight.getId().getDescription()).isNotBlank();
			assertThat(processes.getId().getDescription()).isNotBlank();
			Gauge queued = this.registry.get(IpcWorkerMetricNames.QUEUED).tag("group", group).gauge();
			Gauge target = this.registry.get(IpcWorkerMetricNames.PROCESSES_TARGET).tag("group", group).gauge();
			assertThat(queued.value()).isZero();
			assertThat(queued.getId().getBaseUnit()).isEqualTo("requests");
			// A group that is not started aims at its configured size.
			assertThat(target.value()).isEqualTo(2);
			assertThat(target.getId().getBaseUnit()).isNull();
		}
	}

	@Test
	void shouldRegisterRestartCountersAtZeroForEveryKnownCause() {
		this.metrics.bindTo(this.registry);
		assertThat(this.registry.get(IpcWorkerMetricNames.RESTARTS).tag("group", "calc").counters())
			.hasSize(IpcWorkerMetricNames.RESTART_CAUSES.size())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	@Test
	void shouldShareRestartCountersWithTheObserver() {
		this.metrics.bindTo(this.registry);
		new IpcWorkerMeterObserver(this.registry).workerReplaced("calc", "crash");
		assertThat(this.registry.get(IpcWorkerMetricNames.RESTARTS)
			.tags("group", "calc", "cause", "crash")
			.counter()
			.count()).isOne();
	}

	@Test
	void shouldRemoveItsMetersFromEveryRegistryOnClose() {
		SimpleMeterRegistry other = new SimpleMeterRegistry();
		this.metrics.bindTo(this.registry);
		this.metrics.bindTo(other);
		assertThat(other.getMeters()).isNotEmpty();
		this.metrics.close();
		assertThat(this.registry.getMeters()).isEmpty();
		assertThat(other.getMeters()).isEmpty();
	}

	private static WorkerGroup group(String name) {
		GroupSettings settings = new GroupSettings(name, name + "Worker", "shm", 2, 8, 1, 1 << 20, 1 << 20,
				Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 8, List.of(),
				GroupSettings.Supervision.DEFAULTS, false);
		return new WorkerGroup(settings, (ignored) -> {
			throw new UnsupportedOperationException();
		}, (ignored, index, link) -> {
			throw new UnsupportedOperationException();
		}, new JacksonPayloadCodec(JsonMapper.shared()), GroupObserver.NONE, () -> 1,
				io.github.ipcworker.context.ContextPropagator.NONE);
	}

}
