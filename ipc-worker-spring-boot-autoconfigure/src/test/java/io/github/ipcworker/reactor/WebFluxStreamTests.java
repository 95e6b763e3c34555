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
package io.github.ipcworker.reactor;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A WebFlux application whose controller returns a worker's {@link Flux}, served by a
 * real server on a random port: the items reach the HTTP client as the worker makes them,
 * and a client that goes away stops the worker's stream. The workers run in-process, so
 * the test starts no JVM.
 */
@SpringBootTest(classes = ReactorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.main.web-application-type=reactive", "ipc.worker.mode=in-process",
				"ipc.worker.groups.primes.stream-window=8" })
@AutoConfigureWebTestClient
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WebFluxStreamTests {

	private static final Duration AWAIT = Duration.ofSeconds(10);

	@Autowired
	private WebTestClient client;

	@BeforeEach
	void reset() {
		ReactorApplication.reset();
	}

	@Test
	void controllerStreamsTheWorkersItemsAsNdjson() {
		this.client.get()
			.uri("/primes?below=50")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
			.expectBodyList(Long.class)
			.isEqualTo(List.of(2L, 3L, 5L, 7L, 11L, 13L, 17L, 19L, 23L, 29L, 31L, 37L, 41L, 43L, 47L));
	}

	@Test
	void controllerStreamsTheWorkersItemsAsServerSentEvents() {
		Flux<Long> primes = this.client.get()
			.uri("/primes?below=20")
			.accept(MediaType.TEXT_EVENT_STREAM)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.returnResult(Long.class)
			.getResponseBody();
		StepVerifier.create(primes).expectNext(2L, 3L, 5L, 7L, 11L, 13L, 17L, 19L).expectComplete().verify(AWAIT);
	}

	@Test
	void clientThatCancelsStopsTheWorkersStream() throws InterruptedException {
		// Without the cancel, this stream would go on for hours.
		Flux<Long> primes = this.client.get()
			.uri("/primes?below=" + Long.MAX_VALUE)
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.returnResult(Long.class)
			.getResponseBody();
		StepVerifier.create(primes).expectNext(2L, 3L, 5L, 7L, 11L).thenCancel().verify(AWAIT);
		await().atMost(AWAIT).until(() -> ReactorApplication.primesClosed);
		long made = ReactorApplication.primesMade.get();
		Thread.sleep(300);
		assertThat(ReactorApplication.primesMade.get()).isEqualTo(made);
		// The worker is free again for the next request.
		this.client.get()
			.uri("/primes?below=10")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectBodyList(Long.class)
			.isEqualTo(List.of(2L, 3L, 5L, 7L));
	}

	@Test
	void controllerMapsAFluxOfInputsOverTheWorkers() {
		this.client.get()
			.uri("/squares?count=50")
			.accept(MediaType.APPLICATION_NDJSON)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(Long.class)
			.isEqualTo(LongStream.rangeClosed(1, 50).map((n) -> n * n).boxed().toList());
	}

}
