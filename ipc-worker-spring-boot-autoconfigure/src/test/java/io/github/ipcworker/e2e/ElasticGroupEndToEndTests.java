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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An elastic group of real worker JVMs under bursty load: it starts with min-workers,
 * grows to max-workers while a burst queues requests, and shrinks back once idle, failing
 * no call.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ElasticGroupEndToEndTests {

	private static final int CALLERS = 8;

	@Test
	void aBurstGrowsTheGroupToMaxWorkersAndIdleShrinksItBackToMinWorkers() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.groups.calc.min-workers=1", "--ipc.worker.groups.calc.max-workers=3",
					"--ipc.worker.groups.calc.scale-up-after=100ms", "--ipc.worker.groups.calc.scale-down-after=2s",
					"--ipc.worker.groups.calc.request-timeout=120s", "--ipc.worker.groups.echo.workers=1",
					"--ipc.worker.groups.counter.workers=1");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup calc = ipc.group("calc");
			assertThat(calc.size()).isEqualTo(1);
			assertThat(calc.workers()).hasSize(1);
			AtomicBoolean bursting = new AtomicBoolean(true);
			AtomicLong calls = new AtomicLong();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			List<Thread> callers = new ArrayList<>();
			long burstStartNs = System.nanoTime();
			for (int c = 0; c < CALLERS; c++) {
				int caller = c;
				Thread thread = new Thread(() -> {
					for (long i = 0; bursting.get(); i++) {
						try {
							CalcResult result = ipc.call("calc", new CalcRequest("sleep", caller * 1000 + i, 50, ""),
									CalcResult.class);
							if (result.value() != caller * 1000 + i) {
								failures.add(new AssertionError("caller " + caller + " got " + result));
							}
							calls.incrementAndGet();
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
				}, "burst-" + c);
				thread.start();
				callers.add(thread);
			}
			await().atMost(Duration.ofSeconds(180))
				.until(() -> calc.workers()
					.stream()
					.filter((w) -> w.state() == IpcWorkerInfo.State.READY)
					.count() == 3);
			long grewMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - burstStartNs);
			assertThat(calc.size()).isEqualTo(3);
			bursting.set(false);
			for (Thread thread : callers) {
				thread.join(60_000);
				assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
			}
			long idleStartNs = System.nanoTime();
			await().atMost(Duration.ofSeconds(60)).until(() -> calc.workers().size() == 1 && calc.size() == 1);
			long shrankMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - idleStartNs);
			System.out
				.println("Elastic group: grew from 1 to 3 workers " + grewMs + " ms into the burst, shrank back to 1 "
						+ shrankMs + " ms after it (scale-down-after 2s); " + calls.get() + " calls answered");
			assertThat(failures).as("failed calls").isEmpty();
			assertThat(calc.status()).isEqualTo(IpcGroup.Status.UP);
			assertThat(ipc.call("calc", CalcRequest.add(2, 3), CalcResult.class).value()).isEqualTo(5);
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
	}

}
