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
package io.github.ipcworker.inprocess;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import io.github.ipcworker.IpcHandler;
import io.github.ipcworker.IpcStreamHandler;
import io.github.ipcworker.IpcWorker;
import io.github.ipcworker.IpcWorkerContext;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the in-process tests: its workers run on threads of the test's JVM.
 * What they record is static, so the tests can see it; the tests run one at a time.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ InProcessApplication.JobWorker.class, InProcessApplication.CountWorker.class })
public class InProcessApplication {

	/** The threads that ran a job handler. */
	static final Set<String> jobThreads = ConcurrentHashMap.newKeySet();

	/** Job handler instances created and destroyed. */
	static final AtomicInteger jobsCreated = new AtomicInteger();

	static final AtomicInteger jobsDestroyed = new AtomicInteger();

	/** Jobs running right now, and the most seen at once. */
	static final AtomicInteger running = new AtomicInteger();

	static final AtomicInteger mostRunning = new AtomicInteger();

	/** Items the count handler made, and whether its last stream was closed. */
	static final AtomicLong produced = new AtomicLong();

	static volatile boolean streamClosed;

	/** The thread that last ran a sleeping job. */
	static volatile Thread lastSleeper;

	/** Does one job: adds, fails, sleeps or answers what cannot be written. */
	@IpcWorker(group = "jobs", workers = 2)
	static class JobWorker implements IpcHandler<Job, Object> {

		private final IpcWorkerContext worker;

		JobWorker(IpcWorkerContext worker) {
			this.worker = worker;
		}

		@PostConstruct
		void begin() {
			jobsCreated.incrementAndGet();
		}

		@PreDestroy
		void end() {
			jobsDestroyed.incrementAndGet();
		}

		@Override
		public Object handle(Job job) throws Exception {
			jobThreads.add(Thread.currentThread().getName());
			int now = running.incrementAndGet();
			mostRunning.accumulateAndGet(now, Math::max);
			try {
				return switch (job.op()) {
					case "add" ->
						new Done(job.a() + job.b(), Thread.currentThread().getName(), System.identityHashCode(this));
					case "fail" -> throw new IllegalStateException("cannot do job " + job.a());
					case "sleep" -> {
						lastSleeper = Thread.currentThread();
						Thread.sleep(job.b());
						yield new Done(job.a(), Thread.currentThread().getName(), System.identityHashCode(this));
					}
					case "unwritable" -> new Unwritable();
					case "index" ->
						new Done(this.worker.index(), Thread.currentThread().getName(), System.identityHashCode(this));
					default -> throw new IllegalArgumentException("unknown op " + job.op());
				};
			}
			finally {
				running.decrementAndGet();
			}
		}

	}

	/** Streams numbers, failing at one of them on demand. */
	@IpcWorker(group = "count", workers = 1)
	static class CountWorker implements IpcStreamHandler<Count, Long> {

		@Override
		public Stream<Long> handle(Count count) {
			produced.set(0);
			streamClosed = false;
			return LongStream.range(0, count.upTo()).mapToObj((i) -> {
				if (i == count.failAt()) {
					throw new IllegalStateException("failed at " + i);
				}
				produced.incrementAndGet();
				return i;
			}).onClose(() -> streamClosed = true);
		}

	}

	/**
	 * A job.
	 *
	 * @param op what to do
	 * @param a first operand
	 * @param b second operand, or how long to sleep in milliseconds
	 */
	public record Job(String op, long a, long b) {

	}

	/**
	 * A job's answer.
	 *
	 * @param value the result
	 * @param thread the thread that did the job
	 * @param instance the identity of the handler instance that did it
	 */
	public record Done(long value, String thread, int instance) {

	}

	/**
	 * A count.
	 *
	 * @param upTo how many items
	 * @param failAt the item that fails, or -1
	 */
	public record Count(long upTo, long failAt) {

	}

	/** An answer Jackson cannot write: its only property fails. */
	static final class Unwritable {

		public String getValue() {
			throw new IllegalStateException("this value cannot be read");
		}

	}

}
