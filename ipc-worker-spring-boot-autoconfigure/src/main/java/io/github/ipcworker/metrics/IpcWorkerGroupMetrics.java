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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.github.ipcworker.pool.WorkerGroup;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the gauges of groups, {@value IpcWorkerMetricNames#INFLIGHT} and
 * {@value IpcWorkerMetricNames#PROCESSES}, and registers their
 * {@value IpcWorkerMetricNames#RESTARTS} counters at zero for each known cause.
 * {@link #close()} removes them.
 */
public final class IpcWorkerGroupMetrics implements MeterBinder, AutoCloseable {

	private final Collection<WorkerGroup> groups;

	private final List<Bound> bound = new ArrayList<>();

	/**
	 * Creates the binder of some groups.
	 * @param groups the groups
	 */
	public IpcWorkerGroupMetrics(Collection<WorkerGroup> groups) {
		this.groups = List.copyOf(groups);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		List<Meter> meters = new ArrayList<>();
		for (WorkerGroup group : this.groups) {
			meters.add(Gauge.builder(IpcWorkerMetricNames.INFLIGHT, group, WorkerGroup::inFlight)
				.description("Requests sent to the workers of ipc-worker groups and not answered yet")
				.baseUnit("requests")
				.tag(IpcWorkerMetricNames.GROUP_TAG, group.name())
				.register(registry));
			meters.add(Gauge.builder(IpcWorkerMetricNames.PROCESSES, group, WorkerGroup::liveWorkers)
				.description("Worker processes of ipc-worker groups that are ready for requests")
				.baseUnit("processes")
				.tag(IpcWorkerMetricNames.GROUP_TAG, group.name())
				.register(registry));
			// No base unit: Prometheus would make it
			// ipc_worker_processes_target_processes.
			meters.add(Gauge.builder(IpcWorkerMetricNames.PROCESSES_TARGET, group, WorkerGroup::size)
				.description("Worker processes ipc-worker groups aim at; an elastic group's changes with its load")
				.tag(IpcWorkerMetricNames.GROUP_TAG, group.name())
				.register(registry));
			meters.add(Gauge.builder(IpcWorkerMetricNames.QUEUED, group, WorkerGroup::queued)
				.description("Requests waiting in the queues of ipc-worker groups for a worker")
				.baseUnit("requests")
				.tag(IpcWorkerMetricNames.GROUP_TAG, group.name())
				.register(registry));
			for (String cause : IpcWorkerMetricNames.RESTART_CAUSES) {
				meters.add(IpcWorkerMeterObserver.restartCounter(registry, group.name(), cause));
			}
		}
		synchronized (this.bound) {
			this.bound.add(new Bound(registry, meters));
		}
	}

	/**
	 * Removes the meters from every registry they were bound to.
	 */
	@Override
	public void close() {
		synchronized (this.bound) {
			for (Bound each : this.bound) {
				each.meters().forEach(each.registry()::remove);
			}
			this.bound.clear();
		}
	}

	private record Bound(MeterRegistry registry, List<Meter> meters) {
	}

}
