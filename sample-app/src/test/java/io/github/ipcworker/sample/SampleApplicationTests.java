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

import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample application over real HTTP, with its worker JVMs started from the test's
 * class path ({@code @SpringBootTest}).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ipc.worker.groups.thumbnails.workers=1")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void postingAnImageReturnsItsThumbnailMadeInAWorker() throws Exception {
		HttpResponse<byte[]> response = this.http.post("/thumbnails?size=128", "image/png", SampleHttp.png(800, 600));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
		BufferedImage thumbnail = SampleHttp.decode(response.body());
		assertThat(thumbnail.getWidth()).isEqualTo(128);
		assertThat(thumbnail.getHeight()).isEqualTo(96);
		assertThat(response.headers().firstValue("X-Source-Size")).hasValue("800x600");
		long workerPid = Long.parseLong(response.headers().firstValue("X-Worker-Pid").orElseThrow());
		assertThat(workerPid).isNotEqualTo(ProcessHandle.current().pid());
	}

	@Test
	void workersStartWithDevToolsOnTheClassPath() {
		// DevTools in a worker JVM, left on, would run the worker's main method a second
		// time and hang it until the startup timeout: every test here would fail. This
		// one
		// keeps that guard from going away unnoticed with the dependency.
		assertThat(ClassUtils.isPresent("org.springframework.boot.devtools.restart.Restarter", null)).isTrue();
	}

	@Test
	void theGeneratedSampleMakesAJpegThumbnail() throws Exception {
		byte[] sample = this.http.get("/sample.png?width=640&height=480").body();
		HttpResponse<byte[]> response = this.http.post("/thumbnails?size=64&format=jpeg", "image/png", sample);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("image/jpeg");
		assertThat(SampleHttp.decode(response.body()).getWidth()).isEqualTo(64);
	}

	@Test
	void somethingThatIsNotAnImageIsABadRequestAndTheWorkerKeepsServing() throws Exception {
		HttpResponse<byte[]> response = this.http.post("/thumbnails", "application/octet-stream",
				"definitely not a picture".getBytes(StandardCharsets.UTF_8));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Not an image ImageIO can read");
		assertThat(this.http.post("/thumbnails", "image/png", SampleHttp.png(50, 50)).statusCode()).isEqualTo(200);
	}

	@Test
	void unsupportedFormatIsABadRequest() throws Exception {
		HttpResponse<byte[]> response = this.http.post("/thumbnails?format=tiff", "image/png", SampleHttp.png(10, 10));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new String(response.body(), StandardCharsets.UTF_8)).contains("Unsupported thumbnail format");
	}

	@Test
	void primesArriveAsServerSentEvents() throws Exception {
		HttpResponse<byte[]> response = this.http.get("/primes?below=30");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
		String body = new String(response.body(), StandardCharsets.UTF_8);
		List<String> primes = body.lines()
			.filter((line) -> line.startsWith("data:"))
			.map((line) -> line.substring(5).trim())
			.toList();
		assertThat(primes).containsExactly("2", "3", "5", "7", "11", "13", "17", "19", "23", "29", "10");
		assertThat(body).contains("event:prime").contains("event:done");
	}

	@Test
	void aBadBoundArrivesAsAnErrorEvent() throws Exception {
		String body = new String(this.http.get("/primes?below=1").body(), StandardCharsets.UTF_8);
		assertThat(body).contains("event:error").contains("The bound must be between 2 and");
	}

	@Test
	void actuatorShowsHealthAndMetrics() throws Exception {
		HttpResponse<byte[]> health = this.http.get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(200);
		assertThat(new String(health.body(), StandardCharsets.UTF_8)).contains("\"status\":\"UP\"");
		assertThat(this.http.get("/actuator/metrics").statusCode()).isEqualTo(200);
	}

	@Test
	void actuatorShowsTheThumbnailGroupWithItsFigures() throws Exception {
		assertThat(this.http.post("/thumbnails?size=32", "image/png", SampleHttp.png(64, 64)).statusCode())
			.isEqualTo(200);
		// The group records a request just after its caller got the answer.
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			JsonNode requests = json("/actuator/metrics/ipc.worker.requests?tag=group:thumbnails&tag=outcome:success");
			assertThat(requests.at("/measurements/0/statistic").asString()).isEqualTo("COUNT");
			assertThat(requests.at("/measurements/0/value").asDouble()).isGreaterThanOrEqualTo(1);
		});
		JsonNode execution = json("/actuator/metrics/ipc.worker.execution?tag=group:thumbnails");
		assertThat(execution.at("/measurements/1/statistic").asString()).isEqualTo("TOTAL_TIME");
		assertThat(execution.at("/measurements/1/value").asDouble()).isPositive();

		JsonNode health = json("/actuator/health").at("/components/ipcWorker/components/thumbnails");
		assertThat(health.at("/status").asString()).isEqualTo("UP");
		assertThat(health.at("/details/state").asString()).isEqualTo("UP");
		assertThat(health.at("/details/liveWorkers").asInt()).isEqualTo(1);
		assertThat(health.at("/details/targetWorkers").asInt()).isEqualTo(1);

		JsonNode group = json("/actuator/ipcworkers").at("/groups/thumbnails");
		assertThat(group.at("/transport").asString()).isEqualTo("shm");
		assertThat(group.at("/size").asInt()).isEqualTo(1);
		assertThat(group.at("/status").asString()).isEqualTo("UP");
		JsonNode worker = group.at("/workers/0");
		assertThat(worker.at("/state").asString()).isEqualTo("READY");
		assertThat(worker.at("/pid").asLong()).isPositive().isNotEqualTo(ProcessHandle.current().pid());
		assertThat(worker.at("/requestsServed").asLong()).isPositive();
		assertThat(Instant.parse(worker.at("/startedAt").asString())).isBefore(Instant.now());
		assertThat(json("/actuator/ipcworkers/thumbnails").at("/workers/0/pid").asLong())
			.isEqualTo(worker.at("/pid").asLong());
		assertThat(this.http.get("/actuator/ipcworkers/nope").statusCode()).isEqualTo(404);
	}

	private JsonNode json(String path) throws Exception {
		HttpResponse<byte[]> response = this.http.get(path);
		assertThat(response.statusCode()).as(path).isEqualTo(200);
		return JsonMapper.shared().readTree(response.body());
	}

}
