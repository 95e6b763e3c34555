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

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thumbnails as jobs ({@code put}/{@code get}) and in batches ({@code map}), over real
 * HTTP. The same configuration as {@link SampleApplicationTests}, so both share one
 * application context and its worker JVMs.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "ipc.worker.groups.thumbnails.workers=1")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JobsAndBatchTests {

	@LocalServerPort
	private int port;

	private SampleHttp http;

	@BeforeEach
	void connect() {
		this.http = new SampleHttp(this.port);
	}

	@Test
	void aJobIsAcceptedThenItsThumbnailIsCollectedOnce() throws Exception {
		HttpResponse<byte[]> accepted = this.http.post("/jobs?size=64", "image/png", SampleHttp.png(640, 480));
		assertThat(accepted.statusCode()).isEqualTo(202);
		JsonNode job = JsonMapper.shared().readTree(accepted.body());
		long id = job.at("/id").asLong();
		assertThat(job.at("/status").asString()).isEqualTo("running");
		String location = accepted.headers().firstValue("Location").orElseThrow();
		assertThat(location).endsWith("/jobs/" + id);

		String path = location.substring(location.indexOf("/jobs/"));
		List<Integer> statuses = new ArrayList<>();
		HttpResponse<byte[]> result = this.http.get(path);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (result.statusCode() == 202 && System.nanoTime() < deadline) {
			statuses.add(202);
			assertThat(result.headers().firstValue("Retry-After")).hasValue("1");
			Thread.sleep(20);
			result = this.http.get(path);
		}
		assertThat(result.statusCode()).as("after %s", statuses).isEqualTo(200);
		assertThat(result.headers().firstValue("Content-Type")).hasValue("image/png");
		assertThat(SampleHttp.decode(result.body()).getWidth()).isEqualTo(64);
		assertThat(result.headers().firstValue("X-Source-Size")).hasValue("640x480");
		// The answer was handed out: the group no longer holds it.
		assertThat(this.http.get(path).statusCode()).isEqualTo(404);
	}

	@Test
	void anUnknownJobIsNotFound() throws Exception {
		assertThat(this.http.get("/jobs/987654321").statusCode()).isEqualTo(404);
	}

	@Test
	void aFailedJobAnswersWithItsFailure() throws Exception {
		HttpResponse<byte[]> accepted = this.http.post("/jobs", "application/octet-stream",
				"not a picture".getBytes(StandardCharsets.UTF_8));
		assertThat(accepted.statusCode()).isEqualTo(202);
		String path = "/jobs/" + JsonMapper.shared().readTree(accepted.body()).at("/id").asLong();
		HttpResponse<byte[]> result = this.http.get(path);
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (result.statusCode() == 202 && System.nanoTime() < deadline) {
			Thread.sleep(20);
			result = this.http.get(path);
		}
		assertThat(result.statusCode()).isEqualTo(400);
		assertThat(new String(result.body(), StandardCharsets.UTF_8)).contains("Not an image ImageIO can read");
	}

	@Test
	void aBatchMakesOneThumbnailPerSizeInOrder() throws Exception {
		HttpResponse<byte[]> response = this.http.post("/thumbnails/batch?sizes=128,32,64&format=jpeg", "image/png",
				SampleHttp.png(800, 600));
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode thumbnails = JsonMapper.shared().readTree(response.body());
		assertThat(thumbnails.size()).isEqualTo(3);
		int[] widths = { 128, 32, 64 };
		for (int i = 0; i < widths.length; i++) {
			JsonNode thumbnail = thumbnails.get(i);
			assertThat(thumbnail.at("/width").asInt()).isEqualTo(widths[i]);
			assertThat(thumbnail.at("/height").asInt()).isEqualTo(widths[i] * 3 / 4);
			assertThat(thumbnail.at("/format").asString()).isEqualTo("jpeg");
			assertThat(SampleHttp.decode(thumbnail.at("/image").binaryValue()).getWidth()).isEqualTo(widths[i]);
		}
	}

	@Test
	void aBatchFailsWithItsFirstFailure() throws Exception {
		HttpResponse<byte[]> response = this.http.post("/thumbnails/batch?sizes=32,0", "image/png",
				SampleHttp.png(80, 60));
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(new String(response.body(), StandardCharsets.UTF_8))
			.contains("Thumbnail size must be between 1 and 4096, was 0");
	}

	@Test
	void aBatchOfTooManySizesIsABadRequest() throws Exception {
		String sizes = "16,".repeat(16) + "16";
		assertThat(this.http.post("/thumbnails/batch?sizes=" + sizes, "image/png", SampleHttp.png(10, 10)).statusCode())
			.isEqualTo(400);
	}

}
