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
package io.github.ipcworker.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.ipcworker.transport.zmq.CurveKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code zmq} profile: the thumbnails group, launching no worker of its own here,
 * serves through a worker host that joins it over ZeroMQ with CURVE keys, as
 * {@code run-worker-host.sh} starts one (here from the test's class path rather than the
 * fat jar). Keys and port are the test's own, so it runs beside a developer's sample.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ipc.worker.groups.thumbnails.workers=0")
@ActiveProfiles("zmq")
@DirtiesContext
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZmqProfileTests {

	private static final CurveKeys SERVER = CurveKeys.generate();

	private static final CurveKeys HOST = CurveKeys.generate();

	private static Path keys;

	private static int groupPort;

	@LocalServerPort
	private int port;

	@DynamicPropertySource
	static void keys(DynamicPropertyRegistry registry) throws IOException {
		keys = Files.createTempDirectory("sample-zmq-keys-");
		groupPort = freePort();
		registry.add("ipc.worker.groups.thumbnails.zmq.bind", () -> "tcp://127.0.0.1:" + groupPort);
		registry.add("ipc.worker.zmq.server-public-key", SERVER::publicKey);
		registry.add("ipc.worker.zmq.server-secret-key-file", () -> secret("server.key", SERVER).toString());
		registry.add("ipc.worker.zmq.authorized-keys", HOST::publicKey);
	}

	@AfterAll
	static void deleteKeys() throws IOException {
		try (var files = Files.list(keys)) {
			for (Path file : files.toList()) {
				Files.delete(file);
			}
		}
		Files.delete(keys);
	}

	@Test
	void aWorkerHostJoinsTheGroupAndServesIt() throws Exception {
		Path log = Files.createTempFile("sample-worker-host-", ".log");
		Process host = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-cp", System.getProperty("java.class.path"), SampleApplication.class.getName(),
				"--ipc.worker.remote.connect=tcp://127.0.0.1:" + groupPort, "--ipc.worker.remote.group=thumbnails",
				"--ipc.worker.zmq.server-public-key=" + SERVER.publicKey(),
				"--ipc.worker.zmq.worker-public-key=" + HOST.publicKey(),
				"--ipc.worker.zmq.worker-secret-key-file=" + secret("host.key", HOST)))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			SampleHttp http = new SampleHttp(this.port);
			// The group has no worker until the host joins: until then a request times
			// out.
			long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
			HttpResponse<byte[]> response = http.post("/thumbnails?size=16", "image/png", SampleHttp.png(64, 64));
			while (response.statusCode() != 200 && System.nanoTime() < deadline) {
				assertThat(host.isAlive()).as(() -> "the worker host exited:\n" + read(log)).isTrue();
				Thread.sleep(250);
				response = http.post("/thumbnails?size=16", "image/png", SampleHttp.png(64, 64));
			}
			assertThat(response.statusCode()).as(() -> read(log)).isEqualTo(200);
			assertThat(response.headers().firstValue("X-Worker-Pid")).hasValue(Long.toString(host.pid()));
		}
		finally {
			host.destroyForcibly();
			assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
			Files.deleteIfExists(log);
		}
	}

	/** Writes a secret key to a file only its owner can read, as the starter requires. */
	private static Path secret(String name, CurveKeys pair) {
		Path file = keys.resolve(name);
		try {
			if (!Files.exists(file)) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
				Files.writeString(file, pair.secretKey(), StandardCharsets.US_ASCII);
			}
			return file;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static String read(Path log) {
		try {
			return Files.readString(log, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
