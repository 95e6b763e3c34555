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
package io.github.ipcworker.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.autoconfigure.IpcWorkerLifecycle;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint.GroupDescriptor;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint.WorkerDescriptor;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import io.github.ipcworker.metrics.IpcWorkerMetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Meters, health and the {@code ipcworkers} endpoint of groups with real worker JVMs,
 * read through the application's own {@link SimpleMeterRegistry}. Each test compares
 * figures before and after its own calls, and starts once the groups are idle with every
 * worker ready. The test that kills a worker runs last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ObservabilityEndToEndTests {

	private static final Duration AWAIT = Duration.ofSeconds(30);

	private ConfigurableApplicationContext context;

	private IpcClient ipc;

	private MeterRegistry registry;

	@BeforeAll
	void startApplication() {
		// calc refuses at once what its two workers cannot take: no queue, no waiting.
		this.context = new SpringApplicationBuilder(EndToEndApplication.class).web(WebApplicationType.NONE)
			// prefetch=1: a worker busy with one request takes no other, so that the
			// busy test's third request finds no room (adaptive prefetch may pipeline
			// it).
			.run("--ipc.worker.groups.calc.workers=2", "--ipc.worker.groups.calc.request-timeout=5s",
					"--ipc.worker.groups.calc.queue-size=0", "--ipc.worker.groups.calc.enqueue-timeout=0",
					"--ipc.worker.groups.calc.prefetch=1", "--ipc.worker.groups.echo.workers=1");
		this.ipc = this.context.getBean(IpcClient.class);
		this.registry = this.context.getBean(MeterRegistry.class);
	}

	@AfterAll
	void stopApplication() throws InterruptedException {
		Leftovers.closeAndCheck(this.context);
	}

	@BeforeEach
	void awaitIdleGroups() {
		await().atMost(AWAIT).untilAsserted(() -> {
			assertThat(gauge(IpcWorkerMetricNames.INFLIGHT, "calc")).isZero();
			assertThat(gauge(IpcWorkerMetricNames.PROCESSES, "calc")).isEqualTo(2);
		});
	}

	@Test
	@Order(1)
	void theApplicationsRegistryIsASimpleMeterRegistry() {
		assertThat(this.registry).isInstanceOf(SimpleMeterRegistry.class);
	}

	@Test
	@Order(2)
	void processesEqualsTheGroupSize() {
		assertThat(gauge(IpcWorkerMetricNames.PROCESSES, "calc")).isEqualTo(2);
		assertThat(gauge(IpcWorkerMetricNames.PROCESSES, "echo")).isEqualTo(1);
	}

	@Test
	@Order(3)
	void everySuccessIsCounted() {
		long before = requests("calc", "success");
		for (int i = 0; i < 5; i++) {
			this.ipc.call("calc", CalcRequest.add(i, 1), CalcResult.class);
		}
		awaitRequests("calc", "success", before + 5);
		assertThat(this.registry.get(IpcWorkerMetricNames.REQUESTS)
			.tags("group", "calc", "outcome", "success")
			.timer()
			.getId()
			.getTag("transport")).isEqualTo("shm");
	}

	@Test
	@Order(4)
	void remoteErrorIsCountedAsError() {
		long before = requests("calc", "error");
		assertThatExceptionOfType(IpcRemoteException.class)
			.isThrownBy(() -> this.ipc.call("calc", new CalcRequest("fail", 1, 0, ""), CalcResult.class));
		awaitRequests("calc", "error", before + 1);
	}

	@Test
	@Order(5)
	void timeoutIsCountedAsTimeout() {
		long before = requests("calc", "timeout");
		assertThatExceptionOfType(IpcTimeoutException.class).isThrownBy(() -> this.ipc.call("calc",
				new CalcRequest("sleep", 1, 1000, ""), CalcResult.class, Duration.ofMillis(100)));
		awaitRequests("calc", "timeout", before + 1);
	}

	@Test
	@Order(6)
	void requestRefusedByAFullGroupIsCountedAsBusy() {
		long before = requests("calc", "busy");
		// One slow request per worker; with no queue the next one is refused.
		List<CompletableFuture<CalcResult>> slow = List.of(sleep(800), sleep(800));
		assertThatExceptionOfType(IpcBusyException.class)
			.isThrownBy(() -> this.ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class));
		awaitRequests("calc", "busy", before + 1);
		assertThat(gauge(IpcWorkerMetricNames.INFLIGHT, "calc")).isEqualTo(2);
		slow.forEach(CompletableFuture::join);
		await().atMost(AWAIT).until(() -> gauge(IpcWorkerMetricNames.INFLIGHT, "calc") == 0);
	}

	@Test
	@Order(7)
	void executionTimeIsMeasuredInTheWorkerAndIsBelowTheRoundTrip() {
		Timer execution = this.registry.get(IpcWorkerMetricNames.EXECUTION).tag("group", "calc").timer();
		Timer success = this.registry.get(IpcWorkerMetricNames.REQUESTS)
			.tags("group", "calc", "outcome", "success")
			.timer();
		long executionsBefore = execution.count();
		double executionBefore = execution.totalTime(TimeUnit.NANOSECONDS);
		double roundTripBefore = success.totalTime(TimeUnit.NANOSECONDS);
		long successesBefore = success.count();
		this.ipc.call("calc", new CalcRequest("sleep", 1, 150, ""), CalcResult.class);
		awaitRequests("calc", "success", successesBefore + 1);
		assertThat(execution.count()).isEqualTo(executionsBefore + 1);
		double executionNs = execution.totalTime(TimeUnit.NANOSECONDS) - executionBefore;
		double roundTripNs = success.totalTime(TimeUnit.NANOSECONDS) - roundTripBefore;
		assertThat(executionNs).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos()).isLessThan(roundTripNs);
		assertThat(execution.getId().getTag("transport")).isEqualTo("shm");
	}

	@Test
	@Order(8)
	void inflightReturnsToZeroAfterLoad() {
		List<CompletableFuture<byte[]>> load = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			load.add(this.ipc.submit("echo", new byte[64 * 1024], byte[].class));
		}
		CompletableFuture.allOf(load.toArray(CompletableFuture[]::new)).join();
		await().atMost(AWAIT).until(() -> gauge(IpcWorkerMetricNames.INFLIGHT, "echo") == 0);
		await().atMost(AWAIT).until(() -> requests("echo", "success") >= 200);
	}

	@Test
	@Order(9)
	void healthShowsEveryGroupUpWithItsLiveAndTargetWorkers() {
		CompositeHealthContributor health = this.context.getBean("ipcWorkerHealthContributor",
				CompositeHealthContributor.class);
		Health calc = ((HealthIndicator) health.getContributor("calc")).health();
		assertThat(calc.getStatus()).isEqualTo(Status.UP);
		assertThat(calc.getDetails()).containsEntry("state", "UP")
			.containsEntry("liveWorkers", 2)
			.containsEntry("targetWorkers", 2);
		Health echo = ((HealthIndicator) health.getContributor("echo")).health();
		assertThat(echo.getDetails()).containsEntry("liveWorkers", 1).containsEntry("targetWorkers", 1);
	}

	@Test
	@Order(10)
	void endpointShowsTheWorkerProcessesAndWhatTheyServed() {
		this.ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class);
		GroupDescriptor calc = endpoint().groups().groups().get("calc");
		assertThat(calc.status()).isEqualTo(IpcGroup.Status.UP);
		assertThat(calc.size()).isEqualTo(2);
		assertThat(calc.liveWorkers()).isEqualTo(2);
		assertThat(calc.inFlight()).isZero();
		assertThat(calc.workers()).extracting(WorkerDescriptor::pid)
			.containsExactlyInAnyOrderElementsOf(
					this.ipc.group("calc").workers().stream().map(IpcWorkerInfo::pid).toList());
		assertThat(calc.workers()).allSatisfy((worker) -> {
			assertThat(worker.state()).isEqualTo(IpcWorkerInfo.State.READY);
			assertThat(worker.startedAt()).isNotNull();
		});
		assertThat(calc.workers().stream().mapToLong(WorkerDescriptor::requestsServed).sum()).isPositive();
	}

	@Test
	@Order(11)
	void killedWorkerIsCountedAsARestartAndItsRequestAsCrashed() throws Exception {
		double restartsBefore = this.registry.get(IpcWorkerMetricNames.RESTARTS)
			.tags("group", "calc", "cause", "crash")
			.counter()
			.count();
		long crashedBefore = requests("calc", "crashed");
		List<CompletableFuture<CalcResult>> slow = List.of(sleep(2000), sleep(2000));
		IpcWorkerInfo victim = this.ipc.group("calc").workers().get(0);
		assertThat(victim.inFlight()).isOne();
		ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
		List<Throwable> failures = new ArrayList<>();
		for (CompletableFuture<CalcResult> request : slow) {
			try {
				request.get(10, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				failures.add(ex.getCause());
			}
		}
		assertThat(failures).singleElement().isInstanceOf(IpcWorkerCrashedException.class);
		awaitRequests("calc", "crashed", crashedBefore + 1);
		await().atMost(AWAIT)
			.untilAsserted(() -> assertThat(this.registry.get(IpcWorkerMetricNames.RESTARTS)
				.tags("group", "calc", "cause", "crash")
				.counter()
				.count()).isEqualTo(restartsBefore + 1));
		await().atMost(AWAIT).until(() -> gauge(IpcWorkerMetricNames.PROCESSES, "calc") == 2);
		WorkerDescriptor replaced = endpoint().group("calc").workers().get(0);
		assertThat(replaced.restarts()).isOne();
		assertThat(replaced.pid()).isNotEqualTo(victim.pid());
		Health calc = ((HealthIndicator) this.context
			.getBean("ipcWorkerHealthContributor", CompositeHealthContributor.class)
			.getContributor("calc")).health();
		assertThat(calc.getDetails()).containsEntry("restarts", 1L);
	}

	private CompletableFuture<CalcResult> sleep(long millis) {
		return this.ipc.submit("calc", new CalcRequest("sleep", 1, millis, ""), CalcResult.class);
	}

	private IpcWorkersEndpoint endpoint() {
		// Built here rather than taken from the context: this application has no web
		// server to expose it.
		return new IpcWorkersEndpoint(this.context.getBean(IpcWorkerLifecycle.class).groups());
	}

	/**
	 * The caller may see its result a moment before the group has recorded the request.
	 */
	private void awaitRequests(String group, String outcome, long count) {
		await().atMost(AWAIT).untilAsserted(() -> assertThat(requests(group, outcome)).isEqualTo(count));
	}

	private long requests(String group, String outcome) {
		Timer timer = this.registry.find(IpcWorkerMetricNames.REQUESTS)
			.tags("group", group, "outcome", outcome)
			.timer();
		return (timer != null) ? timer.count() : 0;
	}

	private double gauge(String name, String group) {
		return this.registry.get(name).tag("group", group).gauge().value();
	}

}
