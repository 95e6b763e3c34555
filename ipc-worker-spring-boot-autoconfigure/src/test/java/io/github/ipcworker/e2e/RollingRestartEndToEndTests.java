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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.autoconfigure.IpcWorkerLifecycle;
import io.github.ipcworker.autoconfigure.endpoint.IpcWorkersEndpoint;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rolling restarts of a group of two real worker JVMs under load: eight callers keep
 * calling through three restarts (two through {@link IpcGroup#restart()}, one through the
 * {@code ipcworkers} endpoint) and not one call fails.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RollingRestartEndToEndTests {

	private static final int CALLERS = 8;

	@Test
	void eightCallersKeepCallingThroughThreeRollingRestartsAndNoCallFails() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.groups.calc.workers=2", "--ipc.worker.groups.calc.request-timeout=30s",
					"--ipc.worker.groups.echo.workers=1", "--ipc.worker.groups.counter.workers=1");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup calc = ipc.group("calc");
			// The endpoint as the actuator would build it; not exposed in this non-web
			// application.
			IpcWorkersEndpoint endpoint = new IpcWorkersEndpoint(context.getBean(IpcWorkerLifecycle.class).groups());
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong calls = new AtomicLong();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			Set<Long> answeringPids = ConcurrentHashMap.newKeySet();
			List<Thread> callers = new ArrayList<>();
			for (int c = 0; c < CALLERS; c++) {
				int caller = c;
				Thread thread = new Thread(() -> {
					for (long i = 0; running.get(); i++) {
						try {
							// Some calls sleep, so that a worker holds calls when its
							// successor takes over and must finish them.
							CalcRequest request = (i % 4 == 0) ? new CalcRequest("sleep", caller * 1000 + i, 20, "")
									: CalcRequest.add(caller * 1000, i);
							CalcResult result = ipc.call("calc", request, CalcResult.class);
							if (result.value() != caller * 1000 + i) {
								failures.add(new AssertionError("caller " + caller + " got " + result));
							}
							answeringPids.add(result.pid());
							calls.incrementAndGet();
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
				}, "caller-" + c);
				thread.start();
				callers.add(thread);
			}
			List<Set<Long>> generations = new ArrayList<>();
			generations.add(pids(calc));
			List<Long> restartMillis = new ArrayList<>();
			for (int round = 0; round < 3; round++) {
				long before = calls.get();
				long startNs = System.nanoTime();
				if (round == 2) {
					IpcWorkersEndpoint.ActionDescriptor done = endpoint.act("calc", "restart");
					assertThat(done).isNotNull();
					assertThat(done.group().status()).isEqualTo(IpcGroup.Status.UP);
				}
				else {
					calc.restart();
				}
				restartMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
				assertThat(calls.get()).as("calls answered during restart " + round).isGreaterThan(before);
				generations.add(pids(calc));
			}
			// The last successor serves too before the callers stop.
			long afterLast = calls.get();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
			while (calls.get() < afterLast + 100 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
			running.set(false);
			for (Thread thread : callers) {
				thread.join(30_000);
				assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
			}
			System.out.println("Rolling restarts of 2 workers under " + CALLERS + " callers took " + restartMillis
					+ " ms; " + calls.get() + " calls answered");
			assertThat(failures).as("failed calls").isEmpty();
			for (int i = 1; i < generations.size(); i++) {
				assertThat(generations.get(i)).as("generation " + i)
					.hasSize(2)
					.doesNotContainAnyElementsOf(generations.get(i - 1));
			}
			Set<Long> all = new HashSet<>();
			generations.forEach(all::addAll);
			assertThat(answeringPids).as("every generation served").containsAll(all);
			assertThat(calc.workers()).extracting(IpcWorkerInfo::restarts).containsOnly(3L);
			assertThat(calc.status()).isEqualTo(IpcGroup.Status.UP);
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
	}

	private static Set<Long> pids(IpcGroup group) {
		Set<Long> pids = new HashSet<>();
		group.workers().forEach((worker) -> pids.add(worker.pid()));
		return pids;
	}

}
