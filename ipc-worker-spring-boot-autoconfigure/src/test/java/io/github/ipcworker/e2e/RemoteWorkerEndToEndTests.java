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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcGroup;
import io.github.ipcworker.IpcTimeoutException;
import io.github.ipcworker.IpcWorkerCrashedException;
import io.github.ipcworker.IpcWorkerInfo;
import io.github.ipcworker.e2e.EndToEndApplication.CalcRequest;
import io.github.ipcworker.e2e.EndToEndApplication.CalcResult;
import io.github.ipcworker.process.ChildCommand;
import io.github.ipcworker.transport.zmq.CurveKeys;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Worker hosts: instances of the application started with
 * {@code --ipc.worker.remote.connect} that join a group over ZeroMQ (TCP on loopback),
 * for a group that launches no workers of its own.
 */
@ExtendWith(OutputCaptureExtension.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RemoteWorkerEndToEndTests {

	private static final List<String> FAST_HEARTBEATS = List.of("--ipc.worker.zmq.heartbeat-interval=300ms",
			"--ipc.worker.zmq.heartbeat-timeout=1500ms");

	private final List<Process> hosts = new ArrayList<>();

	/** Each host's output, to show when a test waits for hosts in vain. */
	private final Map<Process, Path> hostLogs = new LinkedHashMap<>();

	private ConfigurableApplicationContext context;

	@AfterEach
	void stopEverything() throws InterruptedException {
		if (this.context != null) {
			this.context.close();
		}
		for (Process host : this.hosts) {
			host.destroyForcibly();
			host.waitFor(10, TimeUnit.SECONDS);
		}
		List<ProcessHandle> left = Leftovers.descendantsAfter(Duration.ofSeconds(10));
		Leftovers.killDescendants();
		assertThat(left).as("processes left behind").isEmpty();
	}

	@Test
	void remoteWorkersServeAGroupOfTheirOwnSurviveAKillAndANewOneIsUsed() throws Exception {
		// Remote workers always need CURVE, on loopback too; the hosts share one key
		// here.
		CurveKeys server = CurveKeys.generate();
		CurveKeys host = CurveKeys.generate();
		int port = freePort();
		IpcClient ipc = startApplication(port, serverKeys(server, host));
		IpcGroup calc = ipc.group("calc");
		assertThat(calc.size()).isZero();
		Process first = startHost(port, workerKeys(server, host));
		Process second = startHost(port, workerKeys(server, host));
		awaitRemoteWorkers(calc, 2);
		assertThat(calc.workers()).allSatisfy((worker) -> assertThat(worker.address()).isNotNull());
		for (int i = 0; i < 20; i++) {
			assertThat(ipc.call("calc", CalcRequest.add(i, 1), CalcResult.class, Duration.ofSeconds(10)).value())
				.isEqualTo(i + 1);
		}
		assertThat(pidsUnderConcurrentLoad(ipc)).contains(first.pid(), second.pid())
			.doesNotContain(ProcessHandle.current().pid());

		// Kill one host under load: every caller gets a result or a crash report in time.
		Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
		ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
		AtomicBoolean running = new AtomicBoolean(true);
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread caller = new Thread(() -> load(ipc, running, outcomes, problems), "remote-caller-" + t);
			caller.start();
			callers.add(caller);
		}
		Thread.sleep(1000);
		first.destroyForcibly();
		Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> readyRemotes(calc) == 1);
		Thread.sleep(1000);
		running.set(false);
		for (Thread caller : callers) {
			caller.join(TimeUnit.SECONDS.toMillis(20));
			assertThat(caller.isAlive()).isFalse();
		}
		assertThat(problems).isEmpty();
		assertThat(outcomes.get("result").sum()).isPositive();

		// A worker host joining later is used.
		Process third = startHost(port, workerKeys(server, host));
		awaitRemoteWorkers(calc, 2);
		assertThat(pidsUnderConcurrentLoad(ipc)).contains(third.pid(), second.pid());
	}

	@Test
	void workerHostWithTheWrongKeyGetsNoWork(CapturedOutput output) throws Exception {
		CurveKeys server = CurveKeys.generate();
		CurveKeys allowed = CurveKeys.generate();
		CurveKeys stranger = CurveKeys.generate();
		int port = freePort();
		IpcClient ipc = startApplication(port, serverKeys(server, allowed));
		Process good = startHost(port, workerKeys(server, allowed));
		Process bad = startHost(port, workerKeys(server, stranger));
		IpcGroup calc = ipc.group("calc");
		awaitRemoteWorkers(calc, 1);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> output.getOut().contains("Remote worker calc#0 (pid " + good.pid() + " at 127.0.0.1:"));
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> output.getOut().contains("Refused worker with public key " + stranger.publicKey()));
		Thread.sleep(2000);
		assertThat(readyRemotes(calc)).isEqualTo(1);
		for (int i = 0; i < 20; i++) {
			assertThat(ipc.call("calc", CalcRequest.add(i, i), CalcResult.class, Duration.ofSeconds(10)).pid())
				.isEqualTo(good.pid());
		}
		assertThat(bad.isAlive()).as("the refused host keeps trying").isTrue();
	}

	@Test
	void bindingBeyondLoopbackWithoutKeysFailsStartUpClearly() {
		Throwable failure = catchThrowable(
				() -> new SpringApplicationBuilder(EndToEndApplication.class).web(WebApplicationType.NONE)
					.run("--ipc.worker.groups.calc.transport=zmq", "--ipc.worker.groups.calc.zmq.bind=tcp://0.0.0.0:*",
							"--ipc.worker.workers=1"));
		assertThat(failure).isNotNull();
		assertThat(NestedExceptionUtils.getMostSpecificCause(failure).getMessage())
			.contains("ipc.worker.zmq.server-secret-key")
			.contains("0.0.0.0");
	}

	/**
	 * The workers that served concurrent requests: a group gives sequential requests to
	 * the worker it used last, and spreads them only when they overlap.
	 */
	private static Set<Long> pidsUnderConcurrentLoad(IpcClient ipc) throws InterruptedException {
		Set<Long> pids = ConcurrentHashMap.newKeySet();
		List<Thread> callers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			Thread caller = new Thread(() -> {
				for (int i = 0; i < 25; i++) {
					pids.add(ipc
						.call("calc", new CalcRequest("sleep", i, 5, ""), CalcResult.class, Duration.ofSeconds(10))
						.pid());
				}
			});
			caller.start();
			callers.add(caller);
		}
		for (Thread caller : callers) {
			caller.join(TimeUnit.SECONDS.toMillis(60));
		}
		return pids;
	}

	private IpcClient startApplication(int port, List<String> extra) {
		List<String> args = new ArrayList<>(
				List.of("--ipc.worker.groups.calc.transport=zmq", "--ipc.worker.groups.calc.remote-workers=true",
						"--ipc.worker.groups.calc.zmq.bind=tcp://127.0.0.1:" + port,
						"--ipc.worker.groups.echo.workers=1", "--ipc.worker.groups.counter.workers=1"));
		args.addAll(FAST_HEARTBEATS);
		args.addAll(extra);
		this.context = new SpringApplicationBuilder(EndToEndApplication.class).web(WebApplicationType.NONE)
			.run(args.toArray(String[]::new));
		return this.context.getBean(IpcClient.class);
	}

	private Process startHost(int port, List<String> extra) throws IOException {
		List<String> command = new ArrayList<>(
				List.of(ChildCommand.javaExecutable().toString(), "-cp", System.getProperty("java.class.path"),
						WorkerHostMain.class.getName(), "--ipc.worker.remote.connect=tcp://127.0.0.1:" + port,
						"--ipc.worker.remote.group=calc", "--ipc.worker.remote.rejoin-delay=200ms"));
		command.addAll(FAST_HEARTBEATS);
		command.addAll(extra);
		Path log = Files.createTempFile("worker-host-", ".log");
		log.toFile().deleteOnExit();
		Process host = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		this.hosts.add(host);
		this.hostLogs.put(host, log);
		return host;
	}

	private static List<String> serverKeys(CurveKeys server, CurveKeys authorized) {
		return List.of("--ipc.worker.zmq.server-public-key=" + server.publicKey(),
				"--ipc.worker.zmq.server-secret-key=" + server.secretKey(),
				"--ipc.worker.zmq.authorized-keys=" + authorized.publicKey());
	}

	/**
	 * A worker host's keys, the secret one in an owner-only file, as the README advises:
	 * not on the host's command line.
	 */
	private static List<String> workerKeys(CurveKeys server, CurveKeys worker) throws IOException {
		Path secret = Files.createTempFile("worker-host-", ".key");
		secret.toFile().deleteOnExit();
		if (Files.getFileAttributeView(secret, PosixFileAttributeView.class) != null) {
			Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
		}
		Files.writeString(secret, worker.secretKey() + "\n");
		return List.of("--ipc.worker.zmq.server-public-key=" + server.publicKey(),
				"--ipc.worker.zmq.worker-public-key=" + worker.publicKey(),
				"--ipc.worker.zmq.worker-secret-key-file=" + secret);
	}

	private void awaitRemoteWorkers(IpcGroup group, int count) {
		try {
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> readyRemotes(group) == count);
		}
		catch (ConditionTimeoutException ex) {
			StringBuilder hosts = new StringBuilder();
			this.hostLogs.forEach((host, log) -> hosts.append("\n-- worker host pid ")
				.append(host.pid())
				.append(host.isAlive() ? " (alive)" : " (exited " + host.exitValue() + ")")
				.append(", last lines:\n")
				.append(tail(log, 15)));
			throw new AssertionError(readyRemotes(group) + " of " + count + " remote workers ready in group '"
					+ group.name() + "' after 60 s" + hosts, ex);
		}
	}

	private static String tail(Path log, int lines) {
		try {
			List<String> all = Files.readAllLines(log);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | java.io.UncheckedIOException ex) {
			return "(unreadable: " + ex.getMessage() + ")";
		}
	}

	private static long readyRemotes(IpcGroup group) {
		return group.workers()
			.stream()
			.filter((worker) -> worker.address() != null && worker.state() == IpcWorkerInfo.State.READY)
			.count();
	}

	private static void load(IpcClient ipc, AtomicBoolean running, Map<String, LongAdder> outcomes,
			ConcurrentLinkedQueue<String> problems) {
		long n = 0;
		while (running.get()) {
			n++;
			long start = System.nanoTime();
			String outcome;
			try {
				CalcResult result = ipc.call("calc", new CalcRequest("sleep", n, 20, ""), CalcResult.class,
						Duration.ofSeconds(5));
				outcome = (result.value() == n) ? "result" : "wrong";
				if (result.value() != n) {
					problems.add("request " + n + " answered " + result);
				}
			}
			catch (IpcWorkerCrashedException | IpcTimeoutException ex) {
				outcome = ex.getClass().getSimpleName();
			}
			catch (RuntimeException ex) {
				outcome = "unexpected";
				problems.add("request " + n + " failed with " + ex);
			}
			long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			if (tookMs > 6000) {
				problems.add("request " + n + " took " + tookMs + " ms");
			}
			outcomes.computeIfAbsent(outcome, (key) -> new LongAdder()).increment();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
