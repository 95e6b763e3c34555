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

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of the Reactor tests: a job worker, a worker that streams primes, and a
 * WebFlux controller that returns the primes' {@link Flux}. What the workers record is
 * static, so the tests can see it; the tests run one at a time.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ReactorApplication.JobWorker.class, ReactorApplication.PrimeWorker.class,
		ReactorApplication.PrimeController.class })
public class ReactorApplication {

	/** Jobs a handler began. */
	static final AtomicInteger jobsStarted = new AtomicInteger();

	/** Holds the "hold" jobs until a test opens it. */
	static volatile CountDownLatch gate = new CountDownLatch(0);

	/** Primes the prime worker made, and whether its last stream was closed. */
	static final AtomicLong primesMade = new AtomicLong();

	static volatile boolean primesClosed;

	static void reset() {
		jobsStarted.set(0);
		gate = new CountDownLatch(0);
		primesMade.set(0);
		primesClosed = false;
	}

	/** Squares a number: at once, after a sleep, once the gate opens, or fails. */
	@IpcWorker(group = "jobs", workers = 2)
	static class JobWorker implements IpcHandler<Job, @Nullable Object> {

		private final IpcWorkerContext worker;

		JobWorker(IpcWorkerContext worker) {
			this.worker = worker;
		}

		@Override
		public @Nullable Object handle(Job job) throws Exception {
			jobsStarted.incrementAndGet();
			return switch (job.op()) {
				case "square" -> job.n() * job.n();
				case "sleep" -> {
					Thread.sleep(job.millis());
					yield job.n() * job.n();
				}
				case "hold" -> {
					if (!gate.await(job.millis(), TimeUnit.MILLISECONDS)) {
						throw new IllegalStateException("the gate stayed shut");
					}
					yield job.n() * job.n();
				}
				case "fail" -> throw new IllegalStateException("cannot do job " + job.n());
				case "null" -> null;
				case "index" -> (long) this.worker.index();
				default -> throw new IllegalArgumentException("unknown op " + job.op());
			};
		}

	}

	/** Streams the primes below a bound, one at a time, as the caller asks. */
	@IpcWorker(group = "primes", workers = 1)
	static class PrimeWorker implements IpcStreamHandler<Long, Long> {

		@Override
		public Stream<Long> handle(Long below) throws InterruptedException {
			if (!gate.await(15, TimeUnit.SECONDS)) {
				throw new IllegalStateException("the gate stayed shut");
			}
			primesMade.set(0);
			primesClosed = false;
			return LongStream.range(2, below)
				.filter(PrimeWorker::isPrime)
				.peek((p) -> primesMade.incrementAndGet())
				.boxed()
				.onClose(() -> primesClosed = true);
		}

		private static boolean isPrime(long n) {
			for (long d = 2; d * d <= n; d++) {
				if (n % d == 0) {
					return false;
				}
			}
			return true;
		}

	}

	/** Returns the worker's stream as it comes: server-sent events, or NDJSON. */
	@RestController
	static class PrimeController {

		private final ReactorIpcClient ipc;

		PrimeController(ReactorIpcClient ipc) {
			this.ipc = ipc;
		}

		@GetMapping(path = "/primes",
				produces = { MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_NDJSON_VALUE })
		Flux<Long> primes(@RequestParam long below) {
			return this.ipc.stream("primes", below, Long.class);
		}

		@GetMapping(path = "/squares", produces = MediaType.APPLICATION_NDJSON_VALUE)
		Flux<Long> squares(@RequestParam int count) {
			return this.ipc.map("jobs", Flux.range(1, count).map((n) -> new Job("square", n, 0)), Long.class);
		}

	}

	/**
	 * A job.
	 *
	 * @param op what to do
	 * @param n the number
	 * @param millis how long to sleep, or the longest wait at the gate
	 */
	public record Job(String op, long n, long millis) {

	}

}
