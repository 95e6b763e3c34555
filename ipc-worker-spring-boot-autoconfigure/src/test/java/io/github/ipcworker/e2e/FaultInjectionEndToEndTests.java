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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

import io.github.ipcworker.IpcBusyException;
import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcRemoteException;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group under steady concurrent load for {@value #DEFAULT_SECONDS} seconds (or
 * {@code -Dfault.seconds}) while a worker is killed with SIGKILL every few seconds and
 * some handlers hang or throw. Every request must end with a result or a documented
 * exception, none may wait past its timeout, the group must be back to full size at the
 * end, and threads, open files and shared-memory files back to their counts before the
 * run.
 * <p>
 * Run alone with
 * {@code ./mvnw test -pl ipc-worker-spring-boot-autoconfigure -Dgroups=fault}.
 */
@Tag("fault")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FaultInjectionEndToEndTests {

	static final int DEFAULT_SECONDS = 30;

	private static final int CALLERS = 8;

	private static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);

	/**
	 * How far past its timeout a call may end: scheduling noise on a loaded 2-core
	 * machine.
	 */
	private static final Duration LATENESS_ALLOWED = Duration.ofMillis(1000);

	private static final Duration KILL_EVERY = Duration.ofSeconds(3);

	@Test
	void groupSurvivesKilledHungAndFailingWorkersUnderLoad() throws Exception {
		int seconds = Integer.getInteger("fault.seconds", DEFAULT_SECONDS);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(EndToEndApplication.class)
			.web(WebApplicationType.NONE)
			.run("--ipc.worker.groups.calc.workers=3", "--ipc.worker.groups.echo.workers=1",
					"--ipc.worker.groups.calc.stuck-timeout=1s", "--ipc.worker.groups.calc.max-restarts=1000",
					"--ipc.worker.groups.calc.queue-size=64", "--ipc.worker.groups.calc.enqueue-timeout=200ms",
					"--ipc.worker.groups.calc.jvm-args=-Xmx128m,-XX:TieredStopAtLevel=1");
		try {
			IpcClient ipc = context.getBean(IpcClient.class);
			IpcGroup calc = ipc.group("calc");
			assertThat(ipc.call("calc", CalcRequest.add(1, 1), CalcResult.class).value()).isEqualTo(2);
			List<String> threadsBefore = Leftovers.ipcWorkerThreads();
			long filesBefore = openFiles();
			List<String> shmBefore = Leftovers.filesOfThisProcess(Path.of("/dev/shm"));

			Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
			ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
			ConcurrentLinkedQueue<Long> lateMs = new ConcurrentLinkedQueue<>();
			List<Long> replacementMs = Collections.synchronizedList(new ArrayList<>());
			AtomicBoolean running = new AtomicBoolean(true);
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				Thread caller = new Thread(() -> load(ipc, running, outcomes, unexpected, lateMs), "fault-caller-" + i);
				caller.start();
				callers.add(caller);
			}
			Thread killer = new Thread(() -> kill(calc, running, replacementMs, unexpected), "fault-killer");
			killer.start();
			Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
			running.set(false);
			for (Thread thread : callers) {
				thread.join(TimeUnit.SECONDS.toMillis(30));
				assertThat(thread.isAlive()).as("caller %s still running", thread.getName()).isFalse();
			}
			killer.join(TimeUnit.SECONDS.toMillis(60));

			Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> calc.status() == IpcGroup.Status.UP);
			long restarts = calc.workers().stream().mapToLong(IpcWorkerInfo::restarts).sum();
			Map<String, Long> counts = new TreeMap<>();
			outcomes.forEach((name, adder) -> counts.put(name, adder.sum()));
			long requests = counts.values().stream().mapToLong(Long::longValue).sum();
			List<Long> replacements = new ArrayList<>(replacementMs);
			Collections.sort(replacements);
			System.out.printf(
					"FAULT RUN: %d s, %d requests, outcomes %s, restarts %d, kills %d, "
							+ "death to replacement serving (ms) min/median/max %s%n",
					seconds, requests, counts, restarts, replacements.size(), summary(replacements));

			assertThat(unexpected).as("requests that ended otherwise than documented").isEmpty();
			assertThat(lateMs).as("ms past their timeout for calls that ended late").isEmpty();
			assertThat(counts.get("result")).as("successful requests").isGreaterThan(100L);
			assertThat(counts).containsKeys("IpcRemoteException", "IpcTimeoutException");
			assertThat(replacements).as("workers killed and replaced").isNotEmpty();
			assertThat(restarts).isGreaterThanOrEqualTo(replacements.size());
			assertThat(ipc.call("calc", CalcRequest.add(20, 22), CalcResult.class).value()).isEqualTo(42);
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(Leftovers.ipcWorkerThreads())
					.as("ipc-worker threads, before: %s", threadsBefore)
					.hasSameSizeAs(threadsBefore));
			Awaitility.await()
				.atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(openFiles()).as("open files").isLessThanOrEqualTo(filesBefore));
			assertThat(Leftovers.filesOfThisProcess(Path.of("/dev/shm"))).isEqualTo(shmBefore);
		}
		finally {
			context.close();
			List<ProcessHandle> left = Leftovers.descendantsAfter(Duration.ofSeconds(10));
			Leftovers.killDescendants();
			assertThat(left).as("worker processes left").isEmpty();
		}
	}

	private static void load(IpcClient ipc, AtomicBoolean running, Map<String, LongAdder> outcomes,
			ConcurrentLinkedQueue<String> unexpected, ConcurrentLinkedQueue<Long> lateMs) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (running.get()) {
			int dice = random.nextInt(100);
			long a = random.nextLong(1_000_000);
			CalcRequest request = (dice < 1) ? new CalcRequest("sleep", a, 5_000, "")
					: (dice < 10) ? new CalcRequest("fail", a, 0, "") : CalcRequest.add(a, 1);
			long start = System.nanoTime();
			String outcome;
			try {
				CalcResult result = ipc.call("calc", request, CalcResult.class, CALL_TIMEOUT);
				outcome = "result";
				if (!request.op().equals("add") || result.value() != a + 1) {
					unexpected.add(request + " answered " + result);
				}
			}
			catch (IpcRemoteException ex) {
				outcome = ex.getClass().getSimpleName();
				if (!request.op().equals("fail") || !ex.getRemoteMessage().equals("cannot compute " + a)) {
					unexpected.add(request + " failed with " + ex);
				}
			}
			catch (IpcTimeoutException | IpcWorkerCrashedException | IpcBusyException ex) {
				outcome = ex.getClass().getSimpleName();
			}
			catch (RuntimeException ex) {
				outcome = "unexpected";
				unexpected.add(request + " failed with " + ex);
			}
			long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			if (tookMs > CALL_TIMEOUT.plus(LATENESS_ALLOWED).toMillis()) {
				lateMs.add(tookMs - CALL_TIMEOUT.toMillis());
			}
			outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
		}
	}

	/** Kills a random ready worker every few seconds and times its replacement. */
	private static void kill(IpcGroup group, AtomicBoolean running, List<Long> replacementMs,
			ConcurrentLinkedQueue<String> unexpected) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (running.get()) {
			try {
				Thread.sleep(KILL_EVERY.toMillis());
				List<IpcWorkerInfo> ready = group.workers()
					.stream()
					.filter((worker) -> worker.state() == IpcWorkerInfo.State.READY)
					.toList();
				if (ready.isEmpty() || !running.get()) {
					continue;
				}
				IpcWorkerInfo victim = ready.get(random.nextInt(ready.size()));
				long killedAt = System.nanoTime();
				ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly);
				long deadline = killedAt + TimeUnit.SECONDS.toNanos(30);
				while (System.nanoTime() < deadline) {
					IpcWorkerInfo slot = group.workers().get(victim.index());
					if (slot.pid() != victim.pid() && slot.state() == IpcWorkerInfo.State.READY) {
						replacementMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
						break;
					}
					Thread.sleep(5);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (RuntimeException ex) {
				unexpected.add("killer: " + ex);
			}
		}
	}

	private static String summary(List<Long> sorted) {
		if (sorted.isEmpty()) {
			return "-";
		}
		return sorted.get(0) + "/" + sorted.get(sorted.size() / 2) + "/" + sorted.get(sorted.size() - 1);
	}

	private static long openFiles() throws IOException {
		try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
			return fds.count();
		}
	}

}
