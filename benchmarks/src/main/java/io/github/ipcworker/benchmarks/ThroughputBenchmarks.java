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
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.github.ipcworker.IpcClient;
import io.github.ipcworker.IpcHandler;
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
import org.openjdk.jmh.annotations.Threads;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Thirty-two callers at once, each waiting for its own 64-byte answer: requests per
 * second through a group of two workers on shared memory and on ZeroMQ, and through an
 * executor of two threads in the same JVM; beside them, bare JeroMQ sockets between two
 * JVMs with as many requests in flight.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(ThroughputBenchmarks.CALLERS)
public class ThroughputBenchmarks {

	/** Concurrent callers. */
	static final int CALLERS = 32;

	/** Workers, and the in-process baseline's threads. */
	static final int WORKERS = 2;

	/**
	 * ipc-worker: the echo group of two workers, with the default prefetch, on shared
	 * memory or on ZeroMQ over {@code tcp://127.0.0.1}.
	 */
	@State(Scope.Benchmark)
	public static class IpcWorkerState {

		/** The transport, as {@code ipc.worker.transport} names it. */
		@Param({ "shm", "zmq" })
		public String transport = "shm";

		/**
		 * {@code ipc.worker.prefetch}: 0 (the default) adapts it; run with
		 * {@code -p prefetch=0,1} to compare with one request per worker.
		 */
		@Param({ "0" })
		public String prefetch = "0";

		ConfigurableApplicationContext context;

		IpcClient ipc;

		byte[] request;

		private long seed;

		/** Starts the application and the echo group. */
		@Setup(Level.Trial)
		public void start() {
			this.context = BenchmarkApplication.run("--ipc.worker.groups.echo.workers=" + WORKERS,
					"--ipc.worker.transport=" + this.transport, "--ipc.worker.prefetch=" + this.prefetch);
			this.ipc = this.context.getBean(IpcClient.class);
			this.ipc.group(BenchmarkApplication.ECHO_GROUP).start();
			this.request = (byte[]) Payload.BYTES_64.newRequest(0);
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() {
			Object fresh = Payload.BYTES_64.newRequest(++this.seed);
			Payload.BYTES_64.checkEcho(fresh, this.ipc.call(BenchmarkApplication.ECHO_GROUP, fresh, byte[].class,
					RoundTripBenchmarks.ROUND_TRIP_TIMEOUT), "ipc-worker");
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
	 * ipc-worker, pipelined like the raw JeroMQ baseline: one thread keeps
	 * {@link #CALLERS} requests in flight with {@code submit}. Beside the thirty-two
	 * blocking callers it tells how much of their gap to the raw sockets is the transport
	 * and how much is waking thirty-two threads, one per answer.
	 */
	@State(Scope.Benchmark)
	public static class PipelinedState extends IpcWorkerState {

		final ArrayDeque<CompletableFuture<byte[]>> inFlight = new ArrayDeque<>();

		/** Puts the requests in flight, after the check of the state it extends. */
		@Setup(Level.Iteration)
		public void fill() {
			for (int i = 0; i < CALLERS; i++) {
				this.inFlight.add(this.ipc.submit(BenchmarkApplication.ECHO_GROUP, this.request, byte[].class));
			}
		}

		/** Takes the answers still in flight. */
		@TearDown(Level.Iteration)
		public void drain() {
			while (!this.inFlight.isEmpty()) {
				checkLength(this.inFlight.poll().join(), this.request);
			}
		}

	}

	/**
	 * In-process: the echo handler behind an executor of two threads.
	 */
	@State(Scope.Benchmark)
	public static class InProcessState {

		ExecutorService executor;

		IpcHandler<Object, Object> handler;

		byte[] request;

		private long seed;

		/** Starts the executor. */
		@Setup(Level.Trial)
		public void start() {
			this.executor = Executors.newFixedThreadPool(WORKERS, InProcess::daemon);
			this.handler = InProcess.handlerFor(Payload.BYTES_64);
			this.request = (byte[]) Payload.BYTES_64.newRequest(0);
		}

		/** Checks that a fresh request comes back intact. */
		@Setup(Level.Iteration)
		public void verify() throws Exception {
			Object fresh = Payload.BYTES_64.newRequest(++this.seed);
			Payload.BYTES_64.checkEcho(fresh, InProcess.call(this.executor, this.handler, fresh), "the executor");
		}

		/** Stops the executor. */
		@TearDown(Level.Trial)
		public void stop() {
			InProcess.shutdown(this.executor);
		}

	}

	/**
	 * Raw JeroMQ, pipelined: one thread keeps {@link #CALLERS} 64-byte requests in flight
	 * on one DEALER socket, to a ROUTER echo in another JVM over {@code tcp://127.0.0.1}.
	 * The same depth as the callers', without their threads: a JeroMQ socket belongs to
	 * one thread, so thirty-two callers would have to share one behind a lock or open
	 * thirty-two connections, and either would measure something else than the sockets
	 * ipc-worker uses. Each operation takes one answer and sends the next request.
	 */
	@State(Scope.Benchmark)
	public static class RawJeroMqState {

		RawJeroMqPeer peer;

		byte[] request;

		private long seed;

		/** Starts the echo JVM and connects the DEALER to it. */
		@Setup(Level.Trial)
		public void start() throws IOException, InterruptedException {
			this.peer = RawJeroMqPeer.start(RoundTripBenchmarks.ROUND_TRIP_TIMEOUT);
			this.request = (byte[]) Payload.BYTES_64.newRequest(0);
		}

		/**
		 * Checks that a fresh request comes back intact, then puts the requests in
		 * flight.
		 */
		@Setup(Level.Iteration)
		public void fill() {
			Object fresh = Payload.BYTES_64.newRequest(++this.seed);
			Payload.BYTES_64.checkEcho(fresh, this.peer.roundTrip((byte[]) fresh), "the raw JeroMQ echo");
			for (int i = 0; i < CALLERS; i++) {
				this.peer.send(this.request);
			}
		}

		/** Takes the answers still in flight. */
		@TearDown(Level.Iteration)
		public void drain() {
			for (int i = 0; i < CALLERS; i++) {
				checkLength(this.peer.receive(), this.request);
			}
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
	 * ipc-worker's blocking call.
	 * @param state the started group
	 * @return the answer
	 */
	@Benchmark
	public byte[] ipcWorker(IpcWorkerState state) {
		byte[] answer = state.ipc.call(BenchmarkApplication.ECHO_GROUP, state.request, byte[].class);
		checkLength(answer, state.request);
		return answer;
	}

	/**
	 * Takes the oldest answer of the pipelined requests and submits the next.
	 * @param state the started group and the requests in flight
	 * @return the answer
	 */
	@Benchmark
	@Threads(1)
	public byte[] ipcWorkerPipelined(PipelinedState state) {
		byte[] answer = state.inFlight.poll().join();
		checkLength(answer, state.request);
		state.inFlight.add(state.ipc.submit(BenchmarkApplication.ECHO_GROUP, state.request, byte[].class));
		return answer;
	}

	/**
	 * A hand-off to the executor and a wait for the result.
	 * @param state the executor
	 * @return the answer
	 * @throws ExecutionException when the handler fails
	 * @throws InterruptedException when interrupted
	 * @throws TimeoutException when the executor does not answer in time
	 */
	@Benchmark
	public Object inProcess(InProcessState state) throws ExecutionException, InterruptedException, TimeoutException {
		Object answer = InProcess.call(state.executor, state.handler, state.request);
		if (!Payload.BYTES_64.looksLikeEcho(state.request, answer)) {
			throw new IllegalStateException("the executor answered with something else");
		}
		return answer;
	}

	/**
	 * Takes the next answer off the raw JeroMQ socket and sends the next request, keeping
	 * {@link #CALLERS} in flight.
	 * @param state the DEALER, its echo and the requests in flight
	 * @return the answer
	 */
	@Benchmark
	@Threads(1)
	public byte[] rawJeroMq(RawJeroMqState state) {
		byte[] answer = state.peer.receive();
		checkLength(answer, state.request);
		state.peer.send(state.request);
		return answer;
	}

	private static void checkLength(byte[] answer, byte[] request) {
		if (answer.length != request.length) {
			throw new IllegalStateException("answered " + answer.length + " bytes, not " + request.length);
		}
	}

}
