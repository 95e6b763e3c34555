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
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The repackaged fat jar, started with {@code java -jar} as a user would, serves
 * thumbnails through its worker JVMs, which it starts from its own nested jars.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FatJarIT {

	@Test
	void fatJarServesARequestThroughItsWorkers() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).exists();
		int port = freePort();
		Path log = Files.createTempFile("sample-app-", ".log");
		Process app = new ProcessBuilder(javaExecutable(), "-jar", jar.toString(), "--server.port=" + port,
				"--ipc.worker.groups.thumbnails.workers=1")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			SampleHttp http = new SampleHttp(port);
			awaitUp(http, app, log);
			HttpResponse<byte[]> response = http.post("/thumbnails?size=32", "image/png", SampleHttp.png(320, 160));
			assertThat(response.statusCode()).as(() -> read(log)).isEqualTo(200);
			assertThat(SampleHttp.decode(response.body()).getWidth()).isEqualTo(32);
			long workerPid = Long.parseLong(response.headers().firstValue("X-Worker-Pid").orElseThrow());
			assertThat(app.descendants().map(ProcessHandle::pid).toList()).contains(workerPid);
			List<ProcessHandle> workers = app.descendants().toList();
			// A graceful stop (SIGTERM) stops the workers with the application.
			app.destroy();
			assertThat(app.waitFor(60, TimeUnit.SECONDS)).isTrue();
			for (ProcessHandle worker : workers) {
				assertThat(worker.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
			}
		}
		finally {
			app.descendants().forEach(ProcessHandle::destroyForcibly);
			app.destroyForcibly();
			Files.deleteIfExists(log);
		}
	}

	private static void awaitUp(SampleHttp http, Process app, Path log) throws Exception {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline) {
			assertThat(app.isAlive()).as(() -> "the application exited:\n" + read(log)).isTrue();
			try {
				HttpResponse<byte[]> health = http.get("/actuator/health");
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			Thread.sleep(250);
		}
		throw new AssertionError("the application did not come up within 90 s:\n" + read(log));
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

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

}
