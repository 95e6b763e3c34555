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
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.transport.shm.RawRingPeer;
import io.github.ipcworker.transport.zmq.CurveKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * One caller, back to back: the round trip of each payload through ipc-worker over shared
 * memory and over ZeroMQ, through a single-thread executor in the same JVM, through the
 * bare ring between two JVMs, through bare JeroMQ sockets between two JVMs, and as an
 * HTTP post to a second Spring Boot process. Sampled, so the run reports medians and
 * tails.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RoundTripBenchmarks {

	/** The longest any single round trip may take before the benchmark fails. */
	static final Duration ROUND_TRIP_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * ipc-worker: the benchmark application with the payload's group of two workers, on
	 * shared memory or on ZeroMQ over {@code tcp://127.0.0.1}.
	 */
	@State(Scope.Benchmark)
	public static class IpcWorkerState {

		/** The payload. */
		@Param({ "BYTES_64", "JSON_RECORD", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M" })
		public Payload payload = Payload.BYTES_64;

		/** The transport, as {@code ipc.worker.transport} names it. */
		@Param({ "shm", "zmq" })
		public String transport = "shm";

		ConfigurableApplicationContext context;

		IpcClient ipc;

		String group;

		Class<?> responseType;

		Object request;

		private long seed;

		/** Starts the application and the group. */
		@Setup(Level.Trial)
		public void start() {
			this.context = BenchmarkApplication.run("--ipc.worker.transport=" + this.transport);
			this.ipc = this.context.getBean(IpcClient.class);
			this.group = this.payload.group();
			this.responseType = this.payload.responseType();
			this.ipc.group(this.group).start();
			this.request = this.payload.newRequest(0);
		}

		/** Checks, outside the measurement, that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() {
			Object fresh = this.payload.newRequest(++this.seed);
			this.payload.checkEcho(fresh, this.ipc.call(this.group, fresh, this.responseType, ROUND_TRIP_TIMEOUT),
					"ipc-worker");
		}

		/** Stops the workers. */
		@TearDown(Level.Trial)
		public void stop() {
			if (this.context != null) {
				this.context.close();
			}
		}

	}

	/**
	 * ipc-worker on ZeroMQ with CURVE: the same group as {@link IpcWorkerState}'s over
	 * ZeroMQ, authenticated and encrypted, so that the run shows what CURVE costs per
	 * round trip beside the same case without it.
	 */
	@State(Scope.Benchmark)
	public static class ZmqCurveState {

		/**
		 * The payload: a small one, where the handshake's per-message work shows, and a
		 * large one.
		 */
		@Param({ "BYTES_64", "BYTES_1M" })
		public Payload payload = Payload.BYTES_64;

		ConfigurableApplicationContext context;

		IpcClient ipc;

		String group;

		Object request;

		private long seed;

		/** Starts the application and the group, with a key pair made for the run. */
		@Setup(Level.Trial)
		public void start() {
			CurveKeys server = CurveKeys.generate();
			this.context = BenchmarkApplication.run("--ipc.worker.transport=zmq",
					"--ipc.worker.zmq.server-public-key=" + server.publicKey(),
					"--ipc.worker.zmq.server-secret-key=" + server.secretKey());
			this.ipc = this.context.getBean(IpcClient.class);
			this.group = this.payload.group();
			this.ipc.group(this.group).start();
			this.request = this.payload.newRequest(0);
		}

		/** Checks, outside the measurement, that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() {
			Object fresh = this.payload.newRequest(++this.seed);
			this.payload.checkEcho(fresh,
					this.ipc.call(this.group, fresh, this.payload.responseType(), ROUND_TRIP_TIMEOUT),
					"ipc-worker with CURVE");
		}

		/** Stops the workers. */
		@TearDown(Level.Trial)
		public void stop() {
			if (this.context != null) {
				this.context.close();
			}
		}

	}

	/**
	 * In-process: the same handler as the worker's, behind a single-thread executor.
	 */
	@State(Scope.Benchmark)
	public static class InProcessState {

		/** The payload. */
		@Param({ "BYTES_64", "JSON_RECORD", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M" })
		public Payload payload = Payload.BYTES_64;

		ExecutorService executor;

		IpcHandler<Object, Object> handler;

		Object request;

		private long seed;

		/** Starts the executor. */
		@Setup(Level.Trial)
		public void start() {
			this.executor = Executors.newSingleThreadExecutor(InProcess::daemon);
			this.handler = InProcess.handlerFor(this.payload);
			this.request = this.payload.newRequest(0);
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() throws Exception {
			Object fresh = this.payload.newRequest(++this.seed);
			this.payload.checkEcho(fresh, InProcess.call(this.executor, this.handler, fresh), "the executor");
		}

		/** Stops the executor. */
		@TearDown(Level.Trial)
		public void stop() {
			InProcess.shutdown(this.executor);
		}

	}

	/**
	 * The raw limit: the transport's ring between this JVM and an echo JVM, both
	 * spinning.
	 */
	@State(Scope.Benchmark)
	public static class RawRingState {

		/**
		 * The ring capacity, the same as the benchmark application's {@code shm-size}.
		 */
		static final int RING_CAPACITY = 1 << 20;

		/**
		 * The largest message, the same as the application's {@code max-message-size}.
		 */
		static final int MAX_MESSAGE_SIZE = 32 << 20;

		/** The payload; the ring carries bytes only. */
		@Param({ "BYTES_64", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M" })
		public Payload payload = Payload.BYTES_64;

		RawRingPeer peer;

		JavaProcess echo;

		byte[] request;

		byte[] response;

		private long seed;

		/** Creates the ring and starts the echo JVM. */
		@Setup(Level.Trial)
		public void start() throws IOException, InterruptedException {
			this.peer = RawRingPeer.create(RING_CAPACITY, MAX_MESSAGE_SIZE);
			try {
				this.echo = JavaProcess.start("raw-echo", RawRingEchoMain.class, List.of(),
						List.of(this.peer.file().toString(), Integer.toString(MAX_MESSAGE_SIZE)),
						RawRingEchoMain.ATTACHED);
				this.echo.awaitMarker(Duration.ofSeconds(30));
			}
			finally {
				// Both ends have it mapped, or the echo failed: the name is no longer
				// needed.
				this.peer.deleteFile();
			}
			this.request = (byte[]) this.payload.newRequest(0);
			this.response = new byte[this.payload.length()];
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() {
			byte[] fresh = (byte[]) this.payload.newRequest(++this.seed);
			byte[] answer = new byte[fresh.length];
			int length = roundTrip(fresh, answer);
			this.payload.checkEcho(fresh, Arrays.copyOf(answer, length), "the raw ring echo");
		}

		int roundTrip(byte[] message, byte[] into) {
			long deadlineNs = System.nanoTime() + ROUND_TRIP_TIMEOUT.toNanos();
			this.peer.send(message, message.length, deadlineNs);
			return this.peer.receive(into, deadlineNs);
		}

		/** Stops the echo JVM. */
		@TearDown(Level.Trial)
		public void stop() throws IOException {
			try {
				if (this.echo != null && this.echo.process().isAlive()) {
					this.peer.send(new byte[0], 0, System.nanoTime() + ROUND_TRIP_TIMEOUT.toNanos());
				}
			}
			finally {
				if (this.echo != null) {
					this.echo.close();
				}
				if (this.peer != null) {
					this.peer.deleteFile();
				}
			}
		}

	}

	/**
	 * The raw JeroMQ limit: a DEALER socket here and a ROUTER echo in another JVM, over
	 * {@code tcp://127.0.0.1}; one part per message, nothing of ipc-worker's.
	 */
	@State(Scope.Benchmark)
	public static class RawJeroMqState {

		/** The payload; the sockets carry bytes only. */
		@Param({ "BYTES_64", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M" })
		public Payload payload = Payload.BYTES_64;

		RawJeroMqPeer peer;

		byte[] request;

		private long seed;

		/** Starts the echo JVM and connects the DEALER to it. */
		@Setup(Level.Trial)
		public void start() throws IOException, InterruptedException {
			this.peer = RawJeroMqPeer.start(ROUND_TRIP_TIMEOUT);
			this.request = (byte[]) this.payload.newRequest(0);
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() {
			byte[] fresh = (byte[]) this.payload.newRequest(++this.seed);
			this.payload.checkEcho(fresh, this.peer.roundTrip(fresh), "the raw JeroMQ echo");
		}

		/** Stops the echo JVM and closes the sockets. */
		@TearDown(Level.Trial)
		public void stop() {
			if (this.peer != null) {
				this.peer.close();
			}
		}

	}

	/**
	 * Loopback HTTP: a second Spring Boot process on Tomcat that echoes, called with the
	 * JDK's HTTP client, the record as JSON and bytes as an octet stream.
	 */
	@State(Scope.Benchmark)
	public static class HttpState {

		/** The payload. */
		@Param({ "BYTES_64", "JSON_RECORD", "BYTES_1K", "BYTES_16K", "BYTES_256K", "BYTES_1M", "BYTES_8M" })
		public Payload payload = Payload.JSON_RECORD;

		HttpPeer peer;

		Object request;

		private long seed;

		/** Starts the web application's JVM. */
		@Setup(Level.Trial)
		public void start() throws IOException, InterruptedException {
			this.peer = HttpPeer.start(ROUND_TRIP_TIMEOUT);
			this.request = this.payload.newRequest(0);
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() throws IOException, InterruptedException {
			Object fresh = this.payload.newRequest(++this.seed);
			this.payload.checkEcho(fresh, this.peer.roundTrip(fresh), "the HTTP echo");
		}

		/** Stops the web application's JVM. */
		@TearDown(Level.Trial)
		public void stop() {
			if (this.peer != null) {
				this.peer.close();
			}
		}

	}

	/**
	 * ipc-worker's blocking call.
	 * @param state the started group
	 * @return the answer
	 */
	@Benchmark
	public Object ipcWorker(IpcWorkerState state) {
		Object answer = state.ipc.call(state.group, state.request, state.responseType);
		if (!state.payload.looksLikeEcho(state.request, answer)) {
			throw new IllegalStateException("ipc-worker answered with something else");
		}
		return answer;
	}

	/**
	 * ipc-worker's blocking call over ZeroMQ with CURVE.
	 * @param state the started group
	 * @return the answer
	 */
	@Benchmark
	public Object ipcWorkerCurve(ZmqCurveState state) {
		Object answer = state.ipc.call(state.group, state.request, state.payload.responseType());
		if (!state.payload.looksLikeEcho(state.request, answer)) {
			throw new IllegalStateException("ipc-worker with CURVE answered with something else");
		}
		return answer;
	}

	/**
	 * A hand-off to a single-thread executor and a wait for its result.
	 * @param state the executor
	 * @return the answer
	 * @throws ExecutionException when the handler fails
	 * @throws InterruptedException when interrupted
	 * @throws TimeoutException when the executor does not answer in time
	 */
	@Benchmark
	public Object inProcess(InProcessState state) throws ExecutionException, InterruptedException, TimeoutException {
		Object answer = InProcess.call(state.executor, state.handler, state.request);
		if (!state.payload.looksLikeEcho(state.request, answer)) {
			throw new IllegalStateException("the executor answered with something else");
		}
		return answer;
	}

	/**
	 * A round trip through the bare ring.
	 * @param state the ring and its echo
	 * @return the answer's buffer
	 */
	@Benchmark
	public byte[] rawRing(RawRingState state) {
		int length = state.roundTrip(state.request, state.response);
		if (length != state.request.length) {
			throw new IllegalStateException(
					"the raw ring echo answered " + length + " bytes, not " + state.request.length);
		}
		return state.response;
	}

	/**
	 * A round trip through bare JeroMQ sockets.
	 * @param state the DEALER and its echo
	 * @return the answer
	 */
	@Benchmark
	public byte[] rawJeroMq(RawJeroMqState state) {
		byte[] answer = state.peer.roundTrip(state.request);
		if (answer.length != state.request.length) {
			throw new IllegalStateException(
					"the raw JeroMQ echo answered " + answer.length + " bytes, not " + state.request.length);
		}
		return answer;
	}

	/**
	 * A JSON post to another Spring Boot process over loopback HTTP.
	 * @param state the client and its echo
	 * @return the answer
	 * @throws IOException when the exchange fails
	 * @throws InterruptedException when interrupted
	 */
	@Benchmark
	public Object http(HttpState state) throws IOException, InterruptedException {
		Object answer = state.peer.roundTrip(state.request);
		if (!state.payload.looksLikeEcho(state.request, answer)) {
			throw new IllegalStateException("the HTTP echo answered with something else");
		}
		return answer;
	}

}
