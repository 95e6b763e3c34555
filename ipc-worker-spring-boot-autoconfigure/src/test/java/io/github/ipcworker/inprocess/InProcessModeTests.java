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
package io.github.ipcworker.inprocess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcSerializationException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.autoconfigure.IpcWorkerProperties;
import io.github.ipcworker.inprocess.InProcessApplication.Count;
import io.github.ipcworker.inprocess.InProcessApplication.Done;
import io.github.ipcworker.inprocess.InProcessApplication.Job;
import io.github.ipcworker.metrics.IpcWorkerMetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.worker.mode=in-process}: a plain {@code @SpringBootTest} whose workers run
 * on threads of the test's JVM, with the semantics of worker processes.
 */
@SpringBootTest(classes = InProcessApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
		properties = { "ipc.worker.mode=in-process", "ipc.worker.groups.count.stream-window=4",
				"ipc.worker.groups.count.request-timeout=2s", "ipc.worker.groups.count.codec=smile" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessModeTests {

	private static final Duration AWAIT = Duration.ofSeconds(10);

	@Autowired
	private IpcClient ipc;

	@Autowired
	private ApplicationContext context;

	@Test
	void startsNoWorkerProcess() {
		assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive).toList()).isEmpty();
		assertThat(this.ipc.group("jobs").size()).isEqualTo(2);
		assertThat(this.ipc.group("jobs").transport()).isEqualTo("in-process");
		List<IpcWorkerInfo> workers = this.ipc.group("jobs").workers();
		assertThat(workers).hasSize(2)
			.allSatisfy((worker) -> assertThat(worker.pid()).isEqualTo(ProcessHandle.current().pid()));
	}

	@Test
	void callRunsTheHandlerOnAWorkerThread() {
		Done done = this.ipc.call("jobs", new Job("add", 40, 2), Done.class);
		assertThat(done.value()).isEqualTo(42);
		assertThat(done.thread()).startsWith("ipc-worker-jobs#");
	}

	@Test
	void eachWorkerBeanIsGivenTheIdentityOfItsOwnWorker() {
		List<Done> answers = this.ipc.broadcast("jobs", new Job("index", 0, 0), Done.class);
		assertThat(answers).extracting(Done::value).containsExactlyInAnyOrder(0L, 1L);
		assertThat(answers)
			.allSatisfy((done) -> assertThat(done.thread()).isEqualTo("ipc-worker-jobs#" + done.value()));
	}

	@Test
	void eachWorkerHasAHandlerOfItsOwnAndAtMostWorkersRunAtOnce() {
		List<CompletableFuture<Done>> futures = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			futures.add(this.ipc.submit("jobs", new Job("sleep", i, 100), Done.class));
		}
		Set<Integer> instances = new HashSet<>();
		Set<String> threads = new HashSet<>();
		for (int i = 0; i < 8; i++) {
			Done done = futures.get(i).orTimeout(20, TimeUnit.SECONDS).join();
			assertThat(done.value()).isEqualTo(i);
			instances.add(done.instance());
			threads.add(done.thread());
		}
		assertThat(instances).hasSize(2);
		assertThat(threads).containsExactlyInAnyOrder("ipc-worker-jobs#0", "ipc-worker-jobs#1");
		assertThat(InProcessApplication.mostRunning.get()).isLessThanOrEqualTo(2);
		assertThat(InProcessApplication.jobsCreated.get()).isEqualTo(2);
	}

	@Test
	void handlerExceptionArrivesAsRemoteExceptionAndTheNextCallSucceeds() {
		assertThatExceptionOfType(IpcRemoteException.class)
			.isThrownBy(() -> this.ipc.call("jobs", new Job("fail", 7, 0), Done.class))
			.satisfies((ex) -> {
				assertThat(ex.getGroup()).isEqualTo("jobs");
				assertThat(ex.getRemoteClassName()).isEqualTo(IllegalStateException.class.getName());
				assertThat(ex.getRemoteMessage()).isEqualTo("cannot do job 7");
				assertThat(ex.getRemoteStackTrace())
					.anySatisfy((frame) -> assertThat(frame.getClassName()).endsWith("JobWorker"));
				assertThat(ex.getCause()).hasToString("java.lang.IllegalStateException: cannot do job 7");
			});
		assertThat(this.ipc.call("jobs", new Job("add", 1, 1), Done.class).value()).isEqualTo(2);
	}

	@Test
	void slowHandlerTimesOutAndTheGroupKeepsServing() {
		assertThatExceptionOfType(IpcTimeoutException.class)
			.isThrownBy(() -> this.ipc.call("jobs", new Job("sleep", 1, 1500), Done.class, Duration.ofMillis(200)));
		assertThat(this.ipc.call("jobs", new Job("add", 2, 2), Done.class, Duration.ofSeconds(10)).value())
			.isEqualTo(4);
	}

	@Test
	void whatCannotCrossAProcessBoundaryFailsHereToo() {
		// The handler's answer cannot be written.
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("jobs", new Job("unwritable", 0, 0), Done.class));
		// The request cannot be read as the handler's input type.
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("jobs", List.of(1, 2, 3), Done.class))
			.withMessageContaining("could not read request");
		// The answer cannot be read as the type the caller asked for.
		assertThatExceptionOfType(IpcSerializationException.class)
			.isThrownBy(() -> this.ipc.call("jobs", new Job("add", 1, 1), Integer.class));
		assertThat(this.ipc.call("jobs", new Job("add", 1, 1), Done.class).value()).isEqualTo(2);
	}

	@Test
	void aGroupOfTheSmileFormatServesAndRefusesAMismatchedRequestClearly() {
		// The count group speaks Smile (see the properties above); jobs keeps JSON.
		assertThat(this.context.getBean(IpcWorkerProperties.class).codecOf("count"))
			.isEqualTo(IpcWorkerProperties.Codec.SMILE);
		assertThatExceptionOfType(IpcSerializationException.class).isThrownBy(() -> {
			try (Stream<Long> items = this.ipc.stream("count", List.of("not", "a", "count"), Long.class)) {
				items.toList();
			}
		}).withMessageContaining("could not read request");
		try (Stream<Long> items = this.ipc.stream("count", new Count(3, -1), Long.class)) {
			assertThat(items.toList()).containsExactly(0L, 1L, 2L);
		}
		assertThat(this.ipc.call("jobs", new Job("add", 1, 1), Done.class).value()).isEqualTo(2);
	}

	@Test
	void streamArrivesCompleteAndInOrder() {
		try (Stream<Long> items = this.ipc.stream("count", new Count(1000, -1), Long.class)) {
			assertThat(items.toList()).isEqualTo(java.util.stream.LongStream.range(0, 1000).boxed().toList());
		}
	}

	@Test
	void slowReaderKeepsTheHandlerAtMostOneWindowAhead() throws InterruptedException {
		try (Stream<Long> items = this.ipc.stream("count", new Count(100, -1), Long.class)) {
			Iterator<Long> iterator = items.iterator();
			for (int i = 0; i < 3; i++) {
				assertThat(iterator.next()).isEqualTo(i);
			}
			// The handler may make items only for the credit granted: 4, then one more
			// for each item read.
			await().atMost(AWAIT).until(() -> InProcessApplication.produced.get() >= 4);
			Thread.sleep(300);
			assertThat(InProcessApplication.produced.get()).isBetween(4L, 3L + 4L);
		}
	}

	@Test
	void closingAStreamEarlyStopsTheHandlersStreamAndTheWorkerServesTheNext() {
		try (Stream<Long> items = this.ipc.stream("count", new Count(1_000_000, -1), Long.class)) {
			assertThat(items.limit(5).toList()).containsExactly(0L, 1L, 2L, 3L, 4L);
		}
		await().atMost(AWAIT).until(() -> InProcessApplication.streamClosed);
		assertThat(InProcessApplication.produced.get()).isLessThan(1_000_000);
		try (Stream<Long> next = this.ipc.stream("count", new Count(3, -1), Long.class)) {
			assertThat(next.toList()).containsExactly(0L, 1L, 2L);
		}
	}

	@Test
	void errorAfterFiveItemsGivesTheFiveItemsThenTheRemoteException() {
		List<Long> received = new ArrayList<>();
		try (Stream<Long> items = this.ipc.stream("count", new Count(10, 5), Long.class)) {
			assertThatExceptionOfType(IpcRemoteException.class).isThrownBy(() -> items.forEach(received::add))
				.satisfies((ex) -> assertThat(ex.getRemoteMessage()).isEqualTo("failed at 5"));
		}
		assertThat(received).containsExactly(0L, 1L, 2L, 3L, 4L);
	}

	@Test
	void metersTagTheWorkAsInProcess() {
		this.ipc.call("jobs", new Job("add", 1, 2), Done.class);
		MeterRegistry registry = this.context.getBean(MeterRegistry.class);
		await().atMost(AWAIT)
			.until(() -> registry.find(IpcWorkerMetricNames.REQUESTS)
				.tags(IpcWorkerMetricNames.GROUP_TAG, "jobs", IpcWorkerMetricNames.TRANSPORT_TAG, "in-process")
				.timers()
				.stream()
				.mapToLong((timer) -> timer.count())
				.sum() > 0);
		assertThat(registry.get(IpcWorkerMetricNames.EXECUTION)
			.tag(IpcWorkerMetricNames.GROUP_TAG, "jobs")
			.timer()
			.count()).isPositive();
		assertThat(registry.get(IpcWorkerMetricNames.PROCESSES)
			.tag(IpcWorkerMetricNames.GROUP_TAG, "jobs")
			.gauge()
			.value()).isEqualTo(2);
	}

	@Test
	void healthShowsTheGroupsUp() {
		CompositeHealthContributor health = this.context.getBean("ipcWorkerHealthContributor",
				CompositeHealthContributor.class);
		Health jobs = ((HealthIndicator) health.getContributor("jobs")).health();
		assertThat(jobs.getStatus()).isEqualTo(Status.UP);
		assertThat(jobs.getDetails()).containsEntry("liveWorkers", 2).containsEntry("transport", "in-process");
	}

}
