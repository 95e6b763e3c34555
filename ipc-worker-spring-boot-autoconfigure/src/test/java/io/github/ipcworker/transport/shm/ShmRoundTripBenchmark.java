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
package io.github.ipcworker.transport.shm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.ipcworker.protocol.Frame;
import io.github.ipcworker.protocol.FrameType;
import io.github.ipcworker.transport.FrameListener;
import org.jspecify.annotations.Nullable;

/**
 * Measures round trips of a small frame between this JVM and a {@link ShmEchoWorker} JVM:
 * back to back, where both sides stay in their spin period, and paced, where both sides
 * have gone to sleep on the doorbell before each request, so each round trip pays two
 * wake-ups. The measuring thread waits for each reply by spinning ({@code spin}) or
 * parked until the reader thread unparks it ({@code park}); with fewer cores than
 * spinning threads, spinning threads take turns only when one yields. With
 * {@code inline}, the back-to-back requests are sent by the listener on the reader thread
 * itself, so only the two ends of the link run: the transport's own round trip. Run by
 * hand, not a test:
 *
 * <pre>
 * java -cp target/test-classes:target/classes:&lt;dependencies&gt; \
 *     io.github.ipcworker.transport.shm.ShmRoundTripBenchmark [roundTrips] [pacedRoundTrips] [spin|park|inline]
 * </pre>
 */
public final class ShmRoundTripBenchmark {

	private ShmRoundTripBenchmark() {
	}

	/**
	 * Runs the measurements and prints percentiles.
	 * @param args the number of back-to-back and of paced round trips, and how to wait
	 * for replies: {@code spin} (the default), {@code park} or {@code inline}
	 * @throws Exception on failure
	 */
	public static void main(String[] args) throws Exception {
		int roundTrips = (args.length > 0) ? Integer.parseInt(args[0]) : 200_000;
		int pacedRoundTrips = (args.length > 1) ? Integer.parseInt(args[1]) : 500;
		boolean park = args.length > 2 && !args[2].equals("spin");
		Path directory = ShmFiles.defaultDirectory();
		Handoff handoff = new Handoff(park ? Thread.currentThread() : null);
		try (ShmWorkerLink link = new ShmTransport("bench", new ShmOptions(directory, 1 << 20, 1 << 20)).open(0)) {
			link.start(handoff);
			Map<String, String> settings = link.childSettings();
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			Process worker = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
					ShmEchoWorker.class.getName(), settings.get(ShmChildLink.FILE_KEY),
					settings.get(ShmChildLink.SOCKET_KEY))
				.inheritIO()
				.redirectInput(ProcessBuilder.Redirect.PIPE)
				.start();
			try {
				handoff.await(TimeUnit.SECONDS.toNanos(30));
				byte[] payload = new byte[16];
				long[] warmUp = roundTrips(link, handoff, payload, roundTrips, 0L);
				System.out.println("warm-up: " + summary(warmUp));
				if (args.length > 2 && args[2].equals("inline")) {
					System.out.println("back to back, sent from the reader thread: "
							+ summary(inlineRoundTrips(link, handoff, payload, roundTrips)));
				}
				else {
					System.out.println("back to back: " + summary(roundTrips(link, handoff, payload, roundTrips, 0L)));
				}
				System.out.println("paced 5 ms apart (both sides asleep): " + summary(
						roundTrips(link, handoff, payload, pacedRoundTrips, TimeUnit.MILLISECONDS.toNanos(5))));
			}
			finally {
				worker.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
			}
		}
	}

	private static long[] roundTrips(ShmWorkerLink link, Handoff handoff, byte[] payload, int count, long pauseNs)
			throws Exception {
		long[] latenciesNs = new long[count];
		for (int i = 0; i < count; i++) {
			if (pauseNs > 0) {
				LockSupport.parkNanos(pauseNs);
			}
			long startNs = System.nanoTime();
			link.send(Frame.of(FrameType.REQUEST, 0, 0, i, payload), Duration.ofSeconds(5));
			handoff.await(TimeUnit.SECONDS.toNanos(5));
			latenciesNs[i] = System.nanoTime() - startNs;
		}
		return latenciesNs;
	}

	private static long[] inlineRoundTrips(ShmWorkerLink link, Handoff handoff, byte[] payload, int count)
			throws Exception {
		long[] latenciesNs = new long[count];
		handoff.inline = (frame) -> {
			int i = (int) frame.requestId();
			latenciesNs[i] = System.nanoTime() - handoff.sentNs;
			if (i + 1 == count) {
				return true;
			}
			handoff.sentNs = System.nanoTime();
			link.send(Frame.of(FrameType.REQUEST, 0, 0, i + 1, payload), Duration.ofSeconds(5));
			return false;
		};
		handoff.sentNs = System.nanoTime();
		link.send(Frame.of(FrameType.REQUEST, 0, 0, 0, payload), Duration.ofSeconds(5));
		handoff.await(TimeUnit.SECONDS.toNanos(60));
		handoff.inline = null;
		return latenciesNs;
	}

	private static String summary(long[] latenciesNs) {
		long[] sorted = latenciesNs.clone();
		Arrays.sort(sorted);
		return String.format("n=%d p50=%.1f us p90=%.1f us p99=%.1f us p99.9=%.1f us max=%.1f us", sorted.length,
				percentile(sorted, 0.50), percentile(sorted, 0.90), percentile(sorted, 0.99), percentile(sorted, 0.999),
				sorted[sorted.length - 1] / 1e3);
	}

	private static double percentile(long[] sorted, double fraction) {
		return sorted[Math.min(sorted.length - 1, (int) (fraction * sorted.length))] / 1e3;
	}

	/**
	 * Hands each frame from the reader thread to the measuring thread.
	 */
	private static final class Handoff implements FrameListener {

		private final @Nullable Thread parked;

		private volatile @Nullable Frame frame;

		volatile @Nullable InlineStep inline;

		long sentNs;

		Handoff(@Nullable Thread parked) {
			this.parked = parked;
		}

		@Override
		public void onFrame(Frame frame) {
			InlineStep inline = this.inline;
			try {
				if (inline != null && !inline.next(frame)) {
					return;
				}
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
			this.frame = frame;
			if (this.parked != null) {
				LockSupport.unpark(this.parked);
			}
		}

		@Override
		public void onBadFrame(long requestId, RuntimeException problem) {
			throw problem;
		}

		@Override
		public void onClosed(@Nullable Throwable cause) {
		}

		void await(long timeoutNs) {
			long startNs = System.nanoTime();
			while (this.frame == null) {
				if (System.nanoTime() - startNs > timeoutNs) {
					throw new IllegalStateException("no reply");
				}
				if (this.parked != null) {
					LockSupport.parkNanos(timeoutNs);
				}
				else {
					Thread.onSpinWait();
				}
			}
			this.frame = null;
		}

	}

	/**
	 * One step of the inline mode, run on the reader thread.
	 */
	@FunctionalInterface
	private interface InlineStep {

		/**
		 * Handles a reply.
		 * @param frame the reply
		 * @return whether the run is over
		 * @throws Exception on failure
		 */
		boolean next(Frame frame) throws Exception;

	}

}
