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
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.pool.GroupObserver.Outcome;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Tests for {@link IpcWorkerMeterObserver}.
 */
class IpcWorkerMeterObserverTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final IpcWorkerMeterObserver observer = new IpcWorkerMeterObserver(this.registry);

	@Test
	void shouldTimeRoundTripsByGroupTransportAndOutcome() {
		this.observer.requestCompleted("calc", "shm", Outcome.SUCCESS, Duration.ofMillis(4).toNanos());
		this.observer.requestCompleted("calc", "shm", Outcome.SUCCESS, Duration.ofMillis(6).toNanos());
		this.observer.requestCompleted("calc", "shm", Outcome.BUSY, Duration.ofMillis(1).toNanos());
		this.observer.requestCompleted("echo", "shm", Outcome.SUCCESS, Duration.ofMillis(1).toNanos());
		Timer success = requests("calc", "success");
		assertThat(success.count()).isEqualTo(2);
		assertThat(success.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(10.0);
		assertThat(success.getId().getDescription()).isNotBlank();
		assertThat(requests("calc", "busy").count()).isOne();
		assertThat(requests("echo", "success").count()).isOne();
		assertThat(this.registry.find(IpcWorkerMetricNames.REQUESTS).tag("outcome", "error").timer()).isNull();
	}

	@Test
	void everyOutcomeHasItsOwnLowercaseTagValue() {
		for (Outcome outcome : Outcome.values()) {
			this.observer.requestCompleted("calc", "shm", outcome, 1000);
		}
		assertThat(this.registry.get(IpcWorkerMetricNames.REQUESTS).timers())
			.extracting((timer) -> timer.getId().getTag(IpcWorkerMetricNames.OUTCOME_TAG))
			.containsExactlyInAnyOrder("success", "error", "timeout", "crashed", "busy", "cancelled");
	}

	@Test
	void shouldTimeHandlerExecutionByGroupAndTransport() {
		this.observer.handlerExecuted("calc", "shm", Duration.ofMillis(7).toNanos());
		Timer execution = this.registry.get(IpcWorkerMetricNames.EXECUTION)
			.tags("group", "calc", "transport", "shm")
			.timer();
		assertThat(execution.count()).isOne();
		assertThat(execution.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(7.0);
		assertThat(execution.getId().getDescription()).isNotBlank();
	}

	@Test
	void shouldCountRestartsByCauseAndBoundUnknownCauses() {
		this.observer.workerReplaced("calc", "crash");
		this.observer.workerReplaced("calc", "crash");
		this.observer.workerReplaced("calc", "oom");
		this.observer.workerReplaced("calc", "exit code 137 at 12:00:01");
		assertThat(restarts("calc", "crash")).isEqualTo(2);
		assertThat(restarts("calc", "oom")).isOne();
		assertThat(restarts("calc", IpcWorkerMetricNames.OTHER_CAUSE)).isOne();
		assertThat(this.registry.get(IpcWorkerMetricNames.RESTARTS).counters()).hasSize(3);
	}

	@Test
	void shouldRemoveItsMetersOnCloseAndRecordNothingAfter() {
		this.observer.requestCompleted("calc", "shm", Outcome.SUCCESS, 1000);
		this.observer.handlerExecuted("calc", "shm", 500);
		this.observer.workerReplaced("calc", "crash");
		assertThat(this.registry.getMeters()).hasSize(3);
		this.observer.close();
		assertThat(this.registry.getMeters()).isEmpty();
		this.observer.requestCompleted("calc", "shm", Outcome.SUCCESS, 1000);
		this.observer.handlerExecuted("calc", "shm", 500);
		this.observer.workerReplaced("calc", "crash");
		assertThat(this.registry.getMeters()).isEmpty();
	}

	@Test
	void shouldNotThrowWhenTheRegistryRefusesAMeter() {
		// A gauge under the timer's name and tags: the registry refuses the timer.
		Gauge.builder(IpcWorkerMetricNames.REQUESTS, () -> 1)
			.tags("group", "calc", "transport", "shm", "outcome", "success")
			.register(this.registry);
		assertThatNoException().isThrownBy(() -> this.observer.requestCompleted("calc", "shm", Outcome.SUCCESS, 1000));
		this.observer.requestCompleted("calc", "shm", Outcome.ERROR, 1000);
		assertThat(requests("calc", "error").count()).isOne();
	}

	private Timer requests(String group, String outcome) {
		return this.registry.get(IpcWorkerMetricNames.REQUESTS)
			.tags("group", group, "transport", "shm", "outcome", outcome)
			.timer();
	}

	private double restarts(String group, String cause) {
		return this.registry.get(IpcWorkerMetricNames.RESTARTS).tags("group", group, "cause", cause).counter().count();
	}

}
