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
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder's crafted inputs over real HTTP: a crash or an out-of-memory is a 503 and a
 * replaced worker, a hang a 504, a full queue a 503. Short timeouts and a queue of one
 * make each path quick to reach; the context is closed after the class, which stops its
 * workers.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "ipc.worker.groups.thumbnails.workers=1", "ipc.worker.groups.decoder.request-timeout=2s",
				"ipc.worker.groups.decoder.stuck-timeout=500ms", "ipc.worker.groups.decoder.queue-size=1",
				"ipc.worker.groups.decoder.enqueue-timeout=100ms" })
@DirtiesContext
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DecoderFailureTests {

	/** Long enough for a replacement worker JVM to start on a busy machine. */
	private static final Duration RECOVERY = Duration.ofSeconds(60);

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void aGoodImageIsDecodedInAWorker() throws Exception {
		JsonNode decoded = awaitDecoded();
		assertThat(decoded.at("/width").asInt()).isEqualTo(64);
		assertThat(decoded.at("/height").asInt()).isEqualTo(48);
		assertThat(decoded.at("/averageRgb").asString()).matches("#[0-9a-f]{6}");
		assertThat(decoded.at("/workerPid").asLong()).isNotEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void anImageThatCrashesTheDecoderIsA503AndTheWorkerIsReplaced() throws Exception {
		long before = awaitDecoded().at("/workerPid").asLong();
		HttpResponse<byte[]> crashed = decode(this.http.get("/crafted.png?bug=crash").body());
		assertThat(crashed.statusCode()).isEqualTo(503);
		JsonNode problem = JsonMapper.shared().readTree(crashed.body());
		assertThat(problem.at("/title").asString()).isEqualTo("IpcWorkerCrashedException");
		assertThat(problem.at("/detail").asString()).contains("pid " + before);
		assertThat(ProcessHandle.of(before).filter(ProcessHandle::isAlive)).isEmpty();
		assertThat(awaitDecoded().at("/workerPid").asLong()).isNotEqualTo(before);
	}

	@Test
	void anImageThatExhaustsTheDecodersHeapIsA503AndTheWorkerIsReplaced() throws Exception {
		long before = awaitDecoded().at("/workerPid").asLong();
		HttpResponse<byte[]> crashed = decode(this.http.get("/crafted.png?bug=oom").body());
		assertThat(crashed.statusCode()).isEqualTo(503);
		JsonNode problem = JsonMapper.shared().readTree(crashed.body());
		assertThat(problem.at("/title").asString()).isEqualTo("IpcWorkerCrashedException");
		assertThat(problem.at("/detail").asString()).contains("pid " + before).containsIgnoringCase("memory");
		assertThat(awaitDecoded().at("/workerPid").asLong()).isNotEqualTo(before);
	}

	@Test
	void anImageThatHangsTheDecoderIsA504AndTheStuckWorkerIsReplaced() throws Exception {
		long before = awaitDecoded().at("/workerPid").asLong();
		HttpResponse<byte[]> hung = decode(this.http.get("/crafted.png?bug=hang").body());
		assertThat(hung.statusCode()).isEqualTo(504);
		assertThat(JsonMapper.shared().readTree(hung.body()).at("/title").asString()).isEqualTo("IpcTimeoutException");
		// stuck-timeout after the timeout, the group kills the worker and starts another.
		assertThat(awaitDecoded().at("/workerPid").asLong()).isNotEqualTo(before);
	}

	@Test
	void aFullQueueIsA503() throws Exception {
		awaitDecoded();
		byte[] hang = this.http.get("/crafted.png?bug=hang").body();
		// One request held by the only worker, one in the queue of one: a third has no
		// room.
		ExecutorService callers = Executors.newFixedThreadPool(3);
		try {
			List<Future<HttpResponse<byte[]>>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				calls.add(callers.submit(() -> decode(hang)));
			}
			List<Integer> statuses = new ArrayList<>();
			List<String> titles = new ArrayList<>();
			for (Future<HttpResponse<byte[]>> call : calls) {
				HttpResponse<byte[]> response = call.get(30, TimeUnit.SECONDS);
				statuses.add(response.statusCode());
				titles.add(JsonMapper.shared().readTree(response.body()).at("/title").asString());
			}
			assertThat(statuses).as("%s", titles).containsOnly(503, 504).contains(503);
			assertThat(titles).contains("IpcBusyException");
		}
		finally {
			callers.shutdownNow();
			assertThat(callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		}
		awaitDecoded();
	}

	@Test
	void somethingThatIsNotAPngIsABadRequest() throws Exception {
		HttpResponse<byte[]> response = decode("no picture".getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Not a PNG image");
		assertThat(this.http.get("/crafted.png?bug=nope").statusCode()).isEqualTo(400);
	}

	/**
	 * Decodes a good image, retrying while the group has no ready worker (one being
	 * replaced), and returns what the decoder read.
	 */
	private JsonNode awaitDecoded() throws Exception {
		byte[] good = SampleHttp.png(64, 48);
		long deadline = System.nanoTime() + RECOVERY.toNanos();
		HttpResponse<byte[]> response = decode(good);
		while (response.statusCode() != 200 && System.nanoTime() < deadline) {
			Thread.sleep(100);
			response = decode(good);
		}
		HttpResponse<byte[]> last = response;
		assertThat(last.statusCode()).as(() -> new String(last.body(), StandardCharsets.UTF_8)).isEqualTo(200);
		return JsonMapper.shared().readTree(last.body());
	}

	private HttpResponse<byte[]> decode(byte[] png) {
		try {
			return this.http.post("/decode", "image/png", png);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
