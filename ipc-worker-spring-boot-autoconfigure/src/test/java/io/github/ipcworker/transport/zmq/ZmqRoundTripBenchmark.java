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

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.FrameListener;
import org.jspecify.annotations.Nullable;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * Measures round trips of one small frame between this JVM and another: first with bare
 * JeroMQ sockets (ROUTER here, DEALER there) over {@code tcp://127.0.0.1} and over
 * {@code ipc://}, which JeroMQ 0.6.0 also carries over loopback TCP, then through the
 * transport ({@link ZmqTransport} here, a {@link ZmqEchoWorker} there) over
 * {@code tcp://127.0.0.1}. Each run is back to back: the next request leaves when the
 * reply is in; the transport's throughput is also measured with requests in flight. Run
 * by hand, not a test:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:&lt;dependencies&gt; \
 *     io.github.ipcworker.transport.zmq.ZmqRoundTripBenchmark [roundTrips]
 * </pre>
 */
public final class ZmqRoundTripBenchmark {

	private static final byte[] SMALL = new byte[40];

	/** Requests in flight in the pipelined run. */
	private static final int WINDOW = 32;

	private ZmqRoundTripBenchmark() {
	}

	/**
	 * Runs the measurements and prints percentiles, or, with {@code echo <endpoint>},
	 * plays the bare DEALER that answers them.
	 * @param args the number of round trips per run, or the echo arguments
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length > 1 && args[0].equals("echo")) {
			echo(args[1]);
			return;
		}
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 20_000;
		for (int run = 0; run < 2; run++) {
			System.out.println("bare JeroMQ, tcp://127.0.0.1: " + summary(bare("tcp://127.0.0.1:*", roundTrips)));
			System.out.println("bare JeroMQ, ipc://:          "
					+ summary(bare("ipc://ipc-worker-bench-" + ProcessHandle.current().pid() + "-" + run, roundTrips)));
		}
		System.out.println("zmq transport, tcp://127.0.0.1: " + summary(link(roundTrips)));
	}

	private static long[] bare(String endpoint, int roundTrips) throws Exception {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket router = context.createSocket(SocketType.ROUTER);
			router.setLinger(0);
			router.bind(endpoint);
			Process echo = startJava(ZmqRoundTripBenchmark.class.getName(), "echo", router.getLastEndpoint());
			try {
				byte[] routingId = router.recv();
				router.recv();
				long[] warmUp = new long[roundTrips / 4];
				bareRoundTrips(router, routingId, warmUp);
				long[] latenciesNs = new long[roundTrips];
				bareRoundTrips(router, routingId, latenciesNs);
				return latenciesNs;
			}
			finally {
				echo.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
	}

	private static void bareRoundTrips(ZMQ.Socket router, byte[] routingId, long[] latenciesNs) {
		for (int i = 0; i < latenciesNs.length; i++) {
			long startNs = System.nanoTime();
			router.sendMore(routingId);
			router.send(SMALL);
			router.recv();
			router.recv();
			latenciesNs[i] = System.nanoTime() - startNs;
		}
	}

	private static void echo(String endpoint) {
		try (ZContext context = new ZContext(1)) {
			ZMQ.Socket dealer = context.createSocket(SocketType.DEALER);
			dealer.setLinger(0);
			dealer.connect(endpoint);
			dealer.send("hello");
			while (true) {
				byte[] message = dealer.recv();
				if (message == null) {
					return;
				}
				dealer.send(message);
			}
		}
	}

	private static long[] link(int roundTrips) throws Exception {
		Handoff handoff = new Handoff(Thread.currentThread());
		try (ZmqTransport transport = new ZmqTransport("bench", ZmqOptions.defaults())) {
			ZmqWorkerLink link = transport.open(0);
			link.start(handoff);
			Process worker = startJava(ZmqEchoWorker.class.getName());
			try {
				ZmqEchoWorker.writeSettings(worker.getOutputStream(), link.childSettings());
				handoff.await();
				linkRoundTrips(link, handoff, new long[roundTrips / 4]);
				long[] latenciesNs = new long[roundTrips];
				long startNs = System.nanoTime();
				linkRoundTrips(link, handoff, latenciesNs);
				double seconds = (System.nanoTime() - startNs) / 1e9;
				System.out.printf("zmq transport: %.0f round trips/s back to back%n", roundTrips / seconds);
				System.out.printf("zmq transport: %.0f round trips/s with %d in flight%n",
						pipelined(link, handoff, roundTrips * 5), WINDOW);
				return latenciesNs;
			}
			finally {
				link.close();
				worker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * Keeps {@link #WINDOW} requests in flight, as a group with several callers does.
	 * @return round trips per second
	 */
	private static double pipelined(ZmqWorkerLink link, Handoff handoff, int count) throws Exception {
		handoff.counted = new Semaphore(0);
		long startNs = System.nanoTime();
		for (int i = 0; i < count; i++) {
			if (i >= WINDOW) {
				handoff.counted.acquire();
			}
			link.send(Frame.of(FrameType.REQUEST, 0, 0, i, SMALL), Duration.ofSeconds(5));
		}
		handoff.counted.acquire(WINDOW);
		double seconds = (System.nanoTime() - startNs) / 1e9;
		handoff.counted = null;
		return count / seconds;
	}

	private static void linkRoundTrips(ZmqWorkerLink link, Handoff handoff, long[] latenciesNs) throws Exception {
		for (int i = 0; i < latenciesNs.length; i++) {
			long startNs = System.nanoTime();
			link.send(Frame.of(FrameType.REQUEST, 0, 0, i, new byte[0]), Duration.ofSeconds(5));
			handoff.await();
			latenciesNs[i] = System.nanoTime() - startNs;
		}
	}

	private static Process startJava(String... mainAndArgs) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		String[] command = new String[mainAndArgs.length + 3];
		command[0] = java;
		command[1] = "-cp";
		command[2] = System.getProperty("java.class.path");
		System.arraycopy(mainAndArgs, 0, command, 3, mainAndArgs.length);
		return new ProcessBuilder(command).inheritIO().redirectInput(ProcessBuilder.Redirect.PIPE).start();
	}

	private static String summary(long[] latenciesNs) {
		long[] sorted = latenciesNs.clone();
		Arrays.sort(sorted);
		return String.format("n=%d p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us", sorted.length,
				percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99),
				sorted[sorted.length - 1] / 1e3);
	}

	private static double percentile(long[] sorted, double fraction) {
		return sorted[Math.min(sorted.length - 1, (int) (fraction * sorted.length))] / 1e3;
	}

	/**
	 * Hands each frame from the link's delivering thread to the measuring thread.
	 */
	private static final class Handoff implements FrameListener {

		private final Thread waiter;

		private volatile @Nullable Frame frame;

		/** Counts replies instead of handing them over, during the pipelined run. */
		volatile @Nullable Semaphore counted;

		Handoff(Thread waiter) {
			this.waiter = waiter;
		}

		@Override
		public void onFrame(Frame frame) {
			Semaphore counted = this.counted;
			if (counted != null) {
				counted.release();
				return;
			}
			this.frame = frame;
			LockSupport.unpark(this.waiter);
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			throw problem;
		}

		@Override
		public void onClosed(@Nullable Throwable cause) {
		}

		void await() {
			long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (this.frame == null) {
				if (System.nanoTime() - deadlineNs > 0) {
					throw new IllegalStateException("no reply");
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
			}
			this.frame = null;
		}

	}

}
