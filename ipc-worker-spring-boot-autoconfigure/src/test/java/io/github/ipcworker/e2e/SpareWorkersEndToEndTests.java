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
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spare-workers} and {@code ready-when=first} with real worker JVMs: a group that
 * serves as soon as its first worker is ready, and a spare that takes the slot of a
 * worker killed with SIGKILL under load, three times, while a new spare starts behind it.
 * Prints the time from the kill to the slot serving with the spare.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SpareWorkersEndToEndTests {

	private static final int CALLERS = 4;

	private static final int KILLS = 3;

	@Test
	void aSpareTakesTheSlotOfAKilledWorkerUnderLoad() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.groups.calc.workers=2", "--ipc.worker.groups.calc.spare-workers=1",
					"--ipc.worker.groups.calc.ready-when=first", "--ipc.worker.groups.calc.jvm-args=-Xmx128m",
					"--ipc.worker.groups.echo.workers=1", "--ipc.worker.groups.counter.workers=1");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup calc = ipc.group("calc");
			assertThat(calc.workers().stream().filter((w) -> w.state() == IpcWorkerInfo.State.READY))
				.as("started with the first ready worker")
				.isNotEmpty();
			AtomicBoolean running = new AtomicBoolean(true);
			AtomicLong answered = new AtomicLong();
			AtomicLong crashed = new AtomicLong();
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			List<Thread> callers = new ArrayList<>();
			for (int c = 0; c < CALLERS; c++) {
				Thread thread = new Thread(() -> {
					for (long i = 0; running.get(); i++) {
						try {
							CalcResult result = ipc.call("calc", CalcRequest.add(i, 1), CalcResult.class);
							if (result.value() != i + 1) {
								failures.add(new AssertionError("got " + result + " for " + i));
							}
							answered.incrementAndGet();
						}
						catch (IpcWorkerCrashedException ex) {
							// The killed worker's calls: documented, and expected here.
							crashed.incrementAndGet();
						}
						catch (Throwable ex) {
							failures.add(ex);
						}
					}
				}, "spare-caller-" + c);
				thread.start();
				callers.add(thread);
			}
			List<Long> takeOverMicros = new ArrayList<>();
			for (int kill = 0; kill < KILLS; kill++) {
				// Both slots serve and a spare is ready: ready-when=first let the start
				// return before that.
				Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ready(calc) == 2 && spare(calc) != null);
				IpcWorkerInfo spare = spare(calc);
				IpcWorkerInfo victim = calc.workers().get(kill % 2);
				assertThat(victim.state()).isEqualTo(IpcWorkerInfo.State.READY);
				long killedAt = System.nanoTime();
				ProcessHandle.of(victim.pid()).orElseThrow().destroyForcibly();
				long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
				IpcWorkerInfo slot = calc.workers().get(victim.index());
				while ((slot.pid() == victim.pid() || slot.state() != IpcWorkerInfo.State.READY)
						&& System.nanoTime() < deadline) {
					Thread.onSpinWait();
					slot = calc.workers().get(victim.index());
				}
				takeOverMicros.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - killedAt));
				assertThat(slot.pid()).as("the slot's new process is the spare's").isEqualTo(spare.pid());
				assertThat(slot.state()).isEqualTo(IpcWorkerInfo.State.READY);
				long before = answered.get();
				Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> answered.get() > before + 50);
			}
			running.set(false);
			for (Thread thread : callers) {
				thread.join(30_000);
				assertThat(thread.isAlive()).as(thread.getName() + " ended").isFalse();
			}
			System.out.println("SPARE RUN: kill to the spare serving the slot (us) " + takeOverMicros + "; "
					+ answered.get() + " calls answered, " + crashed.get() + " failed as crashed");
			assertThat(failures).as("calls that failed otherwise than as crashed").isEmpty();
			assertThat(calc.workers().stream().limit(2)).extracting(IpcWorkerInfo::restarts).contains(1L, 2L);
			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> spare(calc) != null);
			assertThat(calc.status()).isEqualTo(IpcGroup.Status.UP);
		}
		finally {
			Leftovers.closeAndCheck(context);
		}
	}

	private static long ready(IpcGroup group) {
		return group.workers().stream().filter((w) -> w.state() == IpcWorkerInfo.State.READY).count();
	}

	private static IpcWorkerInfo spare(IpcGroup group) {
		return group.workers().stream().filter((w) -> w.state() == IpcWorkerInfo.State.SPARE).findFirst().orElse(null);
	}

}
