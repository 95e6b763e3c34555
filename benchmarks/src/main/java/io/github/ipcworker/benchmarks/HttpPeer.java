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
package io.github.ipcworker.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.ipcworker.benchmarks.BenchmarkApplication.Quote;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The loopback HTTP baseline: what a Spring user does today instead of a worker pool. A
 * second Spring Boot process ({@link HttpEchoMain}, Tomcat and Spring MVC) echoes, and
 * this JVM posts to it over {@code http://127.0.0.1} with the JDK's {@link HttpClient}
 * (HTTP/1.1, one kept-alive connection when calls are back to back). The record goes as
 * JSON both ways, written and read here with a cached Jackson writer and reader, as
 * ipc-worker's codec does; a {@code byte[]} goes as {@code application/octet-stream}.
 *
 * <p>
 * Thread-safe, as the client is, though the benchmarks call it from one thread.
 */
final class HttpPeer implements AutoCloseable {

	private static final Duration ECHO_START_TIMEOUT = Duration.ofSeconds(60);

	private static final String JSON = "application/json";

	private static final String OCTETS = "application/octet-stream";

	private final JavaProcess echo;

	private final ExecutorService executor;

	private final HttpClient client;

	private final Duration timeout;

	private final URI quoteUri;

	private final URI bytesUri;

	private final ObjectWriter writer;

	private final ObjectReader reader;

	private HttpPeer(JavaProcess echo, int port, Duration timeout) {
		this.echo = echo;
		// Our own daemon threads, so that they end with close() on JDK 17 too, where
		// the client itself has no close().
		this.executor = Executors.newCachedThreadPool((task) -> {
			Thread thread = new Thread(task, "bench-http-client");
			thread.setDaemon(true);
			return thread;
		});
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(timeout)
			.executor(this.executor)
			.build();
		this.timeout = timeout;
		this.quoteUri = URI.create("http://127.0.0.1:" + port + HttpEchoMain.QUOTE_PATH);
		this.bytesUri = URI.create("http://127.0.0.1:" + port + HttpEchoMain.BYTES_PATH);
		JsonMapper mapper = JsonMapper.builder().build();
		this.writer = mapper.writerFor(Quote.class);
		this.reader = mapper.readerFor(Quote.class);
	}

	/**
	 * Starts the echo JVM and waits until it listens.
	 * @param timeout how long one round trip may take
	 * @return the peer
	 * @throws IOException when the echo JVM cannot be started
	 * @throws InterruptedException when interrupted while it starts
	 */
	static HttpPeer start(Duration timeout) throws IOException, InterruptedException {
		JavaProcess echo = JavaProcess.start("http-echo", HttpEchoMain.class, ProcessHarness.WORKER_JVM_ARGS, List.of(),
				HttpEchoMain.LISTENING);
		try {
			echo.awaitMarker(ECHO_START_TIMEOUT);
			return new HttpPeer(echo, Integer.parseInt(echo.markerArgument()), timeout);
		}
		catch (RuntimeException | InterruptedException ex) {
			echo.close();
			throw ex;
		}
	}

	/**
	 * Posts a request and reads the echo.
	 * @param request a {@link Quote} or a {@code byte[]}
	 * @return the answer, of the request's type
	 * @throws IOException when the exchange fails
	 * @throws InterruptedException when interrupted
	 * @throws IllegalStateException when the status is not 200
	 */
	Object roundTrip(Object request) throws IOException, InterruptedException {
		boolean bytes = request instanceof byte[];
		byte[] body = bytes ? (byte[]) request : this.writer.writeValueAsBytes(request);
		HttpRequest post = HttpRequest.newBuilder(bytes ? this.bytesUri : this.quoteUri)
			.timeout(this.timeout)
			.header("Content-Type", bytes ? OCTETS : JSON)
			.header("Accept", bytes ? OCTETS : JSON)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		HttpResponse<byte[]> response = this.client.send(post, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("the HTTP echo answered with status " + response.statusCode());
		}
		return bytes ? response.body() : this.reader.readValue(response.body());
	}

	/** Ends the echo JVM and the client's threads. */
	@Override
	public void close() {
		try {
			this.echo.close();
		}
		finally {
			this.executor.shutdownNow();
		}
	}

}
