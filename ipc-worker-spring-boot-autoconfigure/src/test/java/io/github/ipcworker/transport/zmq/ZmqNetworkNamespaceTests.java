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
package io.github.ipcworker.transport.zmq;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs a group's end and a remote worker in two network namespaces of their own, joined
 * by a veth link with addresses of their own, so that the worker reaches the group over a
 * real, non-loopback interface, with CURVE. Nothing is added to this machine's own
 * network: both namespaces and the link are made for the test and deleted after it.
 * Skipped where {@code ip netns} is not available to this user.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZmqNetworkNamespaceTests {

	private static final String PARENT_ADDRESS = "10.213.7.1";

	private static final String WORKER_ADDRESS = "10.213.7.2";

	private final String suffix = Long.toString(ProcessHandle.current().pid());

	private final String parentNamespace = "ipcw-zmq-p-" + this.suffix;

	private final String workerNamespace = "ipcw-zmq-w-" + this.suffix;

	private final List<Process> processes = new ArrayList<>();

	private final List<String> namespaces = new ArrayList<>();

	@AfterEach
	void cleanUp() throws Exception {
		for (Process process : this.processes) {
			process.destroyForcibly();
			assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
		}
		for (String namespace : this.namespaces) {
			// Deleting a namespace deletes the veth end in it, and so the pair.
			run("ip", "netns", "del", namespace);
		}
	}

	@Test
	void shouldServeAWorkerInAnotherNamespaceOverAVethLinkWithCurve() throws Exception {
		assumeTrue(networkNamespacesAvailable(), "ip netns is not available (needs root and iproute2): skipped");
		addNamespace(this.parentNamespace);
		addNamespace(this.workerNamespace);
		ip("-n", this.parentNamespace, "link", "add", "ipcw0", "type", "veth", "peer", "name", "ipcw1", "netns",
				this.workerNamespace);
		ip("-n", this.parentNamespace, "addr", "add", PARENT_ADDRESS + "/30", "dev", "ipcw0");
		ip("-n", this.parentNamespace, "link", "set", "ipcw0", "up");
		ip("-n", this.workerNamespace, "addr", "add", WORKER_ADDRESS + "/30", "dev", "ipcw1");
		ip("-n", this.workerNamespace, "link", "set", "ipcw1", "up");

		CurveKeys serverKeys = CurveKeys.generate();
		CurveKeys hostKeys = CurveKeys.generate();
		Process parent = startJava(this.parentNamespace, ZmqNamespaceParent.class);
		ZmqEchoWorker.writeSettings(parent.getOutputStream(),
				Map.of("bind", "tcp://" + PARENT_ADDRESS + ":5555", "server-public-key", serverKeys.publicKey(),
						"server-secret-key", serverKeys.secretKey(), "authorized-key", hostKeys.publicKey()));
		BlockingQueue<String> reports = reports(parent);
		assertThat(next(reports)).isEqualTo("LISTENING tcp://" + PARENT_ADDRESS + ":5555");

		Process worker = startJava(this.workerNamespace, ZmqEchoWorker.class);
		ZmqEchoWorker.writeSettings(worker.getOutputStream(),
				ZmqChildLink.remoteSettings("tcp://" + PARENT_ADDRESS + ":5555", "netns")
					.curve(serverKeys.publicKey(), hostKeys)
					.toMap());
		assertThat(next(reports)).startsWith("JOINED " + WORKER_ADDRESS + ":");
		assertThat(next(reports)).isEqualTo("ROUNDTRIP over a veth link");
		assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(parent.exitValue()).isZero();
		assertThat(worker.waitFor(30, TimeUnit.SECONDS)).as("worker exits on SHUTDOWN").isTrue();
	}

	private Process startJava(String namespace, Class<?> main) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		ProcessBuilder builder = new ProcessBuilder("ip", "netns", "exec", namespace, java, "-Xmx256m",
				"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				main.getName());
		builder.redirectError(ProcessBuilder.Redirect.INHERIT);
		if (main != ZmqNamespaceParent.class) {
			builder.redirectOutput(ProcessBuilder.Redirect.INHERIT);
		}
		Process process = builder.start();
		this.processes.add(process);
		return process;
	}

	/**
	 * Collects the report lines of a process; other lines, its log, are printed.
	 */
	private static BlockingQueue<String> reports(Process process) {
		BlockingQueue<String> reports = new LinkedBlockingQueue<>();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = lines.readLine()) != null) {
					if (line.matches("(LISTENING|JOINED|ROUNDTRIP|FAILED) .*")) {
						reports.add(line);
					}
					else {
						System.out.println("[netns parent] " + line);
					}
				}
			}
			catch (IOException ex) {
				// The process is gone.
			}
		}, "netns-parent-output");
		reader.setDaemon(true);
		reader.start();
		return reports;
	}

	private static String next(BlockingQueue<String> reports) throws InterruptedException {
		String line = reports.poll(60, TimeUnit.SECONDS);
		assertThat(line).as("a report from the group's end").isNotNull().doesNotStartWith("FAILED");
		return line;
	}

	private void addNamespace(String namespace) throws Exception {
		ip("netns", "add", namespace);
		this.namespaces.add(namespace);
		ip("-n", namespace, "link", "set", "lo", "up");
	}

	private static void ip(String... args) throws Exception {
		String[] command = new String[args.length + 1];
		command[0] = "ip";
		System.arraycopy(args, 0, command, 1, args.length);
		int status = run(command);
		assertThat(status).as("%s", String.join(" ", command)).isZero();
	}

	private static int run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return -1;
		}
		return process.exitValue();
	}

	private boolean networkNamespacesAvailable() {
		String probe = "ipcw-zmq-probe-" + this.suffix;
		try {
			if (run("ip", "netns", "add", probe) != 0) {
				return false;
			}
			run("ip", "netns", "del", probe);
			return true;
		}
		catch (Exception ex) {
			return false;
		}
	}

}
