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

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.github.ipcworker.pool.GroupObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Records what groups report as Micrometer meters: {@value IpcWorkerMetricNames#REQUESTS}
 * and {@value IpcWorkerMetricNames#EXECUTION} timers and the
 * {@value IpcWorkerMetricNames#RESTARTS} counter.
 * <p>
 * Plain timers rather than observations: a group reports a request once it has ended,
 * with a duration it measured itself, and the execution time was measured in another
 * process. Meters are created on first use, through the registry, so its meter filters
 * and distribution settings (such as percentile histograms) apply. {@link #close()}
 * removes them.
 */
public final class IpcWorkerMeterObserver implements GroupObserver, AutoCloseable {

	private static final Log logger = LogFactory.getLog(IpcWorkerMeterObserver.class);

	private static final GroupObserver.Outcome[] OUTCOMES = GroupObserver.Outcome.values();

	private final MeterRegistry registry;

	private final Map<String, GroupMeters> groups = new ConcurrentHashMap<>();

	private final Set<Meter> meters = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean failureLogged = new AtomicBoolean();

	private volatile boolean closed;

	/**
	 * Creates an observer recording on a registry.
	 * @param registry the registry
	 */
	public IpcWorkerMeterObserver(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void requestCompleted(String group, String transport, Outcome outcome, long roundTripNs) {
		try {
			GroupMeters meters = meters(group, transport);
			if (meters != null) {
				meters.request(outcome).record(roundTripNs, TimeUnit.NANOSECONDS);
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	@Override
	public void handlerExecuted(String group, String transport, long executionNs) {
		try {
			GroupMeters meters = meters(group, transport);
			if (meters != null) {
				meters.execution().record(executionNs, TimeUnit.NANOSECONDS);
			}
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	@Override
	public void workerReplaced(String group, String cause) {
		if (this.closed) {
			return;
		}
		try {
			registered(restartCounter(this.registry, group, cause)).increment();
		}
		catch (RuntimeException ex) {
			failed(ex);
		}
	}

	/**
	 * Removes the meters this observer registered; later events are not recorded.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.meters.forEach(this.registry::remove);
		this.meters.clear();
		this.groups.clear();
	}

	private @Nullable GroupMeters meters(String group, String transport) {
		if (this.closed) {
			return null;
		}
		// A group's transport never changes, so the group name alone is the key.
		return this.groups.computeIfAbsent(group, (name) -> new GroupMeters(name, transport));
	}

	private <M extends Meter> M registered(M meter) {
		this.meters.add(meter);
		return meter;
	}

	/**
	 * A registry may refuse a meter (a clash of tag keys, say); requests must not notice.
	 */
	private void failed(RuntimeException ex) {
		if (this.failureLogged.compareAndSet(false, true)) {
			logger.warn("Could not record ipc-worker metrics; further failures are logged at debug level", ex);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Could not record ipc-worker metrics", ex);
		}
	}

	/**
	 * Returns the restart counter of a group and cause, registering it when needed.
	 * @param registry the registry
	 * @param group the group name
	 * @param cause the cause, mapped to a bounded tag value
	 * @return the counter
	 */
	static Counter restartCounter(MeterRegistry registry, String group, String cause) {
		return Counter.builder(IpcWorkerMetricNames.RESTARTS)
			.description("Worker processes replaced")
			.baseUnit("restarts")
			.tag(IpcWorkerMetricNames.GROUP_TAG, group)
			.tag(IpcWorkerMetricNames.CAUSE_TAG, IpcWorkerMetricNames.causeTagValue(cause))
			.register(registry);
	}

	/** The timers of one group, created on first use. */
	private final class GroupMeters {

		private final String group;

		private final String transport;

		private final AtomicReferenceArray<Timer> requests = new AtomicReferenceArray<>(OUTCOMES.length);

		private volatile @Nullable Timer execution;

		GroupMeters(String group, String transport) {
			this.group = group;
			this.transport = transport;
		}

		Timer request(Outcome outcome) {
			Timer timer = this.requests.get(outcome.ordinal());
			if (timer == null) {
				// Racing threads get the same timer from the registry.
				timer = registered(Timer.builder(IpcWorkerMetricNames.REQUESTS)
					.description("Round trip of requests to ipc-worker groups, as their callers saw it")
					.tag(IpcWorkerMetricNames.GROUP_TAG, this.group)
					.tag(IpcWorkerMetricNames.TRANSPORT_TAG, this.transport)
					.tag(IpcWorkerMetricNames.OUTCOME_TAG, outcome.tagValue())
					.register(IpcWorkerMeterObserver.this.registry));
				this.requests.set(outcome.ordinal(), timer);
			}
			return timer;
		}

		Timer execution() {
			Timer timer = this.execution;
			if (timer == null) {
				timer = registered(Timer.builder(IpcWorkerMetricNames.EXECUTION)
					.description("Time inside the handler of ipc-worker groups, measured in the worker process")
					.tag(IpcWorkerMetricNames.GROUP_TAG, this.group)
					.tag(IpcWorkerMetricNames.TRANSPORT_TAG, this.transport)
					.register(IpcWorkerMeterObserver.this.registry));
				this.execution = timer;
			}
			return timer;
		}

	}

}
